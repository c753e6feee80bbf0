"""Admins lift an account's sign-in lockout (after too many failed sign-ins); audited."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path
from pydantic import BaseModel

from services.common import scope
from services.common.identity import Identity
from services.gateway import audit, sign_in_throttle
from services.gateway.deps import BackendsDep, CurrentIdentity
from services.gateway.errors import ApiError
from services.gateway.schemas.common import refusals

router = APIRouter(prefix="/api/v1/admin", tags=["admin"])

SIGN_IN_LOCKOUT_LIFT = "sign_in_lockout_lift"
Username = Annotated[str, Path(min_length=1, max_length=64)]


class LockoutLifted(BaseModel):
    username: str
    lifted: bool


def _admin(identity: CurrentIdentity) -> Identity:
    if not identity.has_role(scope.ADMIN):
        raise ApiError(403, "permission_denied", "only admins lift sign-in lockouts")
    return identity


@router.post("/sign-in-lockouts/{username}/lift", response_model=LockoutLifted, responses=refusals(401, 403, 422))
async def lift_sign_in_lockout(
    username: Username, backends: BackendsDep, identity: Annotated[Identity, Depends(_admin)]
) -> LockoutLifted:
    """Forgets the account's failed sign-ins, so it may sign in again at once. `lifted` is false
    when there was nothing to forget. The client-wide limit is not lifted: it ages out."""
    windows = await sign_in_throttle.lift(backends, username)
    await audit.append(
        backends.db,
        actor=identity.subject,
        action=SIGN_IN_LOCKOUT_LIFT,
        target=f"user:{username}",
        detail={"failure_windows": windows},
    )
    return LockoutLifted(username=username, lifted=windows > 0)

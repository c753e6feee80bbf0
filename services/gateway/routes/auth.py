"""Sign-in (OAuth2 password form) and who-am-I."""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.security import OAuth2PasswordRequestForm

from services.common.identity import Identity
from services.gateway import users
from services.gateway.deps import BackendsDep, CurrentIdentity
from services.gateway.errors import ApiError
from services.gateway.schemas.auth import MePublic, TokenPublic
from services.gateway.schemas.common import refusals
from services.gateway.security import issue_token, verify_password

router = APIRouter(prefix="/api/v1", tags=["auth"])
log = logging.getLogger("fengqiao.gateway.auth")


@router.post("/auth/token", response_model=TokenPublic, responses=refusals(401, 403, 413, 422))
async def token(backends: BackendsDep, form: Annotated[OAuth2PasswordRequestForm, Depends()]) -> TokenPublic:
    """Exchanges a username and password for a bearer token."""
    async with backends.db.session() as session:
        user = await users.get(session, form.username)
    ok = verify_password(form.password, user.password_hash if user else None)
    if user is None or not ok or not user.is_active:
        log.warning("sign-in refused", extra={"username": form.username[:64]})
        raise ApiError(401, "unauthenticated", "wrong username or password")
    if user.is_demo and backends.settings.environment != "development":
        raise ApiError(403, "permission_denied", "demo identities sign in only in development")
    identity = users.identity_of(user)
    minutes = backends.settings.token_minutes
    return TokenPublic(
        access_token=issue_token(identity, backends.settings.jwt_secret, minutes), expires_in=minutes * 60
    )


@router.get("/me", response_model=MePublic, responses=refusals(401))
async def me(identity: CurrentIdentity) -> MePublic:
    return _public(identity)


def _public(identity: Identity) -> MePublic:
    return MePublic(
        username=identity.subject,
        display_name=identity.display_name,
        roles=list(identity.roles),
        organisations=list(identity.organisations),
    )

"""Sign-in (OAuth2 password form) and who-am-I."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.security import OAuth2PasswordRequestForm

from services.common.identity import Identity
from services.gateway import sessions
from services.gateway.deps import BackendsDep, CurrentIdentity, oauth2
from services.gateway.public import client_of
from services.gateway.schemas.auth import MePublic, TokenPublic
from services.gateway.schemas.common import refusals
from services.gateway.signin import sign_in, token_for

router = APIRouter(prefix="/api/v1", tags=["auth"])


@router.post("/auth/token", response_model=TokenPublic, responses=refusals(401, 403, 413, 422, 429))
async def token(
    request: Request, backends: BackendsDep, form: Annotated[OAuth2PasswordRequestForm, Depends()]
) -> TokenPublic:
    """Exchanges a username and password for a bearer token. After too many failed sign-ins for the
    account or from the client, refused with 429 until they age out or an admin lifts the lockout."""
    identity = await sign_in(backends, form.username, form.password, client_of(request, backends))
    return TokenPublic(access_token=token_for(backends, identity), expires_in=backends.settings.token_minutes * 60)


@router.post("/auth/logout", status_code=204, responses=refusals(401))
async def logout(
    backends: BackendsDep, identity: CurrentIdentity, token: Annotated[str | None, Depends(oauth2)]
) -> None:
    """Ends the session: the bearer token is refused from now on, by every gateway replica."""
    if token:
        await sessions.revoke(backends, token)


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

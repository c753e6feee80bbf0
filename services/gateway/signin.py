"""Signing in, one way for every door: the API's token endpoint, the console's form and the ops form.

Each door decides what a refusal looks like (a JSON error, the form again, a redirect) and where
the token goes (the answer's body, or an HttpOnly cookie); who may sign in is decided here.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Annotated, Literal

from fastapi import Form, Response
from fastapi.responses import RedirectResponse

from services.common.identity import Identity
from services.gateway import sign_in_throttle, users
from services.gateway.deps import Backends
from services.gateway.errors import ApiError
from services.gateway.security import issue_token, verify_password

log = logging.getLogger("fengqiao.gateway.auth")

# The sign-in forms' fields (the console's and the ops pages').
Username = Annotated[str, Form(max_length=64)]
Password = Annotated[str, Form(max_length=200)]


async def sign_in(backends: Backends, username: str, password: str, client: str) -> Identity:
    """The identity of an active user whose password matches; ApiError 401 otherwise (one message
    for an unknown user and a wrong password), 403 for a demo identity outside development, 429
    while the account or the client (its address) is locked out after failed sign-ins."""
    await sign_in_throttle.refuse_when_locked_out(backends, username, client)
    async with backends.db.session() as session:
        user = await users.get(session, username)
    # argon2 costs tens of milliseconds of CPU and releases the GIL: off the event loop, a burst of
    # sign-ins (every caseworker at 8:30) does not stall every other request of this gateway.
    ok = await asyncio.to_thread(verify_password, password, user.password_hash if user else None)
    if user is None or not ok or not user.is_active:
        log.warning("sign-in refused", extra={"username": username[:64], "client": client})
        await sign_in_throttle.count_failure(backends, username, client)
        raise ApiError(401, "unauthenticated", "wrong username or password")
    if user.is_demo and backends.settings.environment != "development":
        raise ApiError(403, "permission_denied", "demo identities sign in only in development")
    return users.identity_of(user)


def token_for(backends: Backends, identity: Identity) -> str:
    """A session token for the identity, valid for the configured minutes."""
    return issue_token(identity, backends.settings.jwt_secret, backends.settings.token_minutes)


def set_session_cookie(
    response: Response, backends: Backends, name: str, identity: Identity, *, samesite: Literal["lax", "strict"]
) -> None:
    """The session token in an HttpOnly cookie that lives as long as the token (Secure in production)."""
    response.set_cookie(
        name,
        token_for(backends, identity),
        max_age=backends.settings.token_minutes * 60,
        httponly=True,
        samesite=samesite,
        secure=backends.settings.environment == "production",
        path="/",
    )


def signed_out(cookie: str, login_page: str) -> RedirectResponse:
    """A form's sign-out: the session cookie deleted, back to the door's sign-in page."""
    response = RedirectResponse(login_page, status_code=303)
    response.delete_cookie(cookie, path="/")
    return response

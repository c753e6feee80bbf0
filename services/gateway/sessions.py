"""Session tokens as the gateway honours them: signed and unexpired, not signed out (a deny-list of
token ids in the gateway's database, so every replica refuses it), and held by a user who still
exists and is active — whose roles and organisations are read now, not trusted from the token."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import jwt
from sqlalchemy import delete, exists
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select

from services.common.clock import utcnow
from services.common.identity import Identity
from services.gateway import users
from services.gateway.errors import ApiError
from services.gateway.models import RevokedToken, User
from services.gateway.security import read_claims

if TYPE_CHECKING:  # deps builds its dependencies on this module
    from services.gateway.deps import Backends

log = logging.getLogger("fengqiao.gateway.auth")


async def identity_of_token(backends: Backends, token: str) -> Identity:
    """The token's user as they are now; ApiError 401 naming why when the token is not honoured."""
    try:
        claims = read_claims(token, backends.settings.jwt_secret)
    except jwt.ExpiredSignatureError as exc:
        raise ApiError(401, "unauthenticated", "the session has expired; sign in again") from exc
    except jwt.InvalidTokenError as exc:
        raise ApiError(401, "unauthenticated", "the session token is not valid; sign in again") from exc
    jti = str(claims.get("jti", ""))
    # One round trip on every request: the user and whether the token is on the deny-list.
    signed_out = exists().where(col(RevokedToken.jti) == jti)
    async with backends.db.session() as session:
        row = (await session.exec(select(User, signed_out).where(col(User.username) == str(claims["sub"])))).first()
        user, revoked = row if row is not None else (None, await session.get(RevokedToken, jti) is not None)
    if revoked or not jti:
        raise ApiError(401, "unauthenticated", "the session has ended (signed out); sign in again")
    if user is None or not user.is_active:
        log.warning("token of a removed or disabled user", extra={"subject": str(claims["sub"])[:64]})
        raise ApiError(401, "unauthenticated", "the account no longer exists or is disabled")
    return users.identity_of(user)


async def revoke(backends: Backends, token: str) -> bool:
    """Puts the token on the deny-list until it would have expired; False when it was no valid token
    (nothing to end). Expired entries are dropped on the way."""
    try:
        claims = read_claims(token, backends.settings.jwt_secret)
    except jwt.InvalidTokenError:
        return False
    jti = str(claims.get("jti", ""))
    if not jti:
        return False
    try:
        async with backends.db.session() as session:
            await session.exec(delete(RevokedToken).where(col(RevokedToken.expires_at) < utcnow()))  # type: ignore[call-overload]
            if await session.get(RevokedToken, jti) is None:
                session.add(RevokedToken(jti=jti, expires_at=datetime.fromtimestamp(int(claims["exp"]), UTC)))
    except IntegrityError:
        pass  # signed out twice at once: the other sign-out listed it
    return True

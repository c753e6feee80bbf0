"""Session tokens as the gateway honours them: signed and unexpired, not signed out (a deny-list of
token ids in the gateway's database, so every replica refuses it), and held by a user who still
exists and is active — whose roles and organisations are read from the database, not trusted from
the token.

Each replica keeps what it read for a token for `identity_cache_seconds` (default 2 s; issue #19:
the read was ~40% of a task request's gateway CPU and one more database round trip on every
request). So:
- a sign-out takes effect at once on the replica that handled it (the token is dropped from its
  cache and remembered as ended there until it expires), and on every other replica within
  `identity_cache_seconds`: a revoked token is never accepted longer than that after its sign-out;
- a user disabled or removed, or whose roles or organisations change, is seen by every replica
  within the same time;
- a token is honoured from the cache only as the same string whose signature was checked when it
  was read, and never past its own expiry.
0 turns the cache off (every request reads the database, as before).
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

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

_SIGNED_OUT = "the session has ended (signed out); sign in again"


class IdentityCache:
    """The identities this replica read for tokens in the last `ttl` seconds (at most `most` of
    them, the oldest dropped first), and the tokens signed out here, until they expire."""

    def __init__(self, most: int = 10_000) -> None:
        self._most = most
        # token → (monotonic time its read began, its expiry in epoch seconds, identity); in order
        # of that time.
        self._honoured: OrderedDict[str, tuple[float, float, Identity]] = OrderedDict()
        # token → its expiry (epoch seconds): signed out on this replica.
        self._ended: dict[str, float] = {}

    def get(self, token: str, ttl: float) -> Identity | None:
        found = self._honoured.get(token)
        if found is None:
            return None
        read_at, expires, identity = found
        if time.monotonic() - read_at >= ttl or time.time() >= expires:
            del self._honoured[token]
            return None
        return identity

    def ended(self, token: str) -> bool:
        return token in self._ended

    def put(self, token: str, read_at: float, expires: float, identity: Identity, ttl: float) -> None:
        """Keeps what a read begun at `read_at` found, unless the token was signed out here since
        (a request under way while its own sign-out commits must not cache it again)."""
        if ttl <= 0 or token in self._ended:
            return
        self._honoured[token] = (read_at, expires, identity)
        self._honoured.move_to_end(token)
        now = time.monotonic()
        while self._honoured:
            oldest, (at, _, _) = next(iter(self._honoured.items()))
            if len(self._honoured) <= self._most and now - at < ttl:
                break
            del self._honoured[oldest]

    def end(self, token: str, expires: float) -> None:
        self._honoured.pop(token, None)
        self._ended[token] = expires
        now = time.time()
        for gone in [t for t, exp in self._ended.items() if exp < now]:
            del self._ended[gone]


async def identity_of_token(backends: Backends, token: str) -> Identity:
    """The token's user as they are now (or up to `identity_cache_seconds` ago); ApiError 401
    naming why when the token is not honoured."""
    cache, ttl = backends.identities, backends.settings.identity_cache_seconds
    # The same token string read a moment ago: its signature was checked then (decoding it again
    # was half of a cached request's identity cost); its expiry is checked by the cache.
    cached = cache.get(token, ttl)
    if cached is not None:
        return cached
    try:
        claims = read_claims(token, backends.settings.jwt_secret)
    except jwt.ExpiredSignatureError as exc:
        raise ApiError(401, "unauthenticated", "the session has expired; sign in again") from exc
    except jwt.InvalidTokenError as exc:
        raise ApiError(401, "unauthenticated", "the session token is not valid; sign in again") from exc
    if cache.ended(token):
        raise ApiError(401, "unauthenticated", _SIGNED_OUT)
    read_at = time.monotonic()
    identity = await _read_identity(backends, claims)
    cache.put(token, read_at, float(claims["exp"]), identity, ttl)
    return identity


async def _read_identity(backends: Backends, claims: dict[str, Any]) -> Identity:
    jti = str(claims.get("jti", ""))
    # One round trip when not cached: the user and whether the token is on the deny-list.
    signed_out = exists().where(col(RevokedToken.jti) == jti)
    async with backends.db.session() as session:
        row = (await session.exec(select(User, signed_out).where(col(User.username) == str(claims["sub"])))).first()
        user, revoked = row if row is not None else (None, await session.get(RevokedToken, jti) is not None)
    if revoked or not jti:
        raise ApiError(401, "unauthenticated", _SIGNED_OUT)
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
    # Refused here from now on, whether or not the deny-list write below is seen yet.
    backends.identities.end(token, float(claims["exp"]))
    try:
        async with backends.db.session() as session:
            await session.exec(delete(RevokedToken).where(col(RevokedToken.expires_at) < utcnow()))  # type: ignore[call-overload]
            if await session.get(RevokedToken, jti) is None:
                session.add(RevokedToken(jti=jti, expires_at=datetime.fromtimestamp(int(claims["exp"]), UTC)))
    except IntegrityError:
        pass  # signed out twice at once: the other sign-out listed it
    return True

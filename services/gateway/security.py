"""Passwords (argon2) and session tokens (JWT, HS256) for people who log in."""

from __future__ import annotations

import functools
import secrets
import time
from typing import Any

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from services.common.identity import Identity

_hasher = PasswordHasher()


@functools.cache
def _dummy_hash() -> str:
    """Verifying against this when the user does not exist keeps the timing of both answers alike.
    Made on first use, not at import: an argon2 hash costs about a second of start-up (issue #19)."""
    return _hasher.hash("no-such-user")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password: str, password_hash: str | None) -> bool:
    try:
        return _hasher.verify(password_hash or _dummy_hash(), password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def issue_token(identity: Identity, secret: str, minutes: int) -> str:
    now = int(time.time())
    claims: dict[str, Any] = {
        "sub": identity.subject,
        "name": identity.display_name,
        "roles": list(identity.roles),
        "orgs": list(identity.organisations),
        "iat": now,
        "exp": now + minutes * 60,
        # The token's own id: signing out puts it on the deny-list (services/gateway/sessions.py).
        "jti": secrets.token_hex(16),
    }
    return jwt.encode(claims, secret, algorithm="HS256")


def read_claims(token: str, secret: str) -> dict[str, Any]:
    """The claims of a validly signed, unexpired token; raises jwt.InvalidTokenError otherwise."""
    claims: dict[str, Any] = jwt.decode(token, secret, algorithms=["HS256"], options={"require": ["sub", "exp"]})
    return claims


def read_token(token: str, secret: str) -> Identity:
    """The identity in a valid token; raises jwt.InvalidTokenError otherwise."""
    claims = read_claims(token, secret)
    return Identity(
        subject=str(claims["sub"]),
        roles=tuple(claims.get("roles", ())),
        organisations=tuple(claims.get("orgs", ())),
        display_name=str(claims.get("name", "")),
    )

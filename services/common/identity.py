"""The caller's identity as it travels from the gateway to the services: signed, short-lived.

The gateway authenticates people (JWT) and liaison systems (API keys), then puts an Identity into
gRPC metadata with an HMAC-SHA256 signature. Every service verifies it again: no trusted hop.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field

IDENTITY_HEADER = "x-fengqiao-identity"
SIGNATURE_HEADER = "x-fengqiao-signature"
REQUEST_ID_HEADER = "x-request-id"
# Long enough for a slow call, short enough that a leaked header is soon useless.
IDENTITY_TTL_SECONDS = 300


class IdentityError(Exception):
    """The identity in a call is missing, forged or expired."""


@dataclass(frozen=True)
class Identity:
    """Who is asking: a user (or the workflow worker), their roles and organisation codes."""

    subject: str
    roles: tuple[str, ...] = ()
    organisations: tuple[str, ...] = ()
    display_name: str = ""
    expires_at: float = field(default=0.0)

    def has_role(self, *roles: str) -> bool:
        return any(r in self.roles for r in roles)

    @property
    def groups(self) -> frozenset[str]:
        """Candidate groups this identity belongs to: "<organisation>:<role>" pairs."""
        return frozenset(f"{o}:{r}" for o in self.organisations for r in self.roles)


SYSTEM_WORKER = Identity(subject="system:workflow-worker", roles=("system",), display_name="workflow worker")
SYSTEM_SERVICE = Identity(subject="system:service", roles=("system",), display_name="service")


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def sign(identity: Identity, key: str, now: float | None = None) -> tuple[str, str]:
    """Returns (identity header value, signature header value), valid for IDENTITY_TTL_SECONDS."""
    issued = time.time() if now is None else now
    body = asdict(identity) | {"expires_at": issued + IDENTITY_TTL_SECONDS}
    payload = _b64(json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode())
    signature = hmac.new(key.encode(), payload.encode(), hashlib.sha256).hexdigest()
    return payload, signature


def verify(payload: str | None, signature: str | None, key: str, now: float | None = None) -> Identity:
    """Checks signature and expiry; raises IdentityError naming what is wrong."""
    if not payload or not signature:
        raise IdentityError("no identity in the call")
    expected = hmac.new(key.encode(), payload.encode(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, signature):
        raise IdentityError("identity signature does not match")
    try:
        body = json.loads(_unb64(payload))
        identity = Identity(
            subject=str(body["subject"]),
            roles=tuple(body.get("roles", ())),
            organisations=tuple(body.get("organisations", ())),
            display_name=str(body.get("display_name", "")),
            expires_at=float(body["expires_at"]),
        )
    except (ValueError, KeyError, TypeError) as exc:
        raise IdentityError("identity is malformed") from exc
    if identity.expires_at < (time.time() if now is None else now):
        raise IdentityError("identity has expired")
    return identity


def metadata_for(identity: Identity, key: str, request_id: str | None = None) -> Sequence[tuple[str, str]]:
    """gRPC metadata that carries the identity (and request id) to a service."""
    payload, signature = sign(identity, key)
    md = [(IDENTITY_HEADER, payload), (SIGNATURE_HEADER, signature)]
    if request_id:
        md.append((REQUEST_ID_HEADER, request_id))
    return md

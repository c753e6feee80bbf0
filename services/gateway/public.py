"""The public edge's helpers: rate limits per client and the identities the public acts under."""

from __future__ import annotations

from fastapi import Request

from services.common import scope
from services.common.identity import Identity
from services.common.logging import request_id_var
from services.gateway.deps import Backends
from services.gateway.errors import ApiError
from services.gateway.ratelimit import RateLimiter

# Members of the public are not signed in: they file and track under these identities, which the
# intake service lets file online complaints and read public views only.
ONLINE_FORM = Identity("public:online-form", (scope.RESIDENT,), (), "网上投诉")
OPEN311_READER = Identity("public:open311", (scope.RESIDENT,), (), "Open311")
TRACKING = Identity("public:tracking", (scope.RESIDENT,), (), "进度查询")


def client_of(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def limit(request: Request, name: str, per_minute: float) -> None:
    """Refuses with 429 and Retry-After when this client has used its share of `name`."""
    limiters: dict[str, RateLimiter] = request.app.state.__dict__.setdefault("rate_limiters", {})
    limiter = limiters.setdefault(name, RateLimiter(per_minute))
    allowed, wait = limiter.allow(client_of(request))
    if not allowed:
        raise ApiError(
            429,
            "rate_limited",
            f"too many requests from this client; try again in {wait:.0f} s",
            {"retry_after_seconds": round(wait, 1)},
        )


def public_metadata(backends: Backends, identity: Identity) -> list[tuple[str, str]]:
    return backends.caller_metadata(identity, request_id_var.get())

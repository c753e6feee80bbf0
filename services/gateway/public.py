"""The public edge's helpers: who the client is, rate limits per client, and the identities the
public acts under."""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from fastapi import Request

from services.common import scope
from services.common.identity import Identity
from services.common.logging import request_id_var
from services.gateway import counters
from services.gateway.deps import Backends
from services.gateway.errors import ApiError

# Members of the public are not signed in: they file and track under these identities, which the
# intake service lets file online complaints and read public views only.
ONLINE_FORM = Identity("public:online-form", (scope.RESIDENT,), (), "网上投诉")
OPEN311_READER = Identity("public:open311", (scope.RESIDENT,), (), "Open311")
TRACKING = Identity("public:tracking", (scope.RESIDENT,), (), "进度查询")

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def trusted_networks(setting: str) -> tuple[Network, ...]:
    """The networks of the trusted_proxies setting (comma-separated addresses or networks)."""
    return tuple(ipaddress.ip_network(part.strip(), strict=False) for part in setting.split(",") if part.strip())


def _is_trusted(address: str, networks: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_address(peer: str, forwarded_for: str, networks: tuple[Network, ...]) -> str:
    """The client behind `peer`: X-Forwarded-For is read only when the peer is a trusted proxy, from
    the right (the entries the proxies themselves appended), skipping trusted proxies; the first
    other address is the client. Anything left of it was written by the client and is not believed."""
    if not _is_trusted(peer, networks):
        return peer
    hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _is_trusted(hop, networks):
            return hop[:64]
    return hops[0][:64] if hops else peer


def client_of(request: Request, backends: Backends) -> str:
    peer = request.client.host if request.client else "unknown"
    networks = trusted_networks(backends.settings.trusted_proxies)
    return client_address(peer, request.headers.get("x-forwarded-for", ""), networks)


async def limit(request: Request, backends: Backends, name: str, per_minute: float) -> None:
    """Refuses with 429 and Retry-After when this client has used its share of `name` this minute.
    Counted in the gateway's database, so the limit holds across replicas."""
    allowed, wait = await counters.sliding_hit(backends.db, f"{name}:{client_of(request, backends)}", 60, per_minute)
    if not allowed:
        raise ApiError(
            429,
            "rate_limited",
            f"too many requests from this client; try again in {wait:.0f} s",
            {"retry_after_seconds": round(wait, 1)},
        )


def public_metadata(backends: Backends, identity: Identity) -> list[tuple[str, str]]:
    return backends.caller_metadata(identity, request_id_var.get())

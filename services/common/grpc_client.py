"""Calling a service: a channel plus the caller's signed identity on every call."""

from __future__ import annotations

import ipaddress

import grpc
from opentelemetry.instrumentation.grpc import aio_client_interceptors

from services.common.identity import Identity, metadata_for


def target(address: str) -> str:
    """The gRPC target of a service address setting: one `host:port` (a cluster's DNS name may
    resolve to every replica), or several replicas as `ip:port,ip:port`, which gRPC takes as an
    `ipv4:` target (issue #12: replicas on one machine, no DNS needed)."""
    parts = [p.strip() for p in address.split(",") if p.strip()]
    if len(parts) <= 1:
        return address.strip()
    for part in parts:
        host, _, port = part.rpartition(":")
        try:
            ipaddress.IPv4Address(host)
        except ValueError:
            raise ValueError(
                f"service address {address!r}: a list of replicas must be IPv4 host:port entries "
                f"({part!r} is not); give one DNS name that resolves to every replica instead"
            ) from None
        if not port.isdigit():
            raise ValueError(f"service address {address!r}: {part!r} has no port")
    return "ipv4:" + ",".join(parts)


def channel(address: str) -> grpc.aio.Channel:
    """An insecure channel inside the deployment; TLS belongs to the mesh or a later setting.
    Every call carries the current trace context to the service. Calls are spread round-robin over
    every address the target resolves to (several replicas), skipping replicas that are down."""
    return grpc.aio.insecure_channel(
        target(address),
        options=[
            ("grpc.lb_policy_name", "round_robin"),
            ("grpc.keepalive_time_ms", 30_000),
            ("grpc.enable_retries", 1),
            # gRPC's default reconnect backoff grows to two minutes, so a service that was away for
            # a while is found again only seconds after it is back (issue #18 saw 12 s of failed
            # filings). Within the deployment, trying each second is cheap: back within 2 s.
            ("grpc.initial_reconnect_backoff_ms", 250),
            ("grpc.min_reconnect_backoff_ms", 250),
            ("grpc.max_reconnect_backoff_ms", 1000),
        ],
        interceptors=aio_client_interceptors(),
    )


class CallerMetadata:
    """Builds fresh signed metadata for each call (signatures expire)."""

    def __init__(self, identity_key: str) -> None:
        self._key = identity_key

    def __call__(self, identity: Identity, request_id: str | None = None) -> list[tuple[str, str]]:
        return list(metadata_for(identity, self._key, request_id))

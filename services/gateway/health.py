"""Health of what the gateway depends on, probed one way for /readyz and the ops health page:
its own database, each gRPC service's standard health check, and Temporal."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import timedelta

from grpc_health.v1 import health_pb2, health_pb2_grpc
from sqlalchemy import text

from services.common.grpc_client import channel
from services.gateway.deps import Backends


@dataclass(frozen=True)
class Component:
    """One dependency: its name, where it is (empty for the gateway's database) and whether it answered."""

    name: str
    address: str
    ok: bool


async def grpc_serving(address: str) -> bool:
    """Whether the gRPC server at `address` reports SERVING for the whole server."""
    async with channel(address) as ch:
        stub = health_pb2_grpc.HealthStub(ch)
        reply = await stub.Check(health_pb2.HealthCheckRequest(service=""), timeout=2)
        return bool(reply.status == health_pb2.HealthCheckResponse.SERVING)


async def probe(backends: Backends) -> list[Component]:
    """Every dependency checked at once; a check that raises or times out is not ok."""
    s = backends.settings

    async def database() -> bool:
        async with backends.db.session() as session:
            await session.exec(text("SELECT 1"))  # type: ignore[call-overload]
        return True

    async def temporal_up() -> bool:
        return bool(await backends.temporal.service_client.check_health(timeout=timedelta(seconds=2)))

    checks = {
        ("database", ""): database(),
        ("intake", s.intake_address): grpc_serving(s.intake_address),
        ("mediation", s.mediation_address): grpc_serving(s.mediation_address),
        ("evaluation", s.evaluation_address): grpc_serving(s.evaluation_address),
        ("temporal", s.temporal_address): temporal_up(),
    }
    results = await asyncio.gather(*checks.values(), return_exceptions=True)
    return [Component(name, address, r is True) for (name, address), r in zip(checks, results, strict=True)]

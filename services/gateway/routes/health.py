"""Liveness and readiness."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from grpc_health.v1 import health_pb2, health_pb2_grpc
from sqlalchemy import text

from services.common import temporal
from services.common.grpc_client import channel
from services.gateway.deps import BackendsDep
from services.gateway.schemas.health import HealthPublic, ReadinessPublic

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=HealthPublic)
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


async def _grpc_serving(address: str) -> bool:
    async with channel(address) as ch:
        stub = health_pb2_grpc.HealthStub(ch)
        reply = await stub.Check(health_pb2.HealthCheckRequest(service=""), timeout=2)
        return bool(reply.status == health_pb2.HealthCheckResponse.SERVING)


@router.get(
    "/readyz",
    response_model=ReadinessPublic,
    responses={503: {"model": ReadinessPublic, "description": "Not ready: a check failed"}},
)
async def readyz(backends: BackendsDep) -> JSONResponse:
    """Ready when the gateway's database, every service and Temporal answer."""
    s = backends.settings

    async def database() -> bool:
        async with backends.db.session() as session:
            await session.exec(text("SELECT 1"))  # type: ignore[call-overload]
        return True

    async def temporal_up() -> bool:
        client = await asyncio.wait_for(temporal.connect(s), timeout=3)
        return bool(await client.service_client.check_health(timeout=timedelta(seconds=2)))

    checks = {
        "database": database(),
        "intake": _grpc_serving(s.intake_address),
        "mediation": _grpc_serving(s.mediation_address),
        "evaluation": _grpc_serving(s.evaluation_address),
        "temporal": temporal_up(),
    }
    results = await asyncio.gather(*checks.values(), return_exceptions=True)
    report: dict[str, Any] = {name: (r is True) for name, r in zip(checks, results, strict=True)}
    ready = all(report.values())
    return JSONResponse(status_code=200 if ready else 503, content={"ready": ready, "checks": report})

"""Liveness and readiness."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from services.gateway import health
from services.gateway.deps import BackendsDep
from services.gateway.schemas.health import HealthPublic, ReadinessPublic

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=HealthPublic)
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get(
    "/readyz",
    response_model=ReadinessPublic,
    responses={503: {"model": ReadinessPublic, "description": "Not ready: a check failed"}},
)
async def readyz(backends: BackendsDep) -> JSONResponse:
    """Ready when the gateway's database, every service and Temporal answer."""
    report = {c.name: c.ok for c in await health.probe(backends)}
    ready = all(report.values())
    return JSONResponse(status_code=200 if ready else 503, content={"ready": ready, "checks": report})

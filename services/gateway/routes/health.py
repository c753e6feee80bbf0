"""Liveness and readiness."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from services.gateway import health
from services.gateway.deps import BackendsDep

router = APIRouter(tags=["health"])


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz")
async def readyz(backends: BackendsDep) -> JSONResponse:
    """Ready when the gateway's database, every service and Temporal answer."""
    report = {c.name: c.ok for c in await health.probe(backends)}
    ready = all(report.values())
    return JSONResponse(status_code=200 if ready else 503, content={"ready": ready, "checks": report})

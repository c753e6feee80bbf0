"""Prometheus /metrics of the gateway: HTTP, audit and ops counters, and the Temporal SDK's metrics."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Response
from prometheus_client import CONTENT_TYPE_LATEST

from services.common.metrics import exposition

router = APIRouter(tags=["health"])


@router.get(
    "/metrics",
    response_class=Response,
    responses={
        200: {
            "description": "Prometheus text exposition",
            "content": {CONTENT_TYPE_LATEST: {"schema": {"type": "string"}}},
        }
    },
)
async def metrics() -> Response:
    return Response(content=await asyncio.to_thread(exposition), media_type=CONTENT_TYPE_LATEST)

"""Runs the gateway: `python -m services.gateway.main`."""

from __future__ import annotations

import asyncio

import uvicorn

from services.common import temporal
from services.common.heap import settle_after_start
from services.common.logging import configure_logging
from services.common.startup import load, refusing
from services.common.tracing import configure_tracing
from services.gateway.app import create_app
from services.gateway.settings import GatewaySettings


def main() -> None:
    settings = load(GatewaySettings)
    configure_logging("gateway", settings.log_level)
    if settings.environment == "production":
        # Issue 12: in production Temporal must answer before the gateway serves (in development
        # it starts while the dev server is still coming up, and /readyz waits).
        asyncio.run(temporal.connect_at_start(settings))
    configure_tracing("gateway", settings.otlp_endpoint)
    app = create_app(settings)
    settle_after_start()  # the app and every module it imports; its lifespan adds little
    uvicorn.run(app, host=settings.host, port=settings.port, log_config=None, access_log=False)


if __name__ == "__main__":
    refusing("gateway", main)

"""Runs the gateway: `python -m services.gateway.main`."""

from __future__ import annotations

import uvicorn

from services.common.logging import configure_logging
from services.common.tracing import configure_tracing
from services.gateway.app import create_app
from services.gateway.settings import GatewaySettings


def main() -> None:
    settings = GatewaySettings()
    configure_logging("gateway", settings.log_level)
    configure_tracing("gateway", settings.otlp_endpoint)
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_config=None, access_log=False)


if __name__ == "__main__":
    main()

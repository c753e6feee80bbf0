"""A gRPC service's process from its settings to SIGTERM: logs, traces, metrics, server, graceful stop.

Each service's composition root (`services/<name>/main.py`) keeps only its own wiring, a `start`
that tests call too; `run` does the rest, the same for every service.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import NamedTuple, Protocol, TypeVar

from grpc import aio

from services.common import temporal
from services.common.db import Database
from services.common.grpc_server import RunningServer, serve_until_signalled, start_server
from services.common.heap import settle_after_start
from services.common.logging import configure_logging
from services.common.metrics import serve_metrics
from services.common.settings import CommonSettings
from services.common.tracing import configure_tracing


class ServiceSettings(Protocol):
    """What `run` and `start_service_server` read of a service's settings class."""

    identity_key: str
    log_level: str
    otlp_endpoint: str | None
    port: int
    grace_seconds: float
    metrics_port: int
    bind_host: str


class Service(Protocol):
    """A started service: its server, and what closes the rest once the server has stopped."""

    @property
    def running(self) -> RunningServer: ...

    async def close(self) -> None: ...


class ServerAndDatabase(NamedTuple):
    """A service that owns nothing but its server and its database."""

    running: RunningServer
    db: Database

    async def close(self) -> None:
        await self.db.dispose()


S = TypeVar("S", bound=ServiceSettings)


async def start_service_server(
    register: Callable[[aio.Server], Sequence[str]], settings: ServiceSettings
) -> RunningServer:
    """`start_server` on the settings' port, identity key and grace period."""
    return await start_server(
        register,
        identity_key=settings.identity_key,
        port=settings.port,
        host=settings.bind_host,
        grace_seconds=settings.grace_seconds,
    )


async def run(name: str, settings: S, start: Callable[[S], Awaitable[Service]]) -> None:
    """Runs the service `name` until SIGINT or SIGTERM: `start` builds it from `settings`."""
    configure_logging(name, settings.log_level)
    if isinstance(settings, CommonSettings) and settings.environment == "production":
        # Issue 12: Temporal answers before anything is served, or the process refuses to start
        # (intake and mediation connect in `start` anyway; evaluation only when it first needs to).
        await temporal.connect_at_start(settings)
    configure_tracing(name, settings.otlp_endpoint)
    serve_metrics(settings.metrics_port, settings.bind_host)
    service = await start(settings)
    settle_after_start()
    logging.getLogger(f"fengqiao.{name}").info("serving", extra={"port": service.running.port})
    await serve_until_signalled(service.running, service.close)

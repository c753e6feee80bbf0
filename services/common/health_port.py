"""A gRPC health port for a process that serves no gRPC of its own: the workflow worker (issue 12).

Kubernetes probes it with its `grpc:` probe type, as it probes the services. Two answers:
- service "" (readiness): SERVING while the process does its work and what it depends on answers —
  for the worker, while it polls and Temporal answers its health check;
- service "liveness": SERVING while the process's event loop runs (a loop stuck in blocking code
  answers nothing, and the probe fails).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc

log = logging.getLogger("fengqiao.health")

LIVENESS = "liveness"
_SERVING = health_pb2.HealthCheckResponse.SERVING
_NOT_SERVING = health_pb2.HealthCheckResponse.NOT_SERVING


@dataclass
class HealthPort:
    server: grpc.aio.Server
    servicer: health.aio.HealthServicer
    port: int
    watcher: asyncio.Task[None] | None = None

    async def set_ready(self, ready: bool) -> None:
        await self.servicer.set("", _SERVING if ready else _NOT_SERVING)

    def watch(self, check: Callable[[], Awaitable[bool]], every: float) -> None:
        """Readiness follows `check` (False or an error: not ready), asked every `every` seconds."""

        async def loop() -> None:
            while True:
                try:
                    ready = bool(await check())
                except Exception as exc:
                    log.warning("not ready", extra={"reason": str(exc)[:200]})
                    ready = False
                await self.set_ready(ready)
                await asyncio.sleep(every)

        self.watcher = asyncio.create_task(loop())

    async def drain(self) -> None:
        """Not ready from now on, whatever the watch would say: the process is stopping."""
        if self.watcher is not None:
            self.watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.watcher
            self.watcher = None
        await self.set_ready(False)

    async def stop(self) -> None:
        """NOT_SERVING for both answers, then the port closes."""
        await self.drain()
        await self.servicer.enter_graceful_shutdown()
        await self.server.stop(1)


async def serve_health(port: int, host: str = "127.0.0.1") -> HealthPort:
    """Starts the health port: alive at once, not ready until `set_ready(True)` or a watch says so."""
    server = grpc.aio.server()
    servicer = health.aio.HealthServicer()
    health_pb2_grpc.add_HealthServicer_to_server(servicer, server)
    bound = server.add_insecure_port(f"{host}:{port}")
    if bound == 0:
        raise OSError(f"cannot bind the health port {host}:{port}")
    await server.start()
    await servicer.set(LIVENESS, _SERVING)
    await servicer.set("", _NOT_SERVING)
    return HealthPort(server=server, servicer=servicer, port=bound)

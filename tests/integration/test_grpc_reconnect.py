"""A service's callers find it again within 2 s of its return (issue #18): after an outage the
channel's reconnect backoff is capped, so calls do not keep failing for many seconds."""

from __future__ import annotations

import asyncio
import time

from grpc import aio
from grpc_health.v1 import health, health_pb2, health_pb2_grpc

from deploy.local.stack import free_port
from services.common.grpc_client import channel


async def test_a_channel_reconnects_within_two_seconds_of_the_service_returning() -> None:
    port = free_port()
    client = channel(f"127.0.0.1:{port}")
    stub = health_pb2_grpc.HealthStub(client)
    # The service is away for 20 s: gRPC's default backoff (1 s, ×1.6, up to 120 s) has grown to
    # about 10 s by then, so its next attempt would come seconds after the service is back.
    away_until = time.monotonic() + 20
    while time.monotonic() < away_until:
        try:
            await stub.Check(health_pb2.HealthCheckRequest(), timeout=0.2)
        except aio.AioRpcError:
            await asyncio.sleep(0.1)
    server = aio.server()
    health_pb2_grpc.add_HealthServicer_to_server(health.aio.HealthServicer(), server)
    server.add_insecure_port(f"127.0.0.1:{port}")
    await server.start()
    back = time.monotonic()
    try:
        while True:
            try:
                await stub.Check(health_pb2.HealthCheckRequest(), timeout=0.2)
                break
            except aio.AioRpcError:
                assert time.monotonic() - back < 2.0, "the caller did not find the service again within 2 s"
                await asyncio.sleep(0.05)
        print(f"found again after {time.monotonic() - back:.2f} s")
    finally:
        await client.close()
        await server.stop(None)

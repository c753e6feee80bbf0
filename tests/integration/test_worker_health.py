"""The worker's gRPC health port, what Kubernetes probes (issue 12): a real worker process against
a real Temporal dev server — ready once it polls and Temporal answers, alive while its loop runs,
not ready and gone after SIGTERM."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc
from temporalio.client import Client

from services.common.health_port import LIVENESS

ROOT = Path(__file__).resolve().parents[2]
SERVING = health_pb2.HealthCheckResponse.SERVING


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def status(port: int, service: str) -> int | None:
    """The health answer for `service`, or None while nothing answers."""
    try:
        async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as ch:
            reply = await health_pb2_grpc.HealthStub(ch).Check(
                health_pb2.HealthCheckRequest(service=service), timeout=2
            )
            return int(reply.status)
    except grpc.aio.AioRpcError:
        return None


async def until_serving(port: int, service: str, proc: subprocess.Popen[bytes], timeout: float) -> float:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        assert proc.poll() is None, f"the worker exited with {proc.returncode}"
        if await status(port, service) == SERVING:
            return time.monotonic() - started
        await asyncio.sleep(0.2)
    raise TimeoutError(f"health {service!r} not SERVING after {timeout}s")


async def test_the_worker_is_ready_while_it_polls_and_stops_cleanly(temporal_dev: Client) -> None:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("FENGQIAO_")} | {
        "FENGQIAO_TEMPORAL_ADDRESS": temporal_dev.service_client.config.target_host,
        "FENGQIAO_TEMPORAL_NAMESPACE": temporal_dev.namespace,
        # A queue of its own: this worker takes no other test's tasks.
        "FENGQIAO_TEMPORAL_TASK_QUEUE": f"health-{uuid.uuid4().hex[:8]}",
        "FENGQIAO_WORKER_HEALTH_PORT": str(port),
        "FENGQIAO_WORKER_HEALTH_CHECK_SECONDS": "0.5",
        "FENGQIAO_WORKER_METRICS_PORT": "0",
    }
    proc = subprocess.Popen([sys.executable, "-m", "deploy.entrypoint", "worker"], cwd=ROOT, env=env)
    try:
        await until_serving(port, LIVENESS, proc, 60)
        await until_serving(port, "", proc, 30)
        proc.send_signal(signal.SIGTERM)
        # Not ready at once (out of the Service's endpoints) and never again; then it exits.
        signalled = time.monotonic()
        while await status(port, "") == SERVING:
            assert time.monotonic() - signalled < 2, "still ready 2 s after SIGTERM"
            await asyncio.sleep(0.05)
        while proc.poll() is None:
            assert await status(port, "") != SERVING
            assert time.monotonic() - signalled < 20, "still running 20 s after SIGTERM"
            await asyncio.sleep(0.1)
        assert proc.returncode == 0
        assert await status(port, LIVENESS) is None
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()

"""Intake throughput: complaints per second through the gateway, against bare Temporal workflow
starts on the same Temporal in the same run (issue #6; target ratio ≥ 0.8).

    .venv/bin/python -m benchmarks.intake_throughput [--rates 4,8,12,16,20,24,28] [--seconds 15]

Starts the embedded stack (Temporal dev server, three services, worker, gateway; SQLite; random
ports) in a temporary folder, then for each offered rate drives the load open-loop for the given
seconds and waits for the stragglers. A rate is sustained when at least 95% of it is achieved,
nothing fails and the 95th-percentile latency stays under the bound. The same procedure runs for
bare `start_workflow` calls (a workflow type no worker polls: the cost of starting alone), then for
complaints, each filed as a fresh case: `POST /api/v1/complaints` with a caseworker's token — JWT
check, gRPC to intake, validation, registry look-up, category suggestion, duplicate check, the case
stored, and its DisputeCaseWorkflow started. That ladder runs twice: first with the workflow
worker running every case workflow (triage task, timeline events — the whole system's cost on this
machine), then with the worker stopped, so complaints and bare starts compare like with like:
admission only, workflows left waiting in Temporal. Each ladder prints the CPU milliseconds every
stack process spent per call. Not a test: it prints figures for the README.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import httpx
from temporalio.client import Client

from deploy.local.stack import Stack, StackConfig

CONTENTS = [
    "楼道漏水好几天了，墙皮都泡掉了",
    "电梯又坏了，老人下不了楼",
    "小区垃圾没人清运，味道很大",
    "有人把车停在消防通道上",
    "楼下饭店油烟直排到窗户里",
    "广场舞音响太吵，晚上十点还没停",
    "暖气不热，室温只有十四度",
    "物业费涨价没有公示",
]


@dataclass
class Step:
    offered: float
    sent: int
    ok: int
    failed: int
    elapsed: float
    p50: float
    p95: float

    @property
    def achieved(self) -> float:
        return self.ok / self.elapsed if self.elapsed else 0.0

    def sustained(self, max_p95: float) -> bool:
        return self.failed == 0 and self.achieved >= 0.95 * self.offered and self.p95 <= max_p95


async def drive(rate: float, seconds: float, call: Callable[[int], Awaitable[bool]]) -> Step:
    """Open loop: one call every 1/rate seconds for `seconds`, whatever the answers' pace."""
    latencies: list[float] = []
    failures = 0

    async def one(i: int) -> None:
        nonlocal failures
        started = time.perf_counter()
        try:
            good = await call(i)
        except Exception:
            good = False
        if good:
            latencies.append(time.perf_counter() - started)
        else:
            failures += 1

    total = int(rate * seconds)
    begin = time.perf_counter()
    tasks = []
    for i in range(total):
        delay = begin + i / rate - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(i)))
    await asyncio.gather(*tasks)
    # From the first call to the last answer: a backlog that outlives the offer shows as a lower rate.
    elapsed = max(time.perf_counter() - begin, seconds)
    ordered = sorted(latencies) or [float("inf")]
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    return Step(rate, total, len(latencies), failures, elapsed, statistics.median(ordered), p95)


def cpu_seconds(stack: Stack) -> dict[str, float]:
    """User+system CPU seconds of each stack process so far (Linux /proc; empty elsewhere)."""
    ticks = os.sysconf("SC_CLK_TCK")
    result: dict[str, float] = {}
    for name, proc in stack.procs:
        try:
            fields = Path(f"/proc/{proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        result[name] = (int(fields[11]) + int(fields[12])) / ticks
    return result


async def ladder(
    name: str, rates: list[float], seconds: float, max_p95: float, call: Callable[[int], Awaitable[bool]], stack: Stack
) -> float:
    """Climbs the rates until one is not sustained; returns the best achieved sustained rate.
    Prints the CPU each stack process spent per successful call over the whole ladder."""
    best = 0.0
    before, done = cpu_seconds(stack), 0
    print(f"\n{name}")
    print(f"{'offered/s':>10} {'achieved/s':>11} {'ok':>6} {'failed':>7} {'p50 ms':>8} {'p95 ms':>8}  sustained")
    for rate in rates:
        step = await drive(rate, seconds, call)
        held = step.sustained(max_p95)
        print(
            f"{rate:>10.0f} {step.achieved:>11.1f} {step.ok:>6} {step.failed:>7} "
            f"{step.p50 * 1000:>8.0f} {step.p95 * 1000:>8.0f}  {'yes' if held else 'no'}"
        )
        done += step.ok
        if not held:
            break
        best = max(best, step.achieved)
        await asyncio.sleep(2)  # let the worker drain what this step started
    await asyncio.sleep(2)
    after = cpu_seconds(stack)
    if done:
        spent = {n: (after[n] - before.get(n, 0.0)) * 1000 / done for n in after}
        print("CPU ms per call: " + ", ".join(f"{n} {ms:.1f}" for n, ms in spent.items() if ms >= 0.05))
    return best


async def run(rates: list[float], seconds: float, max_p95: float) -> None:
    with tempfile.TemporaryDirectory(prefix="fengqiao-bench-") as tmp:
        data = Path(tmp)
        config = StackConfig.random_ports(
            data,
            temporal_ui=False,
            log_dir=data / "logs",
            # Every complaint must open its own case (and workflow) to compare like with like.
            extra_env={"FENGQIAO_INTAKE_DUPLICATE_WINDOW_HOURS": "0"},
        )
        stack = Stack(config)
        print("starting the embedded stack …", file=sys.stderr)
        stack.start(seed=True)
        try:
            temporal = await Client.connect(config.temporal_address)
            queue = f"bench-bare-{uuid.uuid4().hex[:8]}"
            run_id = uuid.uuid4().hex[:8]

            async def bare_start(i: int) -> bool:
                await temporal.start_workflow(
                    "BenchmarkNoop", id=f"bench-{run_id}-{i}-{time.time_ns()}", task_queue=queue
                )
                return True

            gateway = f"http://127.0.0.1:{config.gateway_port}"
            limits = httpx.Limits(max_connections=200, max_keepalive_connections=200)
            async with httpx.AsyncClient(base_url=gateway, timeout=30, limits=limits) as http:
                login = await http.post(
                    "/api/v1/auth/token", data={"username": "xiadong.caseworker", "password": "fengqiao-demo"}
                )
                headers = {"Authorization": f"Bearer {login.json()['access_token']}"}

                async def file(i: int) -> bool:
                    body = {
                        "channel": "online",
                        "community": f"CM-OLD-{i % 75 + 1:03d}",
                        "address": "1号楼",
                        "content": CONTENTS[i % len(CONTENTS)],
                        "complainant": {"name": "测试", "phone": f"139{i % 100000000:08d}"},
                    }
                    reply = await http.post(
                        "/api/v1/complaints",
                        json=body,
                        headers=headers | {"Idempotency-Key": f"{run_id}-{i}-{time.time_ns()}"},
                    )
                    return reply.status_code == 201

                # Warm both paths (connections, caches, jieba's dictionary) before measuring.
                await drive(5, 2, bare_start)
                await drive(5, 2, file)
                bare = await ladder("bare Temporal workflow starts", rates, seconds, max_p95, bare_start, stack)
                intake = await ladder(
                    "complaints through the gateway (worker running each case workflow)",
                    rates,
                    seconds,
                    max_p95,
                    file,
                    stack,
                )
                # Admission alone, like the bare starts: the case workflows wait in Temporal unexecuted.
                worker = next(proc for name, proc in stack.procs if name == "worker")
                worker.send_signal(signal.SIGTERM)
                worker.wait(timeout=30)
                admission = await ladder(
                    "complaints through the gateway (worker stopped: admission only)",
                    rates,
                    seconds,
                    max_p95,
                    file,
                    stack,
                )
        finally:
            stack.stop()
    print(f"\nmachine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the end")
    print(f"sustained bare workflow starts: {bare:.1f}/s")
    for label, rate in (("with the worker running", intake), ("admission only", admission)):
        ratio = rate / bare if bare else 0.0
        print(f"sustained complaints/s {label}: {rate:.1f}; ratio to bare starts {ratio:.2f} (target ≥ 0.8)")
    if rates and bare >= 0.95 * rates[-1]:
        print("note: bare starts held the highest offered rate; raise --rates to find their ceiling")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--rates", default="4,8,12,14,16,18,20,22,24,26,28,30,35,40", help="offered rates per second, ascending"
    )
    parser.add_argument("--seconds", type=float, default=15.0, help="how long each rate is offered")
    parser.add_argument("--max-p95", type=float, default=1.0, help="latency bound (s) for a sustained rate")
    args = parser.parse_args()
    asyncio.run(run([float(r) for r in args.rates.split(",")], args.seconds, args.max_p95))


if __name__ == "__main__":
    main()

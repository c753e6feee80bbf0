"""Worker memory per cached open case and sandbox CPU per new run, the SDK's default sandbox (the
anchor) beside the worker's (pure modules passed through, workflows/sandbox.py), and the worker's
resident memory holding a city's open cases (issue 19, deliverable 4).

    .venv/bin/python -m benchmarks.worker_cache [--cases 400] [--rounds 2] [--city 10000]

Each measurement runs in a process of its own (so one sandbox's freed memory does not flatter the
other): a worker on Temporal's time-skipping test server with the stand-in activities of
tests/workflows, running DisputeCaseWorkflow. After 20 warm-up cases, `--cases` open cases are
started, 20 at a time, each until its triage task is open (so each is waiting, cached, the way an
open case waits for its next step). Printed per case: the process's resident memory growth (the
worker, the SDK core's cache of the run and the test client's few objects), the CPU the worker
thread spent creating the run's sandbox (`create_instance`, timed by thread CPU), and the whole
process's CPU. `--city N` then starts N open cases into a worker whose cache holds N and prints its
resident memory, with the SDK's own cache counters (misses and forced evictions must be 0).
"""

from __future__ import annotations

import argparse
import asyncio
import ctypes
import gc
import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

from temporalio.client import WorkflowHandle
from temporalio.runtime import MetricBuffer, Runtime, TelemetryConfig
from temporalio.service import RPCError
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker, WorkflowInstance, WorkflowInstanceDetails
from temporalio.worker.workflow_sandbox import SandboxedWorkflowRunner

from benchmarks.long_case import rss_bytes
from contracts.case import STATUS_QUERY, CaseInput, CaseState
from services.common import temporal as temporal_setup
from tests.workflows.fakes import FakeServices
from workflows.case.workflows import DisputeCaseWorkflow
from workflows.sandbox import strict_runner, workflow_runner

WARM = 20
AT_ONCE = 20
TARGET_KB = 100
CITY_TARGET_BYTES = 1024**3
SANDBOX_CPU: list[float] = []  # seconds of thread CPU per create_instance


def settled_rss() -> int:
    """Resident memory once Python's garbage is collected and glibc has handed freed pages back
    (malloc_trim), so the figure is what the process holds, not what it happened to free last."""
    gc.collect()
    ctypes.CDLL("libc.so.6").malloc_trim(0)
    return rss_bytes()


class TimedRunner(SandboxedWorkflowRunner):
    """The same sandbox, its `create_instance` (a new run's sandbox and workflow object) timed."""

    def create_instance(self, det: WorkflowInstanceDetails) -> WorkflowInstance:
        started = time.thread_time()
        try:
            return super().create_instance(det)
        finally:
            SANDBOX_CPU.append(time.thread_time() - started)


def runner(mode: str) -> TimedRunner:
    base = workflow_runner() if mode == "worker" else strict_runner()
    return TimedRunner(restrictions=base.restrictions)


class CacheCounters:
    """The SDK core's workflow cache metrics, drained from its metric buffer as they come."""

    NAMES = ("sticky_cache_hit", "sticky_cache_miss", "sticky_cache_total_forced_eviction")

    def __init__(self, buffer: MetricBuffer) -> None:
        self.buffer = buffer
        self.counts: dict[str, float] = dict.fromkeys(self.NAMES, 0)
        self.size = 0.0

    def drain(self) -> None:
        for update in self.buffer.retrieve_updates():
            name = update.metric.name.removeprefix("temporal_")
            if name in self.counts:
                self.counts[name] += update.value  # counters arrive as deltas
            elif name == "sticky_cache_size":
                self.size = update.value


async def triage_open(handle: WorkflowHandle[DisputeCaseWorkflow, str]) -> None:
    """Until the case's triage task is open; a query that times out on a loaded machine is asked again."""
    for _ in range(600):
        try:
            state: CaseState = await handle.query(STATUS_QUERY, result_type=CaseState)
            if any(t.endswith(":triage") for t in state.open_tasks):
                return
        except RPCError:
            pass
        await asyncio.sleep(0.1)
    raise AssertionError(f"{handle.id}: no triage task")


async def open_cases(
    env: WorkflowEnvironment, queue: str, count: int, counters: CacheCounters, progress: int = 0
) -> None:
    async def one() -> None:
        case_no = f"DJ-2026-{uuid.uuid4().int % 1_000_000:06d}"
        case = CaseInput(case_no, "CM-DFSJ", "NB-XIADONG", "PC-DFSJ", "leak", "online", street_center_code="SC-DONGJIE")
        handle = await env.client.start_workflow(
            DisputeCaseWorkflow.run, case, id=f"case-{case_no}-{uuid.uuid4().hex[:6]}", task_queue=queue
        )
        await triage_open(handle)

    for start in range(0, count, AT_ONCE):
        await asyncio.gather(*(one() for _ in range(min(AT_ONCE, count - start))))
        counters.drain()
        done = start + min(AT_ONCE, count - start)
        if progress and done % progress == 0:
            c = counters.counts
            print(
                f"  progress: {done} cases, RSS {settled_rss() / 1024**2:.0f} MiB, cached {counters.size:.0f}, "
                f"misses {c['sticky_cache_miss']:.0f}, forced evictions {c['sticky_cache_total_forced_eviction']:.0f}",
                file=sys.stderr,
                flush=True,
            )


async def measure(mode: str, cases: int, cache: int, progress: int = 0) -> dict[str, Any]:
    buffer = MetricBuffer(100_000)
    env = await WorkflowEnvironment.start_time_skipping(
        test_server_existing_path=str(Path(sys.executable).parent / "temporal-test-server"),
        runtime=Runtime(telemetry=TelemetryConfig(metrics=buffer)),
    )
    counters = CacheCounters(buffer)
    try:
        await temporal_setup.register_search_attributes(env.client, env.client.namespace)
        fake, queue = FakeServices(), f"cache-{uuid.uuid4().hex[:8]}"
        async with Worker(
            env.client,
            task_queue=queue,
            workflows=[DisputeCaseWorkflow],
            activities=fake.activities(),
            max_cached_workflows=cache,
            workflow_runner=runner(mode),
        ):
            await open_cases(env, queue, WARM, counters)  # code paths, pools and imports in place
            SANDBOX_CPU.clear()
            rss_before, cpu_before, started = settled_rss(), time.process_time(), time.monotonic()
            await open_cases(env, queue, cases, counters, progress)
            cpu_after, seconds, rss_after = time.process_time(), time.monotonic() - started, settled_rss()
            counters.drain()
            return {
                "mode": mode,
                "cases": cases,
                "cache": cache,
                "rss_before": rss_before,
                "rss_after": rss_after,
                "rss_per_case": (rss_after - rss_before) / cases,
                "sandbox_cpu_per_run": sum(SANDBOX_CPU) / len(SANDBOX_CPU),
                "runs": len(SANDBOX_CPU),
                "cpu_per_case": (cpu_after - cpu_before) / cases,
                "seconds": seconds,
                "cached": counters.size,
                **counters.counts,
            }
    finally:
        await env.shutdown()


def child(mode: str, cases: int, cache: int, progress: int = 0) -> dict[str, Any]:
    """One measurement in a fresh process; its last line of output is the JSON result. With
    `progress`, its progress lines (every that many cases) are printed as they come."""
    command = [sys.executable, "-m", "benchmarks.worker_cache", "--child", mode, "--cases", str(cases)]
    command += ["--cache", str(cache), "--progress", str(progress)]
    done = subprocess.run(
        command, stdout=subprocess.PIPE, stderr=None if progress else subprocess.PIPE, text=True, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{done.stdout}\n{(done.stderr or '')[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def uptime() -> str:
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


def compare(cases: int, rounds: int) -> bool:
    print(f"{cases} open cases per process after {WARM} warm-up; anchor = the SDK's default sandbox")
    print("| round | sandbox | memory per cached case | sandbox CPU per new run | process CPU per case | load |")
    print("|---|---|---|---|---|---|")
    results: dict[str, list[dict[str, Any]]] = {"strict": [], "worker": []}
    for n in range(1, rounds + 1):
        for mode in ("strict", "worker"):
            load = uptime()
            r = child(mode, cases, cases + WARM)
            results[mode].append(r)
            name = "anchor: default (module re-imported per run)" if mode == "strict" else "worker: passthrough"
            print(
                f"| {n} | {name} | {r['rss_per_case'] / 1024:.1f} kB | {r['sandbox_cpu_per_run'] * 1000:.2f} ms "
                f"| {r['cpu_per_case'] * 1000:.1f} ms | {load} |"
            )
    worst_kb = max(r["rss_per_case"] for r in results["worker"]) / 1024
    anchor_cpu = min(r["sandbox_cpu_per_run"] for r in results["strict"])
    worker_cpu = max(r["sandbox_cpu_per_run"] for r in results["worker"])
    print(
        f"memory per cached case, worst run: {worst_kb:.1f} kB (target ≤ {TARGET_KB} kB): "
        f"{'met' if worst_kb <= TARGET_KB else 'MISSED'}"
    )
    print(
        f"sandbox CPU per new run, worst against the anchor's best: {worker_cpu * 1000:.2f} ms vs "
        f"{anchor_cpu * 1000:.2f} ms = {worker_cpu / anchor_cpu:.2f}× (target ≤ 0.5×): "
        f"{'met' if worker_cpu <= anchor_cpu / 2 else 'MISSED'}"
    )
    return worst_kb <= TARGET_KB and worker_cpu <= anchor_cpu / 2


def city(cases: int) -> bool:
    load = uptime()
    r = child("worker", cases - WARM, cases, progress=500)
    mib = 1024 * 1024
    print(
        f"\ncity: {cases} open cases ({WARM} warm-up + {r['cases']}) in one worker, cache {r['cache']}, "
        f"{r['seconds']:.0f} s to start them (load {load} → {uptime()})"
    )
    print(
        f"  worker process RSS {r['rss_after'] / mib:.0f} MiB ({r['rss_before'] / mib:.0f} MiB before the cases, "
        f"{r['rss_per_case'] / 1024:.1f} kB per case); cached {r['cached']:.0f}, cache hits {r['sticky_cache_hit']:.0f}, "
        f"misses {r['sticky_cache_miss']:.0f}, forced evictions {r['sticky_cache_total_forced_eviction']:.0f}"
    )
    ok = r["rss_after"] <= CITY_TARGET_BYTES and r["sticky_cache_miss"] == 0
    ok = ok and r["sticky_cache_total_forced_eviction"] == 0
    print(f"  target ≤ 1 GiB RSS with no cache misses or evictions: {'met' if ok else 'MISSED'}")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=400, help="open cases per measurement")
    parser.add_argument("--rounds", type=int, default=2, help="anchor and worker measured this many times each")
    parser.add_argument("--city", type=int, default=0, help="open cases held by one worker (0: skip)")
    parser.add_argument("--child", choices=["strict", "worker"], help=argparse.SUPPRESS)
    parser.add_argument("--cache", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--progress", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(asyncio.run(measure(args.child, args.cases, args.cache, args.progress))), flush=True)
        os._exit(0)  # not through interpreter teardown: the SDK runtime's threads may still hold the GIL

    print("load average:", uptime())
    ok = compare(args.cases, args.rounds) if args.rounds else True
    if args.city:
        ok = city(args.city) and ok
    print("load average:", uptime())
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

"""Claim + complete through the gateway against a bare Temporal update, one run, one server
(issue #19; target: claim + complete p99 ≤ 1.5× the bare update's p99).

    .venv/bin/python -m benchmarks.completion_latency [--cases 200] [--sqlite]

Starts the embedded stack (Temporal dev server, services, worker, gateway; fresh PostgreSQL
databases unless --sqlite; random ports), files the cases and waits until each one's triage task
is in the caseworker's group inbox. Then, one after another and interleaved so both see the same
machine: a bare update — `execute_update` on a trivial workflow whose handler returns at once, its
worker in this process, on the stack's Temporal — and a caseworker's claim of a triage task
followed by its completion as resolved on the spot (`POST …/claim`, `POST …/complete`: JWT check,
gRPC to mediation, the Temporal update the case workflow answers, the task row written from the
answer). Prints both latencies' percentiles side by side with the ratio. Not a test: it prints
figures for the README.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import time
import uuid

import httpx
from temporalio.client import Client
from temporalio.worker import Worker

from benchmarks.bare_workflows import BareUpdateWorkflow
from benchmarks.intake_throughput import CONTENTS, bench_stack, cpu_seconds
from benchmarks.spread import sign_in
from deploy.local.stack import Stack


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)

    def at(q: float) -> float:
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000

    return {"p50": statistics.median(ordered) * 1000, "p95": at(0.95), "p99": at(0.99), "max": ordered[-1] * 1000}


async def file_cases(http: httpx.AsyncClient, headers: dict[str, str], count: int, tag: str) -> list[str]:
    cases = []
    for i in range(count):
        body = {
            "channel": "online",
            "community": "东方世家",  # in the caseworker's neighbourhood (NB-XIADONG)
            "address": "1号楼",
            "content": CONTENTS[i % len(CONTENTS)],
            "complainant": {"name": "测试", "phone": f"139{i:08d}"},
        }
        reply = await http.post("/api/v1/complaints", json=body, headers=headers | {"Idempotency-Key": f"{tag}-{i}"})
        reply.raise_for_status()
        cases.append(reply.json()["case_no"])
    return cases


async def triage_task(http: httpx.AsyncClient, headers: dict[str, str], case_no: str) -> str:
    params = {"view": "group", "case_no": case_no, "kind": "triage"}
    for _ in range(600):
        reply = await http.get("/api/v1/tasks", params=params, headers=headers)
        tasks = reply.json().get("tasks", []) if reply.status_code == 200 else []
        if tasks:
            return str(tasks[0]["id"])
        await asyncio.sleep(0.1)
    raise RuntimeError(f"no triage task for {case_no}")


def start_profilers(stack: Stack, folder: str | None) -> list[subprocess.Popen[bytes]]:
    """py-spy (when asked, and installed beside this Python) recording the gateway and mediation
    while the pairs run, as collapsed stacks in `folder`/<process>.txt (flame-graph input)."""
    if folder is None:
        return []
    spy = shutil.which("py-spy", path=os.path.dirname(sys.executable)) or shutil.which("py-spy")
    if spy is None:
        raise SystemExit("--py-spy needs py-spy: .venv/bin/pip install py-spy")
    os.makedirs(folder, exist_ok=True)
    return [
        subprocess.Popen(
            [
                spy,
                "record",
                "--nonblocking",
                "--format",
                "raw",
                "-r",
                "200",
                "-p",
                str(proc.pid),
                "-o",
                f"{folder}/{name}.txt",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for name, proc in stack.procs
        if name in ("gateway", "mediation")
    ]


def stop_profilers(profilers: list[subprocess.Popen[bytes]]) -> None:
    for spy in profilers:
        spy.send_signal(2)  # py-spy writes its file on SIGINT
    for spy in profilers:
        spy.wait(30)


async def measure(stack: Stack, cases: int, warm: int, pause: float, profile: str | None) -> None:
    config = stack.config
    temporal = await Client.connect(config.temporal_address)
    queue = f"bench-update-{uuid.uuid4().hex[:8]}"
    async with Worker(temporal, task_queue=queue, workflows=[BareUpdateWorkflow]):
        bare = await temporal.start_workflow(BareUpdateWorkflow.run, id=f"bench-update-{queue}", task_queue=queue)
        gateway = f"http://127.0.0.1:{config.gateway_port}"
        async with httpx.AsyncClient(base_url=gateway, timeout=30) as http:
            headers = await sign_in(http, "xiadong.caseworker")
            print(f"filing {cases + warm} cases …", file=sys.stderr)
            filed = await file_cases(http, headers, cases + warm, uuid.uuid4().hex[:8])
            tasks = list(await asyncio.gather(*(triage_task(http, headers, case_no) for case_no in filed)))
            await asyncio.sleep(2)  # the worker idle again: every case waits on its triage task
            updates: list[float] = []
            completions: list[float] = []
            claims: list[float] = []
            print(f"measuring {cases} of each, interleaved (after {warm} to warm up) …", file=sys.stderr)
            profilers = start_profilers(stack, profile)
            cpu_before = cpu_seconds(stack)
            for i, task_id in enumerate(tasks):
                if i == warm:
                    cpu_before = cpu_seconds(stack)
                started = time.perf_counter()
                assert await bare.execute_update(BareUpdateWorkflow.touch, i) == i
                update = time.perf_counter() - started
                started = time.perf_counter()
                claim = await http.post(f"/api/v1/tasks/{task_id}/claim", headers=headers)
                claim.raise_for_status()
                claimed = time.perf_counter() - started
                body = {"outcome": "resolved_on_spot", "form": {"note": "已联系物业维修，现场确认不再漏水"}}
                done = await http.post(f"/api/v1/tasks/{task_id}/complete", json=body, headers=headers)
                done.raise_for_status()
                completion = time.perf_counter() - started
                assert done.json()["status"] == "completed", done.text
                if i >= warm:
                    updates.append(update)
                    completions.append(completion)
                    claims.append(claimed)
                # The case's next step (reply, callback task) runs now: measure on a quiet stack.
                await asyncio.sleep(pause)
            await asyncio.sleep(2)  # the last case's next step
            stop_profilers(profilers)
            spent = {
                n: (t - cpu_before.get(n, 0.0)) * 1000 / max(1, len(updates)) for n, t in cpu_seconds(stack).items()
            }
        await bare.signal(BareUpdateWorkflow.stop)
        await bare.result()
    report(updates, completions, claims)
    print(
        "CPU ms per pair (bare update + claim + complete + the case's next step): "
        + ", ".join(f"{n} {ms:.1f}" for n, ms in spent.items() if ms >= 0.05)
    )


def report(updates: list[float], completions: list[float], claims: list[float]) -> None:
    bare, ours, claim = percentiles(updates), percentiles(completions), percentiles(claims)
    print(f"\n{'ms':<6} {'bare update':>12} {'claim + complete':>17} {'ratio':>7}   {'of which claim':>14}")
    for name in ("p50", "p95", "p99", "max"):
        ratio = ours[name] / bare[name]
        print(f"{name:<6} {bare[name]:>12.1f} {ours[name]:>17.1f} {ratio:>7.2f}   {claim[name]:>14.1f}")
    ratio = ours["p99"] / bare["p99"]
    verdict = "ok" if ratio <= 1.5 else "missed"
    print(f"\nclaim + complete p99 / bare update p99 = {ratio:.2f} (target ≤ 1.5: {verdict}; anchor 2.8–3.2)")
    load = os.getloadavg()
    print(f"samples: {len(updates)} of each; load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} at the end")


async def run(cases: int, warm: int, pause: float, sqlite: bool, profile: str | None) -> None:
    async with bench_stack("complbench", postgres=not sqlite) as stack:
        await measure(stack, cases, warm, pause, profile)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=200, help="claim + complete pairs measured")
    parser.add_argument("--warm", type=int, default=10, help="pairs first, not measured")
    parser.add_argument("--pause", type=float, default=0.5, help="seconds between pairs (the case's next step)")
    parser.add_argument("--sqlite", action="store_true", help="the services on SQLite instead of PostgreSQL")
    parser.add_argument("--py-spy", metavar="DIR", help="profile the gateway and mediation into DIR (needs py-spy)")
    args = parser.parse_args()
    asyncio.run(run(args.cases, args.warm, args.pause, args.sqlite, args.py_spy))


if __name__ == "__main__":
    main()

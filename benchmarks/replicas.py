"""Replicas proven on one machine (issue #12): two replicas of intake, mediation, evaluation, worker
and gateway against one Temporal dev server and one PostgreSQL database per service; the
simulator's load mode (simulator/load.py) drives cases while one replica of each kind is killed
with SIGKILL.

    .venv/bin/python -m benchmarks.replicas [--rate resolved_on_spot=1.5,designated=0.5] [--duration 120]
        [--callers 2] [--down 5]

Services reach each other through every replica's address (gRPC round-robin over
`127.0.0.1:p1,127.0.0.1:p2`, services/common/grpc_client.py); the load's calls go round-robin over
both gateways (a call that finds one down is tried on the other). The load is the small scenario's
actors at the given rate per track: residents and staff file, caseworkers triage and call back,
companies handle and report, the court and the police station answer referrals on the liaison API.
While it files, the second replica of each kind in turn is killed (kill -9), stays down `--down`
seconds and is started again. The load report (accepted, closed, p50/p95/p99 per API call, errors
by kind, the consistency check) is printed, then the after-check (benchmarks/replica_checks.py)
reads the databases, Temporal and the reconciliation view. `drive` below is the scripted driver of
the short e2e run (tests/e2e/test_replicas.py). Not a test: it prints figures; the exit code says
whether every check held.
"""

from __future__ import annotations

import argparse
import asyncio
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from temporalio.client import Client

from benchmarks import sim_load
from benchmarks.faults import COMPLAINT
from benchmarks.pg import Databases
from benchmarks.replica_checks import Figures, check, grpc_calls_served, ok
from benchmarks.spread import Gateways, finish_task, sign_in
from deploy.local.stack import Stack, StackConfig

KINDS = ("intake", "mediation", "evaluation", "worker", "gateway")
SERVICES = ("intake", "mediation", "evaluation", "gateway")
COURT = {"X-API-Key": "demo-court-key"}


@dataclass
class Run:
    http: Gateways
    worker: dict[str, str]
    mediator: dict[str, str]
    tag: str
    taken: dict[str, str] = field(default_factory=dict)  # idempotency key → case number
    closed: set[str] = field(default_factory=set)
    stuck: list[str] = field(default_factory=list)
    errors: list[tuple[float, str]] = field(default_factory=list)
    liaison_sent: dict[str, int] = field(default_factory=dict)
    # Calls each replica had served when its kind's second replica was killed (gRPC from /metrics,
    # HTTP as the load counted them): the load reached both.
    served_before_kill: dict[str, list[int]] = field(default_factory=dict)
    pause: float = 1.0  # seconds between polls for a task or a referral

    async def file(self, body: dict[str, Any]) -> str:
        """Files until taken, the same Idempotency-Key each time."""
        key = uuid.uuid4().hex
        while True:
            try:
                reply = await self.http.post(
                    "/api/v1/complaints", json=body, headers=self.worker | {"Idempotency-Key": key}, timeout=20
                )
                if reply.status_code == 201:
                    self.taken[key] = reply.json()["case"]["case_no"]
                    return self.taken[key]
                self.errors.append((time.monotonic(), f"file {reply.status_code}"))
            except Exception as exc:
                self.errors.append((time.monotonic(), f"file {type(exc).__name__}"))
            await asyncio.sleep(1)

    async def step(self, who: dict[str, str], case_no: str, kind: str, outcome: str, form: dict[str, Any]) -> None:
        tries = int(240 / self.pause)
        if not await finish_task(self.http, who, case_no, kind, outcome, form, self.errors, tries, self.pause):
            raise RuntimeError(f"{case_no}: the {kind} task was never completed")

    async def closed_case(self, case_no: str) -> None:
        for _ in range(240):
            try:
                case = await self.http.get(f"/api/v1/cases/{case_no}", headers=self.worker)
                if case.status_code == 200 and case.json()["status"] == "CLOSED":
                    self.closed.add(case_no)
                    return
            except Exception as exc:
                self.errors.append((time.monotonic(), f"read {type(exc).__name__}"))
            await asyncio.sleep(0.5)
        raise RuntimeError(f"{case_no} never reached CLOSED")

    async def on_the_spot(self, n: int) -> None:
        case_no = await self.file(COMPLAINT | {"content": f"副本负载 {self.tag}-{n}：楼道漏水"})
        await self.step(self.worker, case_no, "triage", "resolved_on_spot", {"note": f"副本负载 {n}"})
        await self.step(self.worker, case_no, "callback", "satisfied", {"note": "居民满意"})
        await self.closed_case(case_no)

    async def professional(self, n: int) -> None:
        body = COMPLAINT | {"address": f"5号楼1单元{300 + n}室", "content": f"副本负载 {self.tag}-{n}：楼上漏水"}
        case_no = await self.file(body)
        form = {"note": "邻里漏水纠纷", "case_type": "neighbour"}
        await self.step(self.worker, case_no, "triage", "professional", form)
        yesterday = (datetime.now(UTC) + timedelta(hours=8) - timedelta(days=1)).date().isoformat()
        agreement = {
            "record": "楼上业主同意维修",
            "methods": ["法理调 · explain the law"],
            "agreement_text": "楼上业主修复卫生间防水层。",
            "terms": [{"term": "修复卫生间防水层", "due_on": yesterday}],
        }
        await self.step(self.mediator, case_no, "mediation_session", "agreement", agreement)
        rid = await self.referral(case_no)
        for i, kind in enumerate(("applied", "accepted", "valid"), start=1):
            result = {"message_id": f"ct-{rid}-{i}", "referral_id": rid, "kind": f"judicial_confirmation_{kind}"}
            if kind != "applied":
                result["reference_no"] = f"（2026）晋0403民特{n}号"
            for _ in range(2):  # every result twice: the second must be a replay, applied once
                await self.liaison_result(result)
            self.liaison_sent[case_no] = i
        await self.step(self.mediator, case_no, "performance_check", "performed", {"note": "已修复"})
        await self.step(self.worker, case_no, "callback", "satisfied", {"note": "住户满意"})
        await self.closed_case(case_no)

    async def referral(self, case_no: str) -> str:
        for _ in range(int(240 / self.pause)):
            try:
                listed = await self.http.get("/api/v1/liaison/referrals", headers=COURT)
                for r in listed.json().get("referrals", []) if listed.status_code == 200 else []:
                    if r["case_no"] == case_no and r["purpose"] == "judicial_confirmation":
                        return str(r["referral_id"])
            except Exception as exc:
                self.errors.append((time.monotonic(), f"referral {type(exc).__name__}"))
            await asyncio.sleep(self.pause)
        raise RuntimeError(f"{case_no}: no judicial confirmation referral")

    async def liaison_result(self, body: dict[str, Any]) -> None:
        for _ in range(120):
            try:
                sent = await self.http.post("/api/v1/liaison/results", json=body, headers=COURT, timeout=20)
                if sent.status_code == 200:
                    return
                self.errors.append((time.monotonic(), f"result {sent.status_code}"))
            except Exception as exc:
                self.errors.append((time.monotonic(), f"result {type(exc).__name__}"))
            await asyncio.sleep(1)
        raise RuntimeError(f"liaison result {body['message_id']} never taken")


async def faults(stack: Stack, run: Run, total: int, down: float | None, settle: float, out: list[str]) -> None:
    """Kills the second replica of each kind in turn, spread over the run's cases; with `down`
    it starts again that many seconds later, without it stays down."""
    for i, kind in enumerate(KINDS):
        while len(run.closed) + len(run.stuck) < total * (i + 1) / (len(KINDS) + 2):
            await asyncio.sleep(0.2)
        name, seen, started, closed = f"{kind}-2", len(run.errors), time.monotonic(), len(run.closed)
        if kind in ("intake", "mediation", "evaluation"):
            ports = stack.config.ports(f"{kind}_metrics")
            run.served_before_kill[kind] = [await asyncio.to_thread(grpc_calls_served, p) for p in ports]
        elif kind == "gateway":
            run.served_before_kill[kind] = list(run.http.sent)
        await asyncio.to_thread(stack.kill, name)
        if down is not None:
            await asyncio.sleep(down)
            await asyncio.to_thread(stack.respawn, name)
        await asyncio.sleep(settle)
        window = Counter(status for _, status in run.errors[seen:])
        shown = ", ".join(f"{s}: {n}" for s, n in sorted(window.items())) or "—"
        back = f"back after {time.monotonic() - started - settle:.1f}s" if down is not None else "left down"
        out.append(f"kill -9 {name:<13} after {closed:>4} closed; {back}; caller errors: {shown}")
        print(out[-1], flush=True)


async def drive(
    stack: Stack,
    cases: int,
    professional: int,
    parallel: int,
    down: float | None,
    settle: float = 3.0,
    pause: float = 1.0,
) -> tuple[Run, Figures]:
    http = Gateways(stack.config.gateway_urls)
    try:
        run = Run(
            http, await sign_in(http, "xiadong.caseworker"), await sign_in(http, "mediator.1"), uuid.uuid4().hex[:6]
        )
        run.pause = pause
        admin = await sign_in(http, "admin")
        gate = asyncio.Semaphore(parallel)
        every = cases // professional if professional else cases + 1

        async def one(n: int) -> None:
            async with gate:
                try:
                    await (run.professional(n) if n % every == every - 1 else run.on_the_spot(n))
                except RuntimeError as exc:
                    run.stuck.append(str(exc))

        fault_lines: list[str] = []
        started = time.monotonic()
        await asyncio.gather(faults(stack, run, cases, down, settle, fault_lines), *(one(n) for n in range(cases)))
        elapsed = time.monotonic() - started
        temporal = await Client.connect(stack.config.temporal_address)
        figures = await check(stack.config.database_urls, temporal, http, admin, run.taken, run.liaison_sent)
        print(f"{len(run.closed)} of {cases} cases CLOSED in {elapsed:.0f} s ({len(run.closed) / elapsed:.2f} cases/s)")
        print(f"HTTP requests answered per gateway, whole run: {http.sent}")
        for kind, served in run.served_before_kill.items():
            print(f"calls served by each {kind} replica before the kill: {served}")
        print(f"caller errors in all: {len(run.errors)}; cases stuck: {len(run.stuck)}")
        for line in run.stuck[:10]:
            print("  ", line)
        return run, figures
    finally:
        await http.aclose()


async def drive_load(
    stack: Stack, rates: str, duration: float, down: float | None, callers: int, settle: float = 3.0
) -> tuple[dict[str, Any], Figures, int]:
    """The simulator's load mode over both gateways while the second replica of each kind in turn
    is killed (spread over the filing), then its report and the after-check."""
    sim = sim_load.runner(stack.config.gateway_urls, sim_load.scenario(rates, duration), callers=callers, patience=180)
    playing = sim_load.run_in_background(sim, tail_seconds=180)
    started = time.monotonic()
    for i, kind in enumerate(KINDS):
        await asyncio.sleep(max(0.0, started + duration * (i + 1) / (len(KINDS) + 1) - time.monotonic()))
        name, seen, killed = f"{kind}-2", Counter(sim.api.errors), time.monotonic()
        if kind in ("intake", "mediation", "evaluation"):
            ports = stack.config.ports(f"{kind}_metrics")
            served = [await asyncio.to_thread(grpc_calls_served, p) for p in ports]
            print(f"calls served by each {kind} replica before the kill: {served}")
        elif kind == "gateway":
            print(f"HTTP calls sent to each gateway before the kill: {sim.api.sent}")
        await asyncio.to_thread(stack.kill, name)
        if down is not None:
            await asyncio.sleep(down)
            await asyncio.to_thread(stack.respawn, name)
        await asyncio.sleep(settle)
        window = sim_load.errors_since(sim, seen)
        shown = ", ".join(f"{s} ×{n}" for s, n in sorted(window.items())) or "—"
        back = f"back after {time.monotonic() - killed - settle:.1f}s" if down is not None else "left down"
        print(f"kill -9 {name:<13} at {killed - started:5.0f} s; {back}; caller errors: {shown}", flush=True)
    report = await playing
    sim_load.print_report(report)
    print(f"HTTP calls sent to each gateway, whole run: {sim.api.sent}")
    http = Gateways(stack.config.gateway_urls)
    try:
        admin = await sign_in(http, "admin")
        temporal = await Client.connect(stack.config.temporal_address)
        ledger = sim.actors.ledger
        figures = await check(
            stack.config.database_urls, temporal, http, admin, sim.filing.receipts, dict(ledger.liaison_by_case)
        )
    finally:
        await http.aclose()
    return report, figures, len(sim.filing.cases)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--rate", default="resolved_on_spot=1.5,designated=0.5", help="the load mode's cases per second per track"
    )
    parser.add_argument("--duration", type=float, default=120, help="seconds of filing")
    parser.add_argument("--callers", type=int, default=2, help="concurrent callers per demo user of the load")
    parser.add_argument("--down", type=float, default=5.0, help="seconds a killed replica stays down")
    parser.add_argument("--keep-logs", type=Path, metavar="DIR")
    args = parser.parse_args()
    print("load average before:", subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
    databases = Databases("replicas")
    urls = {service: asyncio.run(databases()) for service in SERVICES}
    try:
        with tempfile.TemporaryDirectory() as folder:
            logs = args.keep_logs or Path(folder) / "logs"
            config = StackConfig.random_ports(
                Path(folder),
                replicas=2,
                database_urls=urls,
                temporal_ui=False,
                log_dir=logs,
                extra_env=sim_load.stack_env(),
            )
            stack = Stack(config)
            started = time.monotonic()
            stack.start(seed=True)
            print(f"stack up: 2 × {', '.join(KINDS)} in {time.monotonic() - started:.0f} s", flush=True)
            try:
                _, figures, cases = asyncio.run(drive_load(stack, args.rate, args.duration, args.down, args.callers))
            finally:
                stack.stop()
    finally:
        asyncio.run(databases.drop())
    print("load average after:", subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
    for line in figures.lines() + figures.problems:
        print(line)
    return 0 if ok(figures, cases) else 1


if __name__ == "__main__":
    sys.exit(main())

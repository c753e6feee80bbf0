"""Fault injection (issue #18): under the simulator's load mode (simulator/load.py: the small
scenario's actors working every case at a rate per track), each process in turn is killed with
SIGKILL and started again; per fault the script prints the errors the load's callers saw and how
long the stack took to work again, then the load report and an after-check that nothing was lost
or duplicated.

    .venv/bin/python -m benchmarks.faults [--rate resolved_on_spot=1,designated=0.5] [--down 3]
        [--only worker,temporal] [--callers 1] [--keep-logs DIR]

Starts the embedded stack (Temporal dev server, three services, worker, gateway; SQLite; random
ports) in a temporary folder at the small scenario's time scale. The load files complaints for as
long as the faults last (residents on the public form, staff on the console API, each with its
own Idempotency-Key; a call that finds a process away is tried again, the same request, for up to
three minutes), and every actor works its inbox. For each process (worker, intake, mediation,
evaluation, gateway, Temporal): kill -9, `down` seconds away, start again, then measure recovery —
seconds from the restart until a probe complaint (filed by staff no actor watches) is filed and
its triage task is in the inbox and can be claimed. When the load has finished its cases it prints
its report (accepted, closed, p50/p95/p99 per API call, errors by kind, the consistency check);
the after-check counts case records (lost: a planned complaint never accepted; duplicated: more new
case records than cases) and waits up to a minute for reconciliation to come back clean. Not a
test: it prints figures.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from benchmarks import sim_load
from benchmarks.replica_checks import all_disagreements
from benchmarks.spread import sign_in
from deploy.local.stack import Stack, StackConfig

PROCESSES = ("worker", "intake", "mediation", "evaluation", "gateway", "temporal")
PROBE_USER = "staff.nb-dongdajie"
PROBE = {"community": "粮食局家属院"}
# Category "other" never joins an open case, so each filing taken is one new case.
COMPLAINT = {
    "category": "other",
    "channel": "online",
    "community": "东方世家",
    "address": "3号楼2单元",
    "complainant": {"name": "张三", "phone": "13800138000"},
}


@dataclass
class Load:
    """The recovery probe: files a complaint (the same Idempotency-Key until taken) and claims its
    triage task."""

    http: httpx.AsyncClient
    headers: dict[str, str]
    taken: dict[str, str] = field(default_factory=dict)  # idempotency key → case number

    async def file(self, key: str) -> str | None:
        body = COMPLAINT | PROBE | {"content": f"故障注入探测 {key[:8]}：楼道漏水"}
        try:
            reply = await self.http.post(
                "/api/v1/complaints", json=body, headers=self.headers | {"Idempotency-Key": key}, timeout=20
            )
        except httpx.HTTPError:
            return None
        if reply.status_code == 201:
            self.taken[key] = reply.json()["case"]["case_no"]
            return self.taken[key]
        return None


async def works_again(load: Load, deadline: float) -> float:
    """Seconds until a new complaint is filed and its triage task is in the inbox and claimed."""
    started = time.monotonic()
    key = uuid.uuid4().hex
    case_no = None
    while case_no is None and time.monotonic() < deadline:
        case_no = await load.file(key)
        if case_no is None:
            await asyncio.sleep(0.5)
    while case_no is not None and time.monotonic() < deadline:
        try:
            listing = await load.http.get(
                "/api/v1/tasks", params={"view": "group", "case_no": case_no}, headers=load.headers
            )
            tasks = listing.json().get("tasks", []) if listing.status_code == 200 else []
            if tasks:
                claim = await load.http.post(f"/api/v1/tasks/{tasks[0]['id']}/claim", headers=load.headers)
                if claim.status_code == 200:
                    return time.monotonic() - started
        except httpx.HTTPError:
            pass
        await asyncio.sleep(0.5)
    return float("inf")


async def record_count(http: httpx.AsyncClient, admin: dict[str, str]) -> int:
    return int((await http.get("/api/v1/ops/overview", headers=admin, timeout=60)).json()["records"]["total"])


async def run(stack: Stack, rates: str, down: float, processes: list[str], callers: int) -> int:
    base = f"http://127.0.0.1:{stack.config.gateway_port}"
    # Filing lasts as long as the faults do (each: down, recovery, a settling pause), then the
    # simulator waits for every case to finish.
    duration = 5 + len(processes) * (down + 15)
    sim = sim_load.runner([base], sim_load.scenario(rates, duration), callers=callers, patience=180)
    async with httpx.AsyncClient(base_url=base, timeout=30) as http:
        # The recovery probe files as staff of a neighbourhood no actor of the load watches, so
        # the triage task it claims is never the load's.
        probe = Load(http, await sign_in(http, PROBE_USER))
        admin = await sign_in(http, "admin")
        before = await record_count(http, admin)
        playing = sim_load.run_in_background(sim, tail_seconds=180)
        await asyncio.sleep(5)
        print(f"{'fault':<11} {'caller errors':>13}  {'by kind':<60} {'recovery':>9}")
        for name in processes:
            seen = Counter(sim.api.errors)
            await asyncio.to_thread(stack.kill, name)
            await asyncio.sleep(down)
            await asyncio.to_thread(stack.respawn, name)
            recovery = await works_again(probe, time.monotonic() + 180)
            await asyncio.sleep(3)
            window = sim_load.errors_since(sim, seen)
            shown = ", ".join(f"{s} ×{n}" for s, n in sorted(window.items())) or "—"
            print(f"{name:<11} {sum(window.values()):>13}  {shown:<60} {recovery:>8.1f}s", flush=True)
        report = await playing
        sim_load.print_report(report)
        added = await record_count(http, admin) - before
        cases = len(sim.filing.cases) + len(set(probe.taken.values()))
        lost = report["complaints_planned"] - report["complaints_accepted"]
        for _ in range(30):
            left = await all_disagreements(http, admin)
            if not left:
                break
            await asyncio.sleep(2)
    print(
        f"after-check: {report['complaints_accepted']} filings taken as {cases} cases (with {len(probe.taken)} "
        f"probes), {added} new case records; lost {lost}, duplicated {max(0, added - cases)}; "
        f"reconciliation: {len(left)} disagreement(s)"
    )
    for d in left[:10]:
        print("  ", d["kind"], d["case_no"], d["detail"])
    return 1 if lost or added != cases or left or not report["consistency"]["ok"] else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--rate", default="resolved_on_spot=1,designated=0.5", help="the load mode's cases per second per track"
    )
    parser.add_argument("--callers", type=int, default=1, help="concurrent callers per demo user of the load")
    parser.add_argument("--down", type=float, default=3.0, help="seconds each process stays dead")
    parser.add_argument("--only", default=",".join(PROCESSES), help="processes to kill, comma-separated")
    parser.add_argument(
        "--keep-logs", type=Path, metavar="DIR", help="write the processes' logs here (kept after the run)"
    )
    args = parser.parse_args()
    processes = [p for p in args.only.split(",") if p]
    unknown = set(processes) - set(PROCESSES)
    if unknown:
        parser.error(f"unknown process(es): {', '.join(sorted(unknown))}")
    with tempfile.TemporaryDirectory() as folder:
        logs = args.keep_logs or Path(folder) / "logs"
        config = StackConfig.random_ports(Path(folder), temporal_ui=False, log_dir=logs, extra_env=sim_load.stack_env())
        stack = Stack(config)
        stack.start(seed=True)
        print("load average before:", os.getloadavg(), flush=True)
        try:
            return asyncio.run(run(stack, args.rate, args.down, processes, args.callers))
        finally:
            stack.stop()
            print("load average after:", os.getloadavg())


if __name__ == "__main__":
    sys.exit(main())

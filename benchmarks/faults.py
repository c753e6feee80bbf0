"""Fault injection (issue #18): under a steady load of complaints, each process in turn is killed
with SIGKILL and started again; per fault the script prints what callers saw and how long the
stack took to work again, and at the end checks that nothing was lost or duplicated.

    .venv/bin/python -m benchmarks.faults [--rate 3] [--down 3] [--only worker,temporal] [--keep-logs DIR]

Starts the embedded stack (Temporal dev server, three services, worker, gateway; SQLite; random
ports) in a temporary folder. A caseworker files complaints at `rate` per second, each with its own
Idempotency-Key; a refused or failed filing is sent again with the same key, as a careful client
does, until it is taken. Beside them, every other case's triage task is claimed and completed (a
completion without a definite answer is sent again, same body, until taken). For each process (worker, intake, mediation, evaluation, gateway,
Temporal): kill -9, `down` seconds away, start again, then measure recovery — seconds from the
restart until a new complaint is filed and its triage task is in the inbox and can be claimed.
After the last fault the load stops, every filing is resent until taken, and the after-check
counts cases (lost: a filing never taken; duplicated: more new case records than filings taken)
and waits up to a minute for reconciliation to come back clean. Not a test: it prints figures.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from benchmarks.replica_checks import all_disagreements
from benchmarks.spread import finish_task, sign_in
from deploy.local.stack import Stack, StackConfig

PROCESSES = ("worker", "intake", "mediation", "evaluation", "gateway", "temporal")
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
    http: httpx.AsyncClient
    headers: dict[str, str]
    taken: dict[str, str] = field(default_factory=dict)  # idempotency key → case number
    pending: set[str] = field(default_factory=set)
    errors: list[tuple[float, str]] = field(default_factory=list)  # (when, status or exception)
    completing: set[str] = field(default_factory=set)  # case numbers whose triage task is being completed
    completed: set[str] = field(default_factory=set)
    probes: set[str] = field(default_factory=set)  # cases the recovery probe claims: not completed here

    async def file(self, key: str) -> str | None:
        body = COMPLAINT | {"content": f"故障注入负载 {key[:8]}：楼道漏水"}
        try:
            reply = await self.http.post(
                "/api/v1/complaints", json=body, headers=self.headers | {"Idempotency-Key": key}, timeout=20
            )
        except httpx.HTTPError as exc:
            self.errors.append((time.monotonic(), type(exc).__name__))
            self.pending.add(key)
            return None
        if reply.status_code == 201:
            self.taken[key] = reply.json()["case"]["case_no"]
            self.pending.discard(key)
            return self.taken[key]
        self.errors.append((time.monotonic(), str(reply.status_code)))
        self.pending.add(key)
        return None

    async def complete(self, case_no: str) -> None:
        """Claims the case's triage task and completes it on the spot (benchmarks/spread.py)."""
        self.completing.add(case_no)
        form = {"note": f"故障注入负载 {case_no}"}
        if await finish_task(self.http, self.headers, case_no, None, "resolved_on_spot", form, self.errors):
            self.completing.discard(case_no)
            self.completed.add(case_no)

    async def run(self, rate: float, stop: asyncio.Event) -> None:
        running: set[asyncio.Task[str | None]] = set()
        completing: set[asyncio.Task[None]] = set()
        while not stop.is_set():
            for key in list(self.pending)[:5]:  # resend a few refused ones each tick, same key
                self.pending.discard(key)
                running.add(asyncio.ensure_future(self.file(key)))
            running.add(asyncio.ensure_future(self.file(uuid.uuid4().hex)))
            # Completions run beside the filings (every other case), so a fault meets them too.
            fresh = sorted(set(self.taken.values()) - self.completed - self.completing - self.probes)
            for case_no in fresh[: 1 if len(self.taken) % 2 else 0]:
                completing.add(asyncio.ensure_future(self.complete(case_no)))
            running = {t for t in running if not t.done()}
            await asyncio.sleep(1 / rate)
        await asyncio.gather(*running, *completing)


async def works_again(load: Load, deadline: float) -> float:
    """Seconds until a new complaint is filed and its triage task is in the inbox and claimed."""
    started = time.monotonic()
    key = uuid.uuid4().hex
    case_no = None
    while case_no is None and time.monotonic() < deadline:
        case_no = await load.file(key)
        if case_no is not None:
            load.probes.add(case_no)
        else:
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


async def run(stack: Stack, rate: float, down: float, processes: list[str]) -> int:
    base = f"http://127.0.0.1:{stack.config.gateway_port}"
    async with httpx.AsyncClient(base_url=base, timeout=30) as http:
        load = Load(http, await sign_in(http, "xiadong.caseworker"))
        admin = await sign_in(http, "admin")
        before = await record_count(http, admin)
        stop = asyncio.Event()
        driving = asyncio.ensure_future(load.run(rate, stop))
        await asyncio.sleep(5)
        print(f"{'fault':<11} {'caller errors':>13}  {'by status':<30} {'recovery':>9}")
        for name in processes:
            seen = len(load.errors)
            await asyncio.to_thread(stack.kill, name)
            await asyncio.sleep(down)
            await asyncio.to_thread(stack.respawn, name)
            recovery = await works_again(load, time.monotonic() + 180)
            await asyncio.sleep(3)
            window = Counter(status for _, status in load.errors[seen:])
            shown = ", ".join(f"{s}: {n}" for s, n in sorted(window.items())) or "—"
            print(f"{name:<11} {sum(window.values()):>13}  {shown:<30} {recovery:>8.1f}s", flush=True)
        stop.set()
        await driving
        deadline = time.monotonic() + 120
        while load.pending and time.monotonic() < deadline:
            await asyncio.gather(*(load.file(key) for key in list(load.pending)))
            await asyncio.sleep(1)
        lost = len(load.pending)
        added = await record_count(http, admin) - before
        cases = len(set(load.taken.values()))
        for _ in range(30):
            left = await all_disagreements(http, admin)
            if not left:
                break
            await asyncio.sleep(2)
    print(
        f"after-check: {len(load.taken)} filings taken as {cases} cases, {added} new case records; "
        f"lost {lost}, duplicated {max(0, added - cases)}; reconciliation: {len(left)} disagreement(s)"
    )
    print(f"completions: {len(load.completed)} taken, {len(load.completing)} never confirmed")
    for d in left[:10]:
        print("  ", d["kind"], d["case_no"], d["detail"])
    return 1 if lost or added != cases or left or load.completing else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=3.0, help="complaints per second")
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
        stack = Stack(StackConfig.random_ports(Path(folder), temporal_ui=False, log_dir=logs))
        stack.start(seed=True)
        try:
            return asyncio.run(run(stack, args.rate, args.down, processes))
        finally:
            stack.stop()


if __name__ == "__main__":
    sys.exit(main())

"""The capacity model's measurements (issue #12, deploy/CAPACITY.md uses every figure printed here).

    .venv/bin/python -m benchmarks.capacity [--bulk 100] [--orders 8] [--skip-stack]

1. One case of each track run to the end on the real stack (Temporal dev server, every process,
   each service on its own fresh PostgreSQL database): the e2e seed stories, run as they are —
   on the spot (tests/e2e/test_slice.py), designated with a rectification order
   (test_stories.py), consultation (test_consultation_story.py), professional with judicial
   confirmation and professional ending in a court filing (test_professional_stories.py).
   Per story: Temporal actions, history events and bytes, workflow tasks, child workflows,
   activities, timers, updates, state transitions (benchmarks/history_cost.py, children and
   continue-as-new runs included); rows inserted and updated, and bytes (pg_total_relation_size,
   8 kB pages) per service database.
2. `--bulk` on-the-spot cases more (benchmarks/replicas.py's driver): bytes per case per service
   once pages are full, the figure a year's size is built from.
3. On the time-skipping test server with the fakes: the longest realistic case against Temporal's
   per-history limits (benchmarks/long_case.py) and the worker's memory per cached open case.
"""

from __future__ import annotations

import argparse
import asyncio
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path

import httpx
from temporalio.client import Client
from temporalio.testing import WorkflowEnvironment

from benchmarks.history_cost import Tally, is_first_run, workflow_cost
from benchmarks.long_case import BYTE_LIMIT, EVENT_LIMIT, GOAL, long_case, memory_per_cached_case
from benchmarks.pg import Databases, TableStats, delta, table_stats
from benchmarks.replicas import Run
from benchmarks.spread import Gateways, sign_in
from contracts.case import WORKFLOW_NAME
from deploy.local.stack import Stack
from services.common import temporal as temporal_setup
from tests.e2e import test_consultation_story, test_professional_stories, test_slice, test_stories
from tests.e2e.conftest import running_stack

SERVICES = ("intake", "mediation", "evaluation", "gateway")
Story = Callable[[httpx.AsyncClient], Awaitable[None]]
STORIES: list[tuple[str, Story]] = [
    ("on the spot", test_slice.test_one_complaint_travels_end_to_end),
    ("designated, rectification", test_stories.test_tudiju_blocked_drain_rectified_within_seven_days),
    ("consultation", test_consultation_story.test_changpingyuan_parking_goes_through_the_five_party_council),
    (
        "professional, judicial conf.",
        test_professional_stories.test_neighbour_dispute_ends_in_a_judicially_confirmed_agreement,
    ),
    ("professional, court filing", test_professional_stories.test_group_dispute_ends_in_a_court_filing),
]
STATS_SETTLE = 11.0  # PostgreSQL 15 reports an idle backend's table counters within 10 s


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


async def snapshot(stack: Stack) -> dict[str, dict[str, TableStats]]:
    await asyncio.sleep(STATS_SETTLE)
    return {s: await table_stats(stack.config.database_urls[s]) for s in SERVICES}


async def case_workflows_since(client: Client, since: datetime) -> list[tuple[str, str]]:
    """(workflow id, first run id) of every case started since `since`."""
    found = []
    query = f"WorkflowType = '{WORKFLOW_NAME}' AND StartTime >= '{since.strftime('%Y-%m-%dT%H:%M:%SZ')}'"
    async for wf in client.list_workflows(query):
        if is_first_run(await client.get_workflow_handle(wf.id, run_id=wf.run_id).fetch_history()):
            found.append((wf.id, wf.run_id))
    return found


def db_line(changes: dict[str, dict[str, TableStats]]) -> str:
    parts = []
    for service in SERVICES:
        d = changes[service].values()
        ins, upd, size = sum(t.inserted for t in d), sum(t.updated for t in d), sum(t.bytes for t in d)
        parts.append(f"{service} +{ins}/~{upd} rows {size / 1024:.0f} kB")
    return "; ".join(parts)


async def stories(stack: Stack) -> None:
    client = await Client.connect(stack.config.temporal_address)
    print(
        f"{'track':<29} {'cases':>5} {'actions':>7} {'events':>6} {'bytes':>7} {'wf tasks':>8} {'children':>8} "
        f"{'activities':>10} {'local':>5} {'timers':>6} {'updates':>7} {'signals':>7} {'upserts':>7} {'transitions':>11}"
    )
    db_lines = []
    async with httpx.AsyncClient(base_url=stack.config.gateway_urls[0], timeout=30) as http:
        for name, story in STORIES:
            before = await snapshot(stack)
            since = datetime.now(UTC).replace(microsecond=0)
            await story(http)
            after = await snapshot(stack)
            total, transitions = Tally(), 0
            cases = await case_workflows_since(client, since)
            for wid, run_id in cases:
                cost, moved = await workflow_cost(client, wid, run_id)
                total += cost
                transitions += moved
            print(
                f"{name:<29} {len(cases):>5} {total.actions:>7} {total.events:>6} {total.bytes:>7} "
                f"{total.workflow_tasks:>8} {total.children:>8} {total.activity_attempts:>10} "
                f"{total.local_activities:>5} {total.timers:>6} {total.updates:>7} {total.signals:>7} "
                f"{total.upserts:>7} {transitions:>11}",
                flush=True,
            )
            changes = {s: delta(before[s], after[s]) for s in SERVICES}
            db_lines.append(f"{name:<29} {db_line(changes)}")
            for service in SERVICES:
                for table, t in sorted(changes[service].items()):
                    db_lines.append(f"    {service}.{table}: +{t.inserted} ~{t.updated} -{t.deleted} rows, {t.bytes} B")
    print("\nrows written per service database (+inserted/~updated) and bytes grown (8 kB pages):")
    for line in db_lines:
        print(line)


async def bulk(stack: Stack, cases: int) -> None:
    http = Gateways(stack.config.gateway_urls)
    try:
        run = Run(http, await sign_in(http, "xiadong.caseworker"), {}, "bulk")
        before = await snapshot(stack)
        gate = asyncio.Semaphore(8)

        async def one(n: int) -> None:
            async with gate:
                await run.on_the_spot(n)

        await asyncio.gather(*(one(n) for n in range(cases)))
        after = await snapshot(stack)
    finally:
        await http.aclose()
    print(f"\n{cases} on-the-spot cases more, per case (pages full):")
    for service in SERVICES:
        d = delta(before[service], after[service]).values()
        ins, upd = sum(t.inserted for t in d), sum(t.updated for t in d)
        size = sum(t.bytes for t in d)
        print(f"  {service:<10} {ins / cases:6.1f} rows inserted {upd / cases:6.1f} updated {size / cases:8.0f} B")


async def on_stack(bulk_cases: int) -> None:
    databases = Databases("capacity")
    try:
        with tempfile.TemporaryDirectory() as folder:
            async with running_stack(databases, Path(folder)) as stack:
                await stories(stack)
                if bulk_cases:
                    await bulk(stack, bulk_cases)
    finally:
        await databases.drop()


async def time_skipping(orders: int) -> bool:
    env = await WorkflowEnvironment.start_time_skipping(
        test_server_existing_path=str(Path(sys.executable).parent / "temporal-test-server")
    )
    try:
        await temporal_setup.register_search_attributes(env.client, env.client.namespace)
        started = time.monotonic()
        long = await long_case(env, orders)
        c = long.cost
        print(
            f"\nlongest realistic case: {long.days:.0f} days, {long.orders} rectification orders, "
            f"{long.daily_checks} daily checks, {long.reopenings} reopenings, escalated to {' → '.join(long.levels)} "
            f"({time.monotonic() - started:.0f} s on the time-skipping server)"
        )
        print(
            f"  {c.runs} runs (continue-as-new), {c.events} events and {c.bytes} B in all, {c.actions} actions, "
            f"{c.timers} timers, {c.activity_attempts} activities, {c.local_activities} local, {c.updates} updates"
        )
        events, size = c.largest_run_events / EVENT_LIMIT, c.largest_run_bytes / BYTE_LIMIT
        within = events < GOAL and size < GOAL
        print(
            f"  largest run: {c.largest_run_events} events = {events:.1%} of {EVENT_LIMIT}; "
            f"{c.largest_run_bytes} B = {size:.2%} of 50 MB; goal < {GOAL:.0%} each: {'met' if within else 'MISSED'}"
        )
        grown = await memory_per_cached_case(env)
        shown = ", ".join(f"{g / 1024:.0f} kB" for g in grown)
        print(f"\nworker memory per cached open case (RSS growth per case, batches of 200): {shown}")
        return within
    finally:
        await env.shutdown()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bulk", type=int, default=100, help="on-the-spot cases for bytes per case")
    parser.add_argument("--orders", type=int, default=8, help="rectification orders per round of the long case")
    parser.add_argument("--skip-stack", action="store_true", help="only the time-skipping measurements")
    args = parser.parse_args()
    print("load average:", uptime())
    if not args.skip_stack:
        asyncio.run(on_stack(args.bulk))
    ok = asyncio.run(time_skipping(args.orders))
    print("load average:", uptime())
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

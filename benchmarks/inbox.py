"""Inbox benchmark (issue #4): loads N tasks (default 1,000,000) into a fresh PostgreSQL database,
then reports

1. the inbox query's p50/p99 for every view — the page query and the capped count, exactly as
   the mediation service runs them (services.mediation.tasks.store) — for a caseworker, a property
   company and the street centre (a role that sees everything), first page and a deep keyset page;
2. free-text search (`q`) in the `all` view: a page and the capped count, for terms that match
   nothing, one case, a community's tasks and the two first characters of its name;
3. claim and complete p50/p99 through the gateway, with the whole stack running as processes on
   that same loaded database (complete is a Temporal update on a real case workflow).

    .venv/bin/python -m benchmarks.inbox [--tasks 1000000] [--iterations 200] [--cases 60] [--search-only]
        [--anchor-iterations 5] [--keep] [--reuse URL]

PostgreSQL comes from FENGQIAO_BENCH_POSTGRES_URL (default postgresql://postgres@127.0.0.1:5432/postgres);
the database it creates is dropped at the end unless --keep. A measurement, not a test.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import os
import random
import statistics
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
import httpx
from sqlalchemy import func, text
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import make_url
from sqlmodel import col, select

from deploy.local.stack import Stack, StackConfig
from services.common.db import Database
from services.common.identity import Identity
from services.common.migrations import upgrade
from services.evaluation.demo_data import COMMUNITIES
from services.mediation.models import Task
from services.mediation.tasks import inbox

DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
PASSWORD = "fengqiao-demo"
NOW = datetime.now(UTC)

CASEWORKER = Identity("xiadong.caseworker", ("caseworker",), ("NB-XIADONG",))
COMPANY = Identity("company.admin", ("company",), ("PC-DFSJ",))
CENTER = Identity("dongjie.center", ("street_center", "supervisor"), ("SC-DONGJIE",))
TASK_COLUMNS = [
    "id",
    "kind",
    "case_no",
    "workflow_id",
    "title",
    "assignee",
    "priority",
    "status",
    "due_at",
    "overdue",
    "allowed_outcomes",
    "deadline_policy",
    "policy_version",
    "outcome",
    "form_json",
    "completed_by",
    "completed_at",
    "community_code",
    "neighbourhood_code",
    "company_code",
    "created_at",
    "version",
    "track",
    "escalation_level",
    "follow_up_at",
]


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def summary(samples: list[float]) -> str:
    return f"p50 {statistics.median(samples):7.2f} ms   p99 {percentile(samples, 0.99):7.2f} ms   (n={len(samples)})"


def generate(n: int, seed: int = 4) -> tuple[list[tuple[Any, ...]], list[tuple[str, str, str, datetime]]]:
    """Tasks like a subdistrict's two years: ~90% completed or cancelled, the rest open or
    claimed, spread over 80 communities; the benchmark's people hold a realistic share."""
    rng = random.Random(seed)
    communities = [c for c in COMMUNITIES if c.company_code]
    tasks: list[tuple[Any, ...]] = []
    groups: list[tuple[str, str, str, datetime]] = []
    kinds = ("triage", "callback", "rectification_report")
    for i in range(n):
        c = rng.choice(communities)
        kind = kinds[0] if rng.random() < 0.5 else kinds[1] if rng.random() < 0.6 else kinds[2]
        roll = rng.random()
        status = "COMPLETED" if roll < 0.88 else "CANCELLED" if roll < 0.90 else "OPEN" if roll < 0.97 else "CLAIMED"
        active = status in ("OPEN", "CLAIMED")
        created = NOW - timedelta(minutes=rng.randrange(1, 30 * 1440 if active else 730 * 1440))
        due = created + timedelta(days=rng.choice((1, 2, 5, 7, 10)))
        people = [f"{c.neighbourhood_code.lower()}.worker{k}" for k in range(20)]
        if c.neighbourhood_code == "NB-XIADONG":
            people.append(CASEWORKER.subject)
        person = (
            COMPANY.subject if kind == "rectification_report" and c.company_code == "PC-DFSJ" else rng.choice(people)
        )
        assignee = person if status in ("CLAIMED", "COMPLETED") else None
        completed_at = due - timedelta(hours=rng.randrange(1, 20)) if status == "COMPLETED" else None
        task_id = f"bench-{i:07d}-t1"
        case_no = f"BM-{i:07d}"
        tasks.append(
            (
                task_id,
                kind,
                case_no,
                f"bench-{i:07d}",
                f"{c.name} · {kind}",
                assignee,
                rng.randrange(0, 101),
                status,
                due,
                active and due < NOW,
                "done",
                "first_response",
                "2026.1",
                "done" if status == "COMPLETED" else "",
                "{}",
                assignee if status == "COMPLETED" else None,
                completed_at,
                c.code,
                c.neighbourhood_code,
                c.company_code,
                created,
                1,
                rng.choice(("DESIGNATED", "CONSULTATION", "PROFESSIONAL")),
                rng.choice(("COMMUNITY", "STREET", "DISTRICT")),
                None,
            )
        )
        if kind == "rectification_report":
            groups.append((task_id, f"{c.company_code}:company", status, due))
        else:
            groups += [
                (task_id, f"{c.neighbourhood_code}:caseworker", status, due),
                (task_id, f"{c.neighbourhood_code}:grid_worker", status, due),
            ]
    return tasks, groups


async def load(url: str, n: int) -> None:
    started = time.monotonic()
    tasks, groups = generate(n)
    conn = await asyncpg.connect(url)
    try:
        for start in range(0, len(tasks), 100_000):
            await conn.copy_records_to_table("task", records=tasks[start : start + 100_000], columns=TASK_COLUMNS)
        for start in range(0, len(groups), 200_000):
            await conn.copy_records_to_table(
                "task_candidate_group",
                records=groups[start : start + 200_000],
                columns=["task_id", "group_code", "task_status", "due_at"],
            )
        # What autovacuum does on a live database: statistics, and the visibility map that lets
        # counts be index-only scans.
        await conn.execute("VACUUM ANALYZE task")
        await conn.execute("VACUUM ANALYZE task_candidate_group")
        active = await conn.fetchval("SELECT count(*) FROM task WHERE status IN ('OPEN','CLAIMED')")
    finally:
        await conn.close()
    took = time.monotonic() - started
    print(f"loaded {n:,} tasks ({active:,} open or claimed), {len(groups):,} candidate groups in {took:.0f} s")


async def timed(samples: list[float], call: Callable[[], Awaitable[Any]]) -> Any:
    start = time.perf_counter()
    result = await call()
    samples.append((time.perf_counter() - start) * 1000)
    return result


async def measure_view(db: Database, who: Identity, view: str, iterations: int) -> None:
    """Times the first page (page query + capped count, as ListTasks answers) and, separately,
    ever deeper keyset pages: each continues where the previous deep page ended."""
    sort = "completed" if view == "completed" else "due"
    none = inbox.InboxFilter()
    first: list[float] = []
    deep: list[float] = []
    after = None
    for _ in range(iterations):
        async with db.session() as session:
            now = datetime.now(UTC)
            rows, _, _ = await timed(
                first,
                functools.partial(inbox.inbox_page, session, view, who, none, sort=sort, after=None, limit=51, now=now),
            )
            if after is None and len(rows) == 51:
                after = inbox.parse_key_values(sort, inbox.sort_key_values(rows[-2], sort))
            if after is not None:
                more, _, _ = await timed(
                    deep,
                    functools.partial(
                        inbox.inbox_page, session, view, who, none, sort=sort, after=after, limit=51, now=now
                    ),
                )
                if len(more) == 51:
                    after = inbox.parse_key_values(sort, inbox.sort_key_values(more[-2], sort))
    print(f"  {who.subject:20} {view:10} first page {summary(first)}")
    if deep:
        print(f"  {'':31} next pages {summary(deep)}")


async def measure_views(url: str, iterations: int) -> None:
    db = Database(url)
    print("\ninbox query per view (a page of 50 and the capped count, as ListTasks answers)")
    try:
        for who in (CASEWORKER, COMPANY, CENTER):
            for view in ("mine", "group", "all", "completed", "overdue"):
                await measure_view(db, who, view, iterations)
        filters = inbox.InboxFilter(escalation_level="STREET", priority_min=75, kind="triage")
        filtered: list[float] = []
        async with db.session() as session:
            for _ in range(iterations):
                page = functools.partial(
                    inbox.inbox_page,
                    session,
                    "all",
                    CENTER,
                    filters,
                    sort="priority",
                    after=None,
                    limit=51,
                    now=datetime.now(UTC),
                )
                await timed(filtered, page)
        print(f"  {CENTER.subject:20} all, filtered by level, priority ≥ 75 and kind, by priority {summary(filtered)}")
    finally:
        await db.dispose()


async def measure_search(url: str, iterations: int, anchor_iterations: int) -> None:
    """Free-text search as ListTasks runs it with `q` (a page and the capped count), for a
    caseworker and for the street centre, who sees every active task; beside it, in the same run,
    its anchor: the same page and count with `ILIKE` alone (no gram index: the path before issue
    19, and the meaning the index must keep). Every anchor run checks both found the same."""
    db = Database(url)
    name = next(c.name for c in COMMUNITIES if c.neighbourhood_code == "NB-XIADONG" and c.company_code)
    async with db.session() as session:  # an open task's case number, well into the load
        middle = select(col(Task.case_no)).where(col(Task.status) == "OPEN").order_by(col(Task.id))
        one = await session.exec(
            middle.offset(int(await session.scalar(select(func.count()).select_from(Task)) or 0) // 20)
        )
        case_no = one.first() or "BM-0000001"
    terms = {"no match (漏水)": "漏水", "one case": case_no, "a community": name, "two characters": name[:2]}
    print(
        f"\nfree-text search in the all view (a page of 50 and the capped count); anchor: ILIKE alone, "
        f"{anchor_iterations} runs; load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )
    try:
        for who in (CASEWORKER, CENTER):
            for label, text in terms.items():
                samples: list[float] = []
                anchor: list[float] = []
                filters = inbox.InboxFilter(text=text)
                async with db.session() as session:
                    for _ in range(iterations):
                        page = functools.partial(
                            inbox.inbox_page, session, "all", who, filters, sort="due", after=None, limit=51,
                            now=datetime.now(UTC),
                        )  # fmt: skip
                        rows, total, capped = await timed(samples, page)
                    inside = await _inside_postgresql(session, who, filters)
                    for _ in range(anchor_iterations):  # after: its scans would evict what search reads
                        where = inbox.view_filter("all", who, datetime.now(UTC)) + filters.clauses()
                        plain = await timed(anchor, functools.partial(_ilike_alone, session, where))
                        assert plain == ([t.id for t in rows], total, capped), (label, plain, total)
                found = f"{total}{'+' if capped else ''} found"
                print(
                    f"  {who.subject:20} {label:18} {text:12} {found:>10}  {summary(samples)}   in PostgreSQL {inside}"
                )
                print(f"  {'':20} {'anchor: ILIKE alone':31} {'':>10}  {summary(anchor)}")
    finally:
        await db.dispose()


async def _inside_postgresql(session: Any, who: Identity, filters: inbox.InboxFilter, runs: int = 5) -> str:
    """The page and count statements' execution time inside PostgreSQL (EXPLAIN ANALYZE, median
    of `runs`): what the server spends, without the client's share of a loaded machine."""
    where = inbox.filtered_view("all", who, filters, datetime.now(UTC))
    page = select(Task).where(*where).order_by(col(Task.due_at), col(Task.id)).limit(51)
    count = select(func.count()).select_from(select(col(Task.id)).where(*where).limit(1000).subquery())
    sql = [str(s.compile(dialect=postgresql.dialect(), compile_kwargs={"literal_binds": True})) for s in (page, count)]
    took = []
    for _ in range(runs):
        total = 0.0
        for one in sql:
            plan = (await session.exec(text("EXPLAIN (ANALYZE, FORMAT JSON) " + one))).one()[0]
            total += plan[0]["Execution Time"]
        took.append(total)
    return f"p50 {statistics.median(took):6.2f} ms"


async def _ilike_alone(session: Any, where: list[Any]) -> tuple[list[str], int, bool]:
    rows = await inbox.list_tasks(session, where=where, sort="due", after=None, limit=51)
    total, capped = await inbox.count_tasks(session, where)
    return [t.id for t in rows], total, capped


async def measure_gateway(urls: dict[str, str], cases: int) -> None:
    # The benchmark files the same complaint again and again; intake would join each one to the
    # first case (same community, building and category within the window), leaving one task to
    # claim. A zero window makes every complaint its own case.
    os.environ["FENGQIAO_INTAKE_DUPLICATE_WINDOW_HOURS"] = "0"
    with tempfile.TemporaryDirectory() as data:
        stack = Stack(StackConfig.random_ports(Path(data), database_urls=urls, temporal_ui=False))
        stack.start(seed=True)
        try:
            base = f"http://127.0.0.1:{stack.config.gateway_port}"
            async with httpx.AsyncClient(base_url=base, timeout=60) as http:
                token = (
                    await http.post("/api/v1/auth/token", data={"username": CASEWORKER.subject, "password": PASSWORD})
                ).json()["access_token"]
                headers = {"Authorization": f"Bearer {token}"}
                complaint = {
                    "channel": "online",
                    "community": "东方世家",
                    "address": "3号楼2单元",
                    "content": "楼道漏水三天了，物业一直没人来修。",
                    "complainant": {"name": "张三", "phone": "13800138000"},
                }
                numbers = []
                for _ in range(cases):
                    filed = await http.post(
                        "/api/v1/complaints", json=complaint, headers=headers | {"Idempotency-Key": uuid.uuid4().hex}
                    )
                    numbers.append(filed.json()["case_no"])
                claims: list[float] = []
                completes: list[float] = []
                for case_no in numbers:
                    task_id = f"case-{case_no}-t1"
                    for _ in range(300):
                        if (await http.get(f"/api/v1/tasks/{task_id}", headers=headers)).status_code == 200:
                            break
                        await asyncio.sleep(0.05)
                    claim = functools.partial(http.post, f"/api/v1/tasks/{task_id}/claim", headers=headers)
                    claimed = await timed(claims, claim)
                    assert claimed.status_code == 200, claimed.text
                    complete = functools.partial(
                        http.post,
                        f"/api/v1/tasks/{task_id}/complete",
                        json={"outcome": "resolved_on_spot", "form": {"note": "基准测试"}},
                        headers=headers,
                    )
                    done = await timed(completes, complete)
                    assert done.status_code == 200, done.text
                print("\nthrough the gateway (HTTP → gRPC → PostgreSQL; complete also → Temporal update)")
                print(f"  claim    {summary(claims)}")
                print(f"  complete {summary(completes)}")
        finally:
            stack.stop()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tasks", type=int, default=1_000_000)
    parser.add_argument("--iterations", type=int, default=200)
    parser.add_argument("--cases", type=int, default=60, help="cases to claim and complete through the gateway")
    parser.add_argument("--skip-gateway", action="store_true")
    parser.add_argument("--search-only", action="store_true", help="time free-text search only (no views, no gateway)")
    parser.add_argument("--anchor-iterations", type=int, default=5, help="search runs with ILIKE alone (~1 s each)")
    parser.add_argument("--keep", action="store_true", help="keep the benchmark databases")
    parser.add_argument("--reuse", metavar="URL", help="time the views again on a database an earlier --keep run left")
    args = parser.parse_args()
    if args.reuse:
        if not args.search_only:
            await measure_views(args.reuse, args.iterations)
        await measure_search(args.reuse, args.iterations, args.anchor_iterations)
        return

    admin = os.environ.get("FENGQIAO_BENCH_POSTGRES_URL", DEFAULT_URL)
    names = {s: f"fq_bench_{s}_{uuid.uuid4().hex[:6]}" for s in ("mediation", "intake", "evaluation", "gateway")}
    conn = await asyncpg.connect(admin)
    for name in names.values():
        await conn.execute(f'CREATE DATABASE "{name}"')
    await conn.close()
    urls = {
        s: make_url(admin).set(drivername="postgresql+asyncpg", database=n).render_as_string(hide_password=False)
        for s, n in names.items()
    }
    try:
        await asyncio.to_thread(upgrade, "mediation", urls["mediation"])
        await load(urls["mediation"].replace("+asyncpg", ""), args.tasks)
        if not args.search_only:
            await measure_views(urls["mediation"], args.iterations)
        await measure_search(urls["mediation"], args.iterations, args.anchor_iterations)
        if not args.skip_gateway and not args.search_only:
            await measure_gateway(urls, args.cases)
    finally:
        if args.keep:
            print(f"kept: --reuse {urls['mediation']}", flush=True)
        else:
            conn = await asyncpg.connect(admin)
            for name in names.values():
                await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            await conn.close()


if __name__ == "__main__":
    asyncio.run(main())

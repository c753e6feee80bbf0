"""Ops pages with many open cases (issue 19, deliverable 7): each page's p50/p99 through the gateway,
measured on the empty stack (the anchor) and again once `--cases` open cases are seeded.

    .venv/bin/python -m benchmarks.ops_scale [--cases 100000] [--rounds 20] [--concurrency 48]
        [--keep DIR [--seed-only | --as-seeded]]

It starts the stack (Temporal dev server, every process, each service on a fresh PostgreSQL
database), seeds N open cases and times every ops page as the ops admin, HTML and JSON. A case is
seeded as two halves that agree with each other, the way a real open case looks to ops:

- its record in intake's database (COPY; status, track, level, community and company spread over
  the seed's values);
- a running workflow of the case type with the same id and search attributes, started on a task
  queue no worker polls, so Temporal's visibility holds N open case workflows without the worker
  being asked to run N cases (the pages read visibility, not the workflows themselves).

With `--keep DIR` the seed outlives the run: the Temporal dev server's SQLite file lives in DIR and
the services use PostgreSQL databases named after DIR (fq_opsscale_keep_<hash of DIR>_<service>),
neither dropped at the end. A later run with the same DIR checks the seed (N case records and N open
case workflows visible on the unpolled queue), finishes an incomplete one from where it stopped
(DIR/ops-seed.json records the seed's clock and how far the workflows got) and measures at once; the
anchor is then timed on a fresh throwaway stack before the kept one starts. `--seed-only` seeds (or
finishes the seed) and stops without timing anything, e.g. in the background:

    nice -n 10 .venv/bin/python -m benchmarks.ops_scale --cases 100000 --keep /tmp/ops-100k --seed-only

Not a test: it prints figures. The target is p99 ≤ 1 s per page at 100,000 open cases.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import json
import random
import signal
import statistics
import tempfile
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import asyncpg
import httpx
from temporalio.client import Client
from temporalio.common import SearchAttributePair, TypedSearchAttributes
from temporalio.exceptions import WorkflowAlreadyStartedError

from benchmarks.pg import POSTGRES, Databases, dsn
from contracts.case import ESCALATION_LEVELS, TRACKS, WORKFLOW_NAME, workflow_id
from deploy.local.stack import Stack, StackConfig
from services.common import search_attributes as sa

UNPOLLED = "ops-scale-unpolled"
OPEN_STATUSES = ("TRIAGE", "IN_PROGRESS", "CALLBACK")
COMMUNITIES = [f"CM-OPS{n:03d}" for n in range(80)]
COMPANIES = [f"PC-OPS{n:02d}" for n in range(20)]
PASSWORD = "fengqiao-demo"
TARGET_P99 = 1.0
COUNTS_TOO_OLD = 61  # seconds: the overview's snapshot is then recounted before it is shown
FIRST_VIEW = "overview, first view in a minute (counts)"
SEED_FILE = "ops-seed.json"
CHUNK = 2000  # workflows started between two progress notes in DIR/ops-seed.json
SEEDED_QUERY = f"WorkflowType = '{WORKFLOW_NAME}' AND TaskQueue = '{UNPOLLED}' AND ExecutionStatus = 'Running'"


def case_no(n: int) -> str:
    return f"OPS{n:08d}"


@dataclass(frozen=True)
class Seeded:
    status: str
    track: str
    level: str
    community: str
    company: str
    due_at: datetime


def seeded(n: int, now: datetime) -> Seeded:
    """The n-th case's values, the same for its record and its workflow."""
    pick = random.Random(n)
    track = pick.choice(("", *TRACKS))
    return Seeded(
        status=pick.choice(OPEN_STATUSES),
        track=track,
        level=pick.choice(ESCALATION_LEVELS) if track == "DESIGNATED" else "",
        community=pick.choice(COMMUNITIES),
        company=pick.choice(COMPANIES),
        due_at=now + timedelta(hours=pick.randint(-48, 240)),
    )


@dataclass
class SeedFile:
    """DIR/ops-seed.json of a kept seed: how many cases, the clock their due times were drawn
    against (records and workflows must agree), whether the records are in and how far the
    workflows got (every number below `workflows_below` was started)."""

    path: Path
    cases: int
    now: datetime
    records: bool = False
    workflows_below: int = 0

    @classmethod
    def load_or_new(cls, path: Path, cases: int) -> SeedFile:
        if not path.exists():
            made = cls(path, cases, datetime.now(UTC))
            made.note()
            return made
        data = json.loads(path.read_text())
        if data["cases"] != cases:
            raise SystemExit(
                f"{path.parent} holds a seed of {data['cases']} cases, not {cases}: "
                f"pass --cases {data['cases']} or another --keep folder"
            )
        return cls(path, cases, datetime.fromisoformat(data["now"]), data["records"], data["workflows_below"])

    def note(self, *, records: bool | None = None, workflows_below: int | None = None) -> None:
        if records is not None:
            self.records = records
        if workflows_below is not None:
            self.workflows_below = max(self.workflows_below, workflows_below)
        data = {
            "cases": self.cases,
            "now": self.now.isoformat(),
            "records": self.records,
            "workflows_below": self.workflows_below,
        }
        spare = self.path.with_suffix(".tmp")
        spare.write_text(json.dumps(data))
        spare.replace(self.path)  # never a half-written note


async def kept_databases(folder: Path) -> dict[str, str]:
    """The kept seed's databases, one per service, named after the folder; made when missing."""
    tag = hashlib.sha256(str(folder.resolve()).encode()).hexdigest()[:8]
    urls = {}
    admin = await asyncpg.connect(POSTGRES)
    try:
        for service in ("intake", "mediation", "evaluation", "gateway"):
            name = f"fq_opsscale_keep_{tag}_{service}"
            if not await admin.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name):
                await admin.execute(f'CREATE DATABASE "{name}"')
            urls[service] = f"postgresql+asyncpg://postgres@127.0.0.1:5432/{name}"
    finally:
        await admin.close()
    return urls


async def seeded_records(url: str) -> int:
    conn = await asyncpg.connect(dsn(url))
    try:
        return int(await conn.fetchval("SELECT count(*) FROM dispute_case WHERE case_no LIKE 'OPS%'"))
    finally:
        await conn.close()


async def seeded_workflows(client: Client) -> int:
    return (await client.count_workflows(SEEDED_QUERY)).count


async def missing_workflows(client: Client, count: int) -> list[int]:
    """The seeded numbers whose workflow visibility does not list (a seed whose progress note fell
    behind what it started is filled from this)."""
    present = set()
    async for execution in client.list_workflows(SEEDED_QUERY, page_size=1000):
        present.add(execution.id)
    return [n for n in range(count) if workflow_id(case_no(n)) not in present]


async def complete_seed(client: Client, intake_url: str, seed: SeedFile, concurrency: int) -> None:
    """Checks a kept seed and finishes what is missing: the records (one COPY, all or nothing) and
    the workflows from the last progress note on; then both counts must be N."""
    count = seed.cases
    records = await seeded_records(intake_url)
    if records != count:
        print(f"records: {records} of {count}, seeding them", flush=True)
        conn = await asyncpg.connect(dsn(intake_url))
        try:
            await conn.execute("DELETE FROM dispute_case WHERE case_no LIKE 'OPS%'")
        finally:
            await conn.close()
        took = await seed_records(intake_url, count, seed.now)
        print(f"records: {count} in {took:.1f} s", flush=True)
    seed.note(records=True)
    visible = await seeded_workflows(client)
    if visible < count:
        begin = seed.workflows_below
        print(f"workflows: {visible} of {count} visible, starting from number {begin}", flush=True)
        took = await seed_workflows(client, range(begin, count), seed.now, concurrency, seed)
        if count > begin:
            print(f"workflows: {count - begin} in {took:.0f} s ({(count - begin) / took:.0f}/s)", flush=True)
        if not await visible_within(client, count, 60):
            missing = await missing_workflows(client, count)
            print(f"workflows: {len(missing)} not visible, starting them", flush=True)
            await seed_workflows(client, missing, seed.now, concurrency)
    await wait_for_visibility(client, count)
    records, visible = await seeded_records(intake_url), await seeded_workflows(client)
    if records != count or visible != count:
        raise RuntimeError(f"the seed is not whole: {records} records, {visible} open workflows, {count} wanted")
    print(f"seed complete: {records} case records, {visible} open case workflows", flush=True)


async def visible_within(client: Client, count: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if await seeded_workflows(client) >= count:
            return True
        await asyncio.sleep(1)
    return False


async def seed_records(url: str, count: int, now: datetime) -> float:
    started = time.monotonic()
    rows: list[tuple[object, ...]] = []
    for n in range(count):
        v = seeded(n, now)
        number = case_no(n)
        rows.append(
            (
                number,
                f"R{number}",
                v.status,
                v.track,
                v.level,
                "web",
                "repair",
                v.community,
                "运维压测小区",
                "NB-OPS",
                v.company,
                "",
                "",
                "压测地址",
                "运维页压测用的在办案件",
                "压测",
                "13800000000",
                "ops-scale",
                "0" * 64,
                workflow_id(number),
                True,
                now,
                now,
                v.due_at,
            )
        )
    columns = [
        *("case_no", "receipt_no", "status", "track", "escalation_level", "channel", "category"),
        *("community_code", "community_name", "neighbourhood_code", "company_code", "street_center_code"),
        *("district_center_code", "address", "content", "complainant_name", "complainant_phone", "filed_by"),
        *("request_fingerprint", "workflow_id", "workflow_started", "created_at", "updated_at", "due_at"),
    ]
    conn = await asyncpg.connect(dsn(url))
    try:
        # COPY goes through a table without constraints; the record's other required columns get
        # their model defaults' kind of value ('' / 0 / false / '[]'), as a fresh web filing has them.
        listed = ", ".join(columns)
        await conn.execute(f"CREATE TEMP TABLE seeded AS SELECT {listed} FROM dispute_case WITH NO DATA")
        await conn.copy_records_to_table("seeded", records=rows, columns=columns)
        required = await conn.fetch(
            "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'dispute_case' "
            "AND is_nullable = 'NO' AND column_default IS NULL"
        )
        filler = {"boolean": "false", "integer": "1", "json": "'[]'::json", "double precision": "0"}
        rest = [
            (r["column_name"], filler.get(r["data_type"], "''")) for r in required if r["column_name"] not in columns
        ]
        names = ", ".join([listed, *(name for name, _ in rest)])
        values = ", ".join([listed, *(value for _, value in rest)])
        await conn.execute(f"INSERT INTO dispute_case ({names}) SELECT {values} FROM seeded")
        await conn.execute("ANALYZE dispute_case")
    finally:
        await conn.close()
    return time.monotonic() - started


async def start_case_workflow(client: Client, n: int, now: datetime) -> None:
    v = seeded(n, now)
    attrs = TypedSearchAttributes(
        [
            SearchAttributePair(sa.CASE_NO, case_no(n)),
            SearchAttributePair(sa.CASE_STATUS, v.status),
            SearchAttributePair(sa.TRACK, v.track),
            SearchAttributePair(sa.ESCALATION_LEVEL, v.level),
            SearchAttributePair(sa.COMMUNITY, v.community),
            SearchAttributePair(sa.COMPANY, v.company),
            SearchAttributePair(sa.DUE_AT, v.due_at),
            SearchAttributePair(sa.OVERDUE, v.due_at < now),
        ]
    )
    # A resumed seed starts again from its last progress note: those started since are there.
    with contextlib.suppress(WorkflowAlreadyStartedError):
        await client.start_workflow(
            WORKFLOW_NAME, id=workflow_id(case_no(n)), task_queue=UNPOLLED, search_attributes=attrs
        )


async def seed_workflows(
    client: Client,
    numbers: range | list[int],
    now: datetime,
    concurrency: int,
    progress: SeedFile | None = None,
) -> float:
    """Starts the case workflows `numbers`, CHUNK at a time; after each chunk the kept seed's file
    notes how far it got, so an interrupted seed resumes there."""
    started = time.monotonic()
    gate = asyncio.Semaphore(concurrency)
    done = 0

    async def one(n: int) -> None:
        async with gate:
            await start_case_workflow(client, n, now)

    items = list(numbers)
    for at in range(0, len(items), CHUNK):
        chunk = items[at : at + CHUNK]
        await asyncio.gather(*(one(n) for n in chunk))
        done += len(chunk)
        if progress is not None and isinstance(numbers, range):
            progress.note(workflows_below=chunk[-1] + 1)
        if done % 10_000 < CHUNK:
            rate = done / (time.monotonic() - started)
            print(f"  {done} workflows started ({rate:.0f}/s)", flush=True)
    return time.monotonic() - started


async def wait_for_visibility(client: Client, count: int) -> None:
    for _ in range(600):
        if await seeded_workflows(client) >= count:
            return
        await asyncio.sleep(1)
    raise RuntimeError("visibility never caught up with the seeded workflows")


async def deep_tokens(http: httpx.AsyncClient, headers: dict[str, str], path: str, pages: int) -> str:
    """The token of a page `pages` deep into a paged JSON list."""
    token = ""
    for _ in range(pages):
        reply = await http.get(path, params={"page_token": token} if token else {}, headers=headers, timeout=120)
        token = reply.json()["next_page_token"]
        if not token:
            break
    return token


async def time_pages(http: httpx.AsyncClient, admin: dict[str, str], rounds: int) -> dict[str, list[float]]:
    cases_deep = await deep_tokens(http, admin, "/api/v1/ops/cases", 20)
    sweep_deep = await deep_tokens(http, admin, "/api/v1/ops/reconciliation", 20)
    pages: list[tuple[str, str, dict[str, str]]] = [
        ("/ops overview (HTML)", "/ops", {}),
        ("/ops/cases first page", "/ops/cases", {}),
        ("/ops/cases query (TRIAGE, overdue)", "/ops/cases", {"query": "CaseStatus = 'TRIAGE' AND Overdue = true"}),
        ("/ops/cases 21st page", "/ops/cases", {"page_token": cases_deep} if cases_deep else {}),
        ("/ops/reconciliation first page", "/ops/reconciliation", {}),
        ("/ops/reconciliation 21st page", "/ops/reconciliation", {"page_token": sweep_deep} if sweep_deep else {}),
        ("/ops/overdue", "/ops/overdue", {}),
        ("/ops/failing", "/ops/failing", {}),
        ("/ops/health", "/ops/health", {}),
        ("/api/v1/ops/overview (JSON)", "/api/v1/ops/overview", {}),
    ]
    times: dict[str, list[float]] = {name: [] for name, _, _ in pages}
    # The overview's visibility counts are a snapshot (services/gateway/ops/counts.py), taken when
    # the gateway starts and recounted behind the views; the first view after a minute without one
    # starts a recount (it used to wait for it). It is timed on its own, after the snapshot aged.
    await asyncio.sleep(COUNTS_TOO_OLD)
    started = time.perf_counter()
    reply = await http.get("/api/v1/ops/overview", headers=admin, timeout=120)
    first = time.perf_counter() - started
    if reply.status_code != 200:
        raise RuntimeError(f"the overview answered {reply.status_code}: {reply.text[:300]}")
    times[FIRST_VIEW] = [first] * rounds  # one figure, shown as its own row
    for _ in range(rounds):
        for name, path, params in pages:
            headers = admin if path.startswith("/api/") else {}
            started = time.perf_counter()
            reply = await http.get(path, params=params, headers=headers, timeout=120)
            times[name].append(time.perf_counter() - started)
            if reply.status_code != 200:
                raise RuntimeError(f"{path} answered {reply.status_code}: {reply.text[:300]}")
    return times


def p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]


async def sign_in(http: httpx.AsyncClient) -> dict[str, str]:
    token = await http.post("/api/v1/auth/token", data={"username": "admin", "password": PASSWORD})
    signed = await http.post("/ops/login", data={"username": "admin", "password": PASSWORD})
    assert signed.status_code == 303, signed.text
    return {"Authorization": f"Bearer {token.json()['access_token']}"}


def start_stack(folder: Path, urls: dict[str, str]) -> Stack:
    stack = Stack(StackConfig.random_ports(folder, database_urls=urls, temporal_ui=False))
    stack.start(seed=True)
    return stack


@contextlib.asynccontextmanager
async def fresh_stack() -> AsyncIterator[tuple[Stack, dict[str, str], httpx.AsyncClient, dict[str, str]]]:
    """A demo stack on new databases and a temporary folder, with the ops admin signed in; all of it
    dropped at the end."""
    databases = Databases("opsscale")
    urls = {name: await databases() for name in ("intake", "mediation", "evaluation", "gateway")}
    try:
        with tempfile.TemporaryDirectory(prefix="fq-ops-scale-") as folder:
            stack = start_stack(Path(folder), urls)
            try:
                async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{stack.config.gateway_port}") as http:
                    yield stack, urls, http, await sign_in(http)
            finally:
                stack.stop()
    finally:
        await databases.drop()


async def anchor_on_fresh_stack(rounds: int) -> dict[str, list[float]]:
    async with fresh_stack() as (_, _, http, admin):
        print(f"anchor: a fresh seeded demo stack, {rounds} rounds", flush=True)
        return await time_pages(http, admin, rounds)


async def run_kept(args: argparse.Namespace) -> tuple[dict[str, list[float]], dict[str, list[float]]] | None:
    folder = Path(args.keep).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    seed = SeedFile.load_or_new(folder / SEED_FILE, args.cases)
    before = {} if args.seed_only else await anchor_on_fresh_stack(args.rounds)
    urls = await kept_databases(folder)
    stack = start_stack(folder, urls)
    try:
        client = await Client.connect(f"127.0.0.1:{stack.config.temporal_port}")
        if args.as_seeded:  # an unfinished seed, measured as far as it got
            args.cases = await seeded_workflows(client)
            records = await seeded_records(urls["intake"])
            print(f"kept seed in {folder} as it is: {records} records, {args.cases} open workflows", flush=True)
        else:
            print(f"kept seed in {folder}: checking {args.cases} open cases …", flush=True)
            await complete_seed(client, urls["intake"], seed, args.concurrency)
        if args.seed_only:
            return None
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{stack.config.gateway_port}") as http:
            admin = await sign_in(http)
            after = await time_pages(http, admin, args.rounds)
    finally:
        stack.stop()
    return before, after


async def run_throwaway(args: argparse.Namespace) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    async with fresh_stack() as (stack, urls, http, admin):
        print(f"anchor: the seeded demo stack, {args.rounds} rounds", flush=True)
        before = await time_pages(http, admin, args.rounds)
        client = await Client.connect(f"127.0.0.1:{stack.config.temporal_port}")
        now = datetime.now(UTC)
        print(f"seeding {args.cases} open cases …", flush=True)
        record_s = await seed_records(urls["intake"], args.cases, now)
        workflow_s = await seed_workflows(client, range(args.cases), now, args.concurrency)
        await wait_for_visibility(client, args.cases)
        print(
            f"seeded: records {record_s:.1f} s, workflows {workflow_s:.0f} s ({args.cases / workflow_s:.0f}/s)",
            flush=True,
        )
        after = await time_pages(http, admin, args.rounds)
    return before, after


async def main(args: argparse.Namespace) -> None:
    if (args.seed_only or args.as_seeded) and not args.keep:
        raise SystemExit("--seed-only and --as-seeded need --keep DIR (a throwaway seed is dropped at the end)")
    # `kill PID` (SIGTERM) stops a background seed cleanly: the stack is stopped, the kept seed's
    # progress note stands and the next run with the same --keep resumes from it.
    running = asyncio.current_task()
    assert running is not None
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, running.cancel)
    try:
        timed = await (run_kept(args) if args.keep else run_throwaway(args))
    except asyncio.CancelledError:
        raise SystemExit("stopped (SIGTERM); a kept seed resumes with the same command") from None
    if timed is None:
        print(f"seed ready in {args.keep}; measure with the same --cases and --keep", flush=True)
        return
    before, after = timed
    print(f"\nops pages through the gateway, {args.rounds} rounds each; target p99 ≤ {TARGET_P99:.1f} s")
    print(f"{'page':40} {'anchor p50':>10} {'p99':>8}   {f'{args.cases:,} open p50':>16} {'p99':>8}")
    for name in before:
        a, b = before[name], after[name]
        verdict = "ok" if p99(b) <= TARGET_P99 else "MISSED"
        print(
            f"{name:40} {statistics.median(a) * 1000:8.0f}ms {p99(a) * 1000:6.0f}ms   "
            f"{statistics.median(b) * 1000:14.0f}ms {p99(b) * 1000:6.0f}ms  {verdict}"
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--concurrency", type=int, default=48)
    parser.add_argument("--keep", metavar="DIR", help="keep the seed in DIR (and fixed-name databases); reuse it")
    parser.add_argument("--seed-only", action="store_true", help="with --keep: seed or finish the seed, then stop")
    parser.add_argument(
        "--as-seeded", action="store_true", help="with --keep: measure an unfinished seed as far as it got"
    )
    asyncio.run(main(parser.parse_args()))

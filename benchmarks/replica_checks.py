"""The after-check of a replicated run (benchmarks/replicas.py, tests/e2e/test_replicas.py): read
straight from each service's PostgreSQL database, from Temporal's visibility and from the ops
reconciliation view, never from what the driver believes."""

from __future__ import annotations

import asyncio
import time
import urllib.request
from dataclasses import dataclass, field
from typing import Any

import asyncpg
from temporalio.client import Client

from benchmarks.pg import dsn
from benchmarks.spread import Http
from contracts.case import workflow_id
from services.common import search_attributes as sa


@dataclass
class Figures:
    filings_taken: int = 0
    complaints_stored: int = 0
    cases_stored: int = 0
    lost: int = 0
    duplicated: int = 0
    tasks_completed: int = 0
    completed_twice: int = 0
    timeline_completions_differ: int = 0
    liaison_results_sent: int = 0
    liaison_results_stored: int = 0
    liaison_results_applied: int = 0
    closed_record: int = 0
    closed_workflow: int = 0
    closed_both: int = 0
    reconciliation: int = -1
    problems: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        return [
            f"filings taken {self.filings_taken}; complaints stored {self.complaints_stored} on "
            f"{self.cases_stored} cases; lost {self.lost}, duplicated {self.duplicated}",
            f"tasks completed {self.tasks_completed}; completed twice {self.completed_twice}; "
            f"cases whose timeline completions differ from their tasks {self.timeline_completions_differ}",
            f"liaison results sent {self.liaison_results_sent} (each twice); stored {self.liaison_results_stored}; "
            f"applied on timelines {self.liaison_results_applied}",
            f"CLOSED: record {self.closed_record}, workflow {self.closed_workflow}, both {self.closed_both}",
            f"reconciliation: {self.reconciliation} disagreement(s)",
        ]


async def check(
    urls: dict[str, str],
    temporal: Client,
    http: Http,
    admin: dict[str, str],
    taken: dict[str, str],
    liaison_sent: dict[str, int],
) -> Figures:
    """`taken`: idempotency key → case number of every filing taken; `liaison_sent`: case number →
    distinct liaison results sent for it (each was sent twice)."""
    f = Figures(filings_taken=len(taken), liaison_results_sent=sum(liaison_sent.values()))
    cases = sorted(set(taken.values()))
    intake = await asyncpg.connect(dsn(urls["intake"]))
    try:
        f.complaints_stored = await intake.fetchval("SELECT count(*) FROM complaint WHERE case_no = ANY($1)", cases)
        f.cases_stored = await intake.fetchval("SELECT count(*) FROM dispute_case WHERE case_no = ANY($1)", cases)
        records = dict(await intake.fetch("SELECT case_no, status FROM dispute_case WHERE case_no = ANY($1)", cases))
        timeline = await intake.fetch(
            "SELECT case_no, kind, count(*) AS n FROM timeline_event WHERE case_no = ANY($1) "
            "AND kind IN ('task_completed', 'liaison_result') GROUP BY case_no, kind",
            cases,
        )
    finally:
        await intake.close()
    f.lost = len(taken) - f.complaints_stored if f.complaints_stored < len(taken) else 0
    f.duplicated = max(0, f.complaints_stored - len(taken)) + max(0, f.cases_stored - len(cases))
    mediation = await asyncpg.connect(dsn(urls["mediation"]))
    try:
        completions = await mediation.fetch(
            "SELECT t.case_no, t.workflow_id, e.task_id, count(*) AS n FROM task_event e JOIN task t ON t.id = e.task_id "
            "WHERE t.case_no = ANY($1) AND e.action = 'completed' GROUP BY t.case_no, t.workflow_id, e.task_id",
            cases,
        )
        f.liaison_results_stored = await mediation.fetchval(
            "SELECT count(*) FROM liaison_result l JOIN referral r ON r.referral_id = l.referral_id "
            "WHERE r.case_no = ANY($1)",
            cases,
        )
    finally:
        await mediation.close()
    f.tasks_completed = len(completions)
    f.completed_twice = sum(1 for row in completions if row["n"] > 1)
    per_case: dict[str, int] = {}
    for row in completions:  # the case workflow's own tasks are on the timeline as task_completed
        if row["workflow_id"] == workflow_id(row["case_no"]):
            per_case[row["case_no"]] = per_case.get(row["case_no"], 0) + 1
    on_timeline = {r["case_no"]: r["n"] for r in timeline if r["kind"] == "task_completed"}
    f.timeline_completions_differ = sum(1 for c in cases if per_case.get(c, 0) != on_timeline.get(c, 0))
    f.liaison_results_applied = sum(r["n"] for r in timeline if r["kind"] == "liaison_result")
    if f.liaison_results_applied != f.liaison_results_sent:
        f.problems.append(f"{f.liaison_results_applied} liaison results applied, {f.liaison_results_sent} sent")
    workflows = {c: await workflow_state(temporal, c) for c in cases}
    f.closed_record = sum(1 for c in cases if records.get(c) == "CLOSED")
    f.closed_workflow = sum(1 for c in cases if workflows.get(c) == "COMPLETED/CLOSED")
    f.closed_both = sum(1 for c in cases if records.get(c) == "CLOSED" and workflows.get(c) == "COMPLETED/CLOSED")
    for _ in range(30):
        left = await all_disagreements(http, admin)
        f.reconciliation = len(left)
        if not left:
            break
        await asyncio.sleep(2)
    for d in left[:10]:
        f.problems.append(f"reconciliation: {d['kind']} {d['case_no']} {d['detail']}")
    return f


async def all_disagreements(http: Http, headers: dict[str, str]) -> list[dict[str, Any]]:
    """The whole reconciliation sweep, page by page."""
    found: list[dict[str, Any]] = []
    token = ""
    while True:
        reply = await http.get("/api/v1/ops/reconciliation", params={"page_token": token}, headers=headers, timeout=60)
        body = reply.json()
        found += body["disagreements"]
        token = body["next_page_token"]
        if not token:
            return found


async def workflow_state(temporal: Client, case_no: str, wait: float = 30) -> str:
    """ "<execution status>/<CaseStatus>" of the case's workflow (its latest run), described, not
    listed: visibility lags. The record is written CLOSED by the workflow's last activity, a moment
    before the workflow completes, so a running workflow is looked at again for up to `wait` s."""
    handle = temporal.get_workflow_handle(workflow_id(case_no))
    deadline = time.monotonic() + wait
    while True:
        described = await handle.describe()
        status = described.status.name if described.status else ""
        if status != "RUNNING" or time.monotonic() > deadline:
            return f"{status}/{described.typed_search_attributes.get(sa.CASE_STATUS) or ''}"
        await asyncio.sleep(0.5)


def ok(f: Figures, cases: int) -> bool:
    return (
        f.lost == 0
        and f.duplicated == 0
        and f.completed_twice == 0
        and f.timeline_completions_differ == 0
        and f.liaison_results_applied == f.liaison_results_sent == f.liaison_results_stored
        and f.closed_both == cases
        and f.reconciliation == 0
    )


def grpc_calls_served(port: int) -> int:
    """gRPC calls a service replica served since it (re)started, from its /metrics."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10) as reply:
            text = reply.read().decode()
    except OSError:
        return -1
    return int(
        sum(
            float(line.rsplit(" ", 1)[1])
            for line in text.splitlines()
            if line.startswith("fengqiao_grpc_server_handled_total")
        )
    )

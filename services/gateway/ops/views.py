"""The data behind each ops page, as JSON-ready dicts (the HTML pages render the same dicts).

Joins Temporal (visibility, describe, task queues) with the service records (intake cases,
mediation tasks). Service calls go out under the ops user's own signed identity, so the services
check scope again and personal data stays masked.
"""

from __future__ import annotations

import asyncio
import binascii
from collections import Counter
from collections.abc import Mapping
from dataclasses import asdict
from datetime import UTC, datetime, timedelta
from typing import Any

import grpc
from fengqiao.intake.v1 import intake_pb2
from fengqiao.mediation.v1 import liaison_admin_pb2, task_pb2
from temporalio.service import RPCError, RPCStatusCode

from services.common.clock import SHANGHAI, utcnow
from services.common.identity import Identity
from services.common.logging import request_id_var
from services.gateway import audit
from services.gateway.deps import Backends
from services.gateway.errors import ApiError
from services.gateway.health import probe
from services.gateway.ops import calendar as work_calendar
from services.gateway.ops import sweep
from services.gateway.ops import workflows as wf
from services.gateway.views import task_json

# Each overdue list shows its first rows (one page read, as many as a page of the case list) and
# says whether there are more; the workflow lists link to the paged case list for the rest. Rows
# matching a rarer filter cost the visibility store more rows read per page.
OVERDUE_SHOWN = 100
# A poller Temporal has not seen for this long is a worker that is gone.
POLLER_STALE = timedelta(minutes=2)


def _md(backends: Backends, identity: Identity) -> list[tuple[str, str]]:
    return backends.caller_metadata(identity, request_id_var.get())


def _link(backends: Backends, workflow_id: str, run_id: str = "") -> str:
    s = backends.settings
    return wf.ui_link(s.temporal_ui_url, s.temporal_namespace, workflow_id, run_id)


def _counts(values: list[str]) -> dict[str, int]:
    return dict(sorted(Counter(v or "—" for v in values).items()))


async def overview(backends: Backends, identity: Identity) -> dict[str, Any]:
    """Cases by status, track and level from Temporal's visibility counts (the last snapshot, with
    when it was taken, recounted behind the view: ops/counts.py), and by status, track, level and
    community from the records' counts: no workflow or record is read and no visibility count is
    waited for, so the page costs the same at 100,000 open cases as at ten (issue 19)."""
    w, records, calendar_warnings = await asyncio.gather(
        backends.ops_counts.get(backends.temporal, backends.settings.ops_counts_max_age_seconds),
        backends.intake.CountCases(
            intake_pb2.CountCasesRequest(),
            metadata=_md(backends, identity),
            timeout=backends.settings.rpc_timeout_seconds,
        ),
        calendar(backends, identity),
    )
    return {
        "workflows": {
            "total": sum(w.by_execution.values()),
            "by_execution_status": _sorted(w.by_execution),
            "running_by_case_status": _sorted(w.by_status),
            "running_by_track": _sorted(w.by_track),
            "running_by_escalation_level": _sorted(w.by_level),
            "running_overdue": w.overdue,
            "counted_at": w.counted_at.isoformat(),
            "recounting": backends.ops_counts.recounting,
        },
        "records": {
            "total": records.total,
            "by_status": _sorted(records.by_status),
            "by_track": _sorted(records.by_track),
            "by_escalation_level": _sorted(records.by_escalation_level),
            "by_community": _sorted(records.by_community),
        },
        "calendar_warnings": calendar_warnings,
        "temporal_ui": backends.settings.temporal_ui_url,
    }


def _sorted(counts: Mapping[str, int]) -> dict[str, int]:
    """Counts by value, "—" for none, largest first."""
    return {value or "—": n for value, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))}


async def cases(backends: Backends, query: str, page_token: str = "", page_size: int = 100) -> dict[str, Any]:
    """Case workflows matching a visibility query (e.g. `CaseStatus = 'TRIAGE' AND Overdue = true`),
    a page at a time. How many match is exact when the first page holds them all; otherwise it is
    the last count of this query (`total_counted_at`), taken behind the view (ops/counts.py), or
    null until one was taken: the view never waits on a count, which scans visibility."""
    if "\x00" in query:
        # The dev server's SQL visibility answers a NUL inside a quoted value with an internal error
        # (UNAVAILABLE, which the client retries for seconds) rather than INVALID_ARGUMENT.
        raise ApiError(422, "invalid_argument", "query: must not contain a NUL character", {"field": "query"})
    try:
        rows, following = await wf.case_workflows_page(
            backends.temporal, query=query, page_size=page_size, page_token=page_token
        )
    except RPCError as exc:
        if exc.status != RPCStatusCode.INVALID_ARGUMENT:
            raise
        raise ApiError(422, "invalid_argument", f"query: {exc.message}", {"field": "query", "problems": []}) from exc
    except binascii.Error as exc:
        raise ApiError(
            422, "invalid_argument", "page_token: not a token this page gave", {"field": "page_token"}
        ) from exc
    total: int | None = None
    counted_at = ""
    if not page_token and not following:
        total = len(rows)  # the whole list is this page
    else:
        s = backends.settings
        kept = backends.ops_counts.query_count(backends.temporal, query, s.ops_counts_max_age_seconds)
        if kept is not None:
            total, counted_at = kept.count, kept.counted_at.isoformat()
    return {
        "query": query,
        "total": total,
        "total_counted_at": counted_at,
        "next_page_token": following,
        "workflows": [r.model_dump() | {"temporal_ui": _link(backends, r.workflow_id, r.run_id)} for r in rows],
    }


async def reconciliation(
    backends: Backends, identity: Identity, page_token: str = "", page_size: int = sweep.PAGE_SIZE
) -> dict[str, Any]:
    """One page of the reconciliation sweep (services/gateway/ops/sweep.py)."""
    return await sweep.page(backends, identity, page_token, page_size)


async def overdue(backends: Backends, identity: Identity) -> dict[str, Any]:
    """Overdue tasks (the records), overdue workflows (the Overdue attribute) and deadlines due soon:
    the first OVERDUE_SHOWN of each, one page read each. A list that holds more says so (`more`)
    and links to the paged case list; the view counts nothing in visibility (issue 19)."""
    soon = (utcnow() + timedelta(hours=24)).strftime("%Y-%m-%dT%H:%M:%SZ")
    late_query = "ExecutionStatus = 'Running' AND Overdue = true"
    soon_query = f"ExecutionStatus = 'Running' AND Overdue = false AND DueAt < '{soon}'"
    late_tasks, (late_wfs, _), (due_soon, _), (courts, courts_more) = await asyncio.gather(
        backends.tasks.ListTasks(
            task_pb2.ListTasksRequest(view="overdue", page_size=OVERDUE_SHOWN),
            metadata=_md(backends, identity),
            timeout=backends.settings.rpc_timeout_seconds,
        ),
        # One row more than shown: a full page's token would not tell "exactly 100" from "more".
        wf.case_workflows_page(backends.temporal, query=late_query, page_size=OVERDUE_SHOWN + 1),
        wf.case_workflows_page(backends.temporal, query=soon_query, page_size=OVERDUE_SHOWN + 1),
        wf.court_late(backends.temporal, limit=OVERDUE_SHOWN),
    )
    late_more, soon_more = len(late_wfs) > OVERDUE_SHOWN, len(due_soon) > OVERDUE_SHOWN
    late_wfs, due_soon = late_wfs[:OVERDUE_SHOWN], due_soon[:OVERDUE_SHOWN]
    return {
        "overdue_tasks": [
            {k: task_json(t)[k] for k in ("id", "kind", "case_no", "workflow_id", "status", "assignee", "due_at")}
            | {"temporal_ui": _link(backends, t.workflow_id)}
            for t in late_tasks.tasks
        ],
        "overdue_workflows": [
            r.model_dump() | {"temporal_ui": _link(backends, r.workflow_id, r.run_id)} for r in late_wfs
        ],
        "due_within_24h": [
            r.model_dump() | {"temporal_ui": _link(backends, r.workflow_id, r.run_id)} for r in due_soon
        ],
        # Professional mediations whose court is past its acceptance or ruling deadline.
        "court_late": [r.model_dump() | {"temporal_ui": _link(backends, r.workflow_id, r.run_id)} for r in courts],
        "totals": {
            # The task count stops at the inbox's cap (999); `tasks_capped` says it did.
            "overdue_tasks": late_tasks.total,
            "tasks_capped": late_tasks.total_capped,
            # The workflow lists: as many as shown, and whether there are more (not counted).
            "overdue_workflows": len(late_wfs),
            "due_within_24h": len(due_soon),
        },
        "more": {
            "overdue_workflows": late_more,
            "due_within_24h": soon_more,
            "court_late": courts_more,
        },
        "queries": {"overdue_workflows": late_query, "due_within_24h": soon_query},
        "shown_at_most": OVERDUE_SHOWN,
    }


async def failing(backends: Backends, page_token: str = "") -> dict[str, Any]:
    """Failing activities among a page of running case workflows (newest first, one describe each):
    visibility does not index pending activities, so the page walks the running workflows a page
    at a time instead of describing every one on each view. How many run in all is the overview's
    last count, with when it was taken."""
    size = backends.settings.ops_describe_limit
    running_query = "ExecutionStatus = 'Running'"
    try:
        # How many run in all: the overview's last counts (with their time), never a count here.
        (running, following), counts = await asyncio.gather(
            wf.case_workflows_page(backends.temporal, query=running_query, page_size=size, page_token=page_token),
            backends.ops_counts.get(backends.temporal, backends.settings.ops_counts_max_age_seconds),
        )
    except binascii.Error as exc:
        raise ApiError(
            422, "invalid_argument", "page_token: not a token this page gave", {"field": "page_token"}
        ) from exc
    found = await wf.failing_activities(backends.temporal, running, limit=size)
    return {
        "described": len(running),
        "limit": size,
        "running": counts.by_execution.get("RUNNING", 0),
        "running_counted_at": counts.counted_at.isoformat(),
        "next_page_token": following,
        "activities": [a.model_dump() | {"temporal_ui": _link(backends, a.workflow_id)} for a in found],
    }


async def health(backends: Backends) -> dict[str, Any]:
    """Services, database, Temporal, and the workers polling the case task queue."""
    s = backends.settings
    services = {f"{c.name} {c.address}" if c.address else f"gateway {c.name}": c.ok for c in await probe(backends)}
    try:
        polling = await wf.pollers(backends.temporal, s.temporal_task_queue)
        poller_error = ""
    except Exception as exc:
        polling, poller_error = [], str(exc)
    now = datetime.now(UTC)
    workers = [
        asdict(p) | {"alive": p.last_access is not None and now - p.last_access.replace(tzinfo=UTC) < POLLER_STALE}
        for p in polling
    ]
    kinds_alive = {w["task_queue_type"] for w in workers if w["alive"]}
    return {
        "services": services,
        "task_queue": s.temporal_task_queue,
        "workers": workers,
        "workers_ok": kinds_alive == {"workflow", "activity"},
        "workers_error": poller_error,
        "metrics": "every process serves Prometheus /metrics; see deploy/grafana/fengqiao-ops.json",
    }


async def webhooks(backends: Backends, identity: Identity) -> dict[str, Any]:
    """Webhook deliveries to liaison systems, newest attempt first: every retry is a row, so a
    delivery that keeps failing shows its attempts, status codes and errors."""
    reply = await backends.liaison_admin.ListWebhookAttempts(
        liaison_admin_pb2.ListWebhookAttemptsRequest(limit=200),
        metadata=_md(backends, identity),
        timeout=backends.settings.rpc_timeout_seconds,
    )
    deliveries = [
        {
            "attempted_at": a.attempted_at.ToDatetime(tzinfo=UTC).astimezone(SHANGHAI).isoformat(timespec="seconds"),
            "organisation": a.organisation_code,
            "referral_id": a.referral_id,
            "delivery_id": a.delivery_id,
            "attempt": a.attempt,
            "outcome": a.outcome,
            "status_code": a.status_code or "",
            "error": a.error,
            "duration_ms": a.duration_ms,
            "url": a.url,
        }
        for a in reply.attempts
    ]
    failed = sum(1 for d in deliveries if d["outcome"] == "failed")
    return {
        "available": True,
        "message": f"{len(deliveries)} recent attempts, {failed} failed (Temporal retries them with backoff; "
        "organisations without an endpoint pull their referral list)",
        "failed": failed,
        "deliveries": deliveries,
    }


async def calendar(backends: Backends, identity: Identity) -> list[dict[str, Any]]:
    """Years the working-day calendar does not cover (this year and next), from the mediation
    service; when it cannot be asked, that itself is the warning (deadlines may be mistimed)."""
    try:
        return list((await work_calendar.coverage(backends, identity))["warnings"])
    except grpc.aio.AioRpcError as exc:
        return [{"year": None, "message": f"calendar coverage unavailable from the mediation service: {exc.details()}"}]


async def audit_log(backends: Backends) -> dict[str, Any]:
    """The newest audit entries and whether the whole hash chain verifies."""
    report = await audit.verify(backends.db)
    entries = await audit.recent(backends.db)
    return {
        "intact": report.ok,
        "problems": report.problems,
        "head": f"{report.head_seq}:{report.head_hash}",
        "entries": [
            {
                "seq": e.seq,
                "occurred_at": e.occurred_at.isoformat(),
                "actor": e.actor,
                "action": e.action,
                "target": e.target,
                "detail": e.detail,
            }
            for e in entries
        ],
    }

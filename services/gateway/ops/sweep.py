"""Reconciliation a page at a time: three sweeps walked side by side, each looking up only its own
rows, so a page costs the same at 100,000 open cases as at ten and nothing is cut short silently.

- the records, in intake's order, each against its workflow's newest run (looked up by id);
- the case workflows, newest first, each against its record (looked up by case number);
- the open tasks, each against its workflow of any type (looked up by id).

The page token carries the three sweeps' own tokens; a finished sweep's is None. The whole check
is complete when every sweep has run out.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import json
from dataclasses import asdict, dataclass
from typing import Any

from fengqiao.intake.v1 import intake_pb2
from fengqiao.mediation.v1 import task_pb2

from services.common.identity import Identity
from services.common.logging import request_id_var
from services.gateway.deps import Backends
from services.gateway.errors import ApiError
from services.gateway.ops import workflows as wf
from services.gateway.ops.reconcile import (
    CaseRecord,
    Disagreement,
    OpenTask,
    check_records,
    check_tasks,
    check_workflows,
    newest_runs,
    sort,
)
from services.gateway.views import task_json

# Rows per sweep per page, as a page of the case list (the services allow up to 200): a page checks
# up to 300 rows, each looked up on the other side, and stays well under a second at 100,000.
PAGE_SIZE = 100


@dataclass(frozen=True)
class Cursor:
    """Where each sweep stands: "" for its first page, None when it has run out."""

    records: str | None = ""
    workflows: str | None = ""
    tasks: str | None = ""

    @property
    def done(self) -> bool:
        return self.records is None and self.workflows is None and self.tasks is None

    def encode(self) -> str:
        return "" if self.done else base64.urlsafe_b64encode(json.dumps(asdict(self)).encode()).decode()

    @classmethod
    def decode(cls, token: str) -> Cursor:
        if not token:
            return cls()
        try:
            raw = json.loads(base64.urlsafe_b64decode(token.encode()))
            cursor = cls(**raw)
        except (binascii.Error, ValueError, TypeError, UnicodeDecodeError) as exc:
            raise ApiError(
                422, "invalid_argument", "page_token: not a token this page gave", {"field": "page_token"}
            ) from exc
        if not all(isinstance(v, str | None) for v in asdict(cursor).values()) or cursor.done:
            raise ApiError(422, "invalid_argument", "page_token: not a token this page gave", {"field": "page_token"})
        return cursor


async def page(
    backends: Backends, identity: Identity, page_token: str = "", page_size: int = PAGE_SIZE
) -> dict[str, Any]:
    """One page of each sweep (`page_size` rows each) and the disagreements found in it."""
    cursor = Cursor.decode(page_token)
    (records, after_records), (workflows, after_workflows), (tasks, after_tasks) = await asyncio.gather(
        _records(backends, identity, cursor.records, page_size),
        _workflows(backends, cursor.workflows, page_size),
        _tasks(backends, identity, cursor.tasks, page_size),
    )
    by_records, by_workflows, by_tasks = await asyncio.gather(
        _check_records(backends, records),
        _check_workflows(backends, identity, workflows),
        _check_tasks(backends, tasks),
    )
    found = sort(by_records + by_workflows + by_tasks)
    following = Cursor(after_records, after_workflows, after_tasks)
    return {
        "checked": {"records": len(records), "workflows": len(workflows), "open_tasks": len(tasks)},
        "complete": following.done,
        "next_page_token": following.encode(),
        "disagreements": [asdict(d) | {"temporal_ui": _link(backends, d.workflow_id)} for d in found],
    }


def _md(backends: Backends, identity: Identity) -> list[tuple[str, str]]:
    return backends.caller_metadata(identity, request_id_var.get())


def _link(backends: Backends, workflow_id: str) -> str:
    s = backends.settings
    return wf.ui_link(s.temporal_ui_url, s.temporal_namespace, workflow_id)


async def _records(
    backends: Backends, identity: Identity, token: str | None, size: int
) -> tuple[list[CaseRecord], str | None]:
    if token is None:
        return [], None
    reply = await backends.intake.ListCases(
        intake_pb2.ListCasesRequest(page_size=size, page_token=token),
        metadata=_md(backends, identity),
        timeout=backends.settings.rpc_timeout_seconds,
    )
    return [CaseRecord(c.case_no, c.status, c.workflow_id) for c in reply.cases], reply.next_page_token or None


async def _workflows(backends: Backends, token: str | None, size: int) -> tuple[list[wf.CaseWorkflow], str | None]:
    if token is None:
        return [], None
    try:
        rows, following = await wf.case_workflows_page(backends.temporal, page_size=size, page_token=token)
    except binascii.Error as exc:
        raise ApiError(
            422, "invalid_argument", "page_token: not a token this page gave", {"field": "page_token"}
        ) from exc
    return rows, following or None


async def _tasks(
    backends: Backends, identity: Identity, token: str | None, size: int
) -> tuple[list[OpenTask], str | None]:
    if token is None:
        return [], None
    reply = await backends.tasks.ListTasks(
        task_pb2.ListTasksRequest(view="all", page_size=size, page_token=token),
        metadata=_md(backends, identity),
        timeout=backends.settings.rpc_timeout_seconds,
    )
    found = [OpenTask(t.id, t.case_no, t.workflow_id, task_json(t)["status"].upper()) for t in reply.tasks]
    return found, reply.next_page_token or None


async def _check_records(backends: Backends, records: list[CaseRecord]) -> list[Disagreement]:
    runs = await wf.by_ids(backends.temporal, [r.workflow_id for r in records])
    return check_records(records, newest_runs(runs))


async def _check_workflows(
    backends: Backends, identity: Identity, workflows: list[wf.CaseWorkflow]
) -> list[Disagreement]:
    numbers = sorted({w.case_no for w in workflows if w.case_no})
    reply = await backends.intake.GetCases(
        intake_pb2.GetCasesRequest(case_nos=numbers),
        metadata=_md(backends, identity),
        timeout=backends.settings.rpc_timeout_seconds,
    )
    recorded = {c.workflow_id for c in reply.cases}
    # A case that continued as new lists a run per page row; its record is checked once.
    return check_workflows(newest_runs(workflows).values(), recorded)


async def _check_tasks(backends: Backends, tasks: list[OpenTask]) -> list[Disagreement]:
    runs = newest_runs(await wf.by_ids(backends.temporal, [t.workflow_id for t in tasks], case_only=False))
    return check_tasks(tasks, {wid: run.execution_status for wid, run in runs.items()})

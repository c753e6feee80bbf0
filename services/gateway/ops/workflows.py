"""What Temporal knows about the case workflows: visibility rows, pending activities, pollers.

Everything here reads through the gateway's encrypting client, so failure messages (encrypted in
history) come back readable to ops; search attributes carry no personal data by design.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import re
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from pydantic import ConfigDict
from temporalio.api.enums.v1 import PendingActivityState, TaskQueueType
from temporalio.api.taskqueue.v1 import TaskQueue
from temporalio.api.workflowservice.v1 import DescribeTaskQueueRequest
from temporalio.client import Client, WorkflowExecution

from contracts import consultation, review, supervision, takeover
from contracts.case import WORKFLOW_NAME
from contracts.professional import WORKFLOW_NAME as PROFESSIONAL_WORKFLOW
from services.common import search_attributes as sa
from services.gateway.schemas.ops import CaseWorkflowBase, FailingActivity

CASE_WORKFLOWS = f"WorkflowType = '{WORKFLOW_NAME}'"
# Every other workflow type that opens tasks in the inbox: their tasks are no case's, and a task
# of one of them is stuck only when its workflow is not running.
TASK_OWNER_TYPES = (
    consultation.WORKFLOW_NAME,
    PROFESSIONAL_WORKFLOW,
    review.WORKFLOW_NAME,
    supervision.WORKFLOW_NAME,
    takeover.WORKFLOW_NAME,
)


class CaseWorkflow(CaseWorkflowBase):
    """A visibility row as ops reads it; the API answers it with its Temporal UI link."""

    model_config = ConfigDict(frozen=True)

    @property
    def running(self) -> bool:
        return self.execution_status == "RUNNING"


@dataclass(frozen=True)
class Poller:
    task_queue_type: str
    identity: str
    last_access: datetime | None


def _row(execution: WorkflowExecution) -> CaseWorkflow:
    attrs = execution.typed_search_attributes
    status = execution.status.name if execution.status else "UNKNOWN"
    return CaseWorkflow(
        workflow_id=execution.id,
        run_id=execution.run_id,
        execution_status=status,
        case_no=attrs.get(sa.CASE_NO) or "",
        case_status=attrs.get(sa.CASE_STATUS) or "",
        track=attrs.get(sa.TRACK) or "",
        escalation_level=attrs.get(sa.ESCALATION_LEVEL) or "",
        community=attrs.get(sa.COMMUNITY) or "",
        company=attrs.get(sa.COMPANY) or "",
        due_at=attrs.get(sa.DUE_AT),
        overdue=bool(attrs.get(sa.OVERDUE)),
        started_at=execution.start_time,
    )


async def case_workflows_page(
    client: Client, *, query: str = "", page_size: int = 100, page_token: str = ""
) -> tuple[list[CaseWorkflow], str]:
    """One page of case workflows from visibility, newest first, and the next page's token ("" at
    the end): a list of 100,000 is read a page at a time, never whole."""
    full = f"{CASE_WORKFLOWS} AND ({query})" if query.strip() else CASE_WORKFLOWS
    token = base64.urlsafe_b64decode(page_token.encode()) if page_token else None
    if page_token and (not token or base64.urlsafe_b64encode(token).decode() != page_token):
        raise binascii.Error("not a page token this list gave")
    pages = client.list_workflows(full, page_size=page_size, next_page_token=token)
    await pages.fetch_next_page()
    rows = [_row(execution) for execution in pages.current_page or []]
    following = pages.next_page_token
    return rows, base64.urlsafe_b64encode(following).decode() if following else ""


# Ids are written into a visibility query; ours never hold a quote or backslash, and one that
# does is not looked up (it then reads as "no workflow").
_SAFE_ID = re.compile(r"^[^'\\]+$")


async def by_ids(client: Client, ids: Collection[str], *, case_only: bool = True) -> list[CaseWorkflow]:
    """Every run of the workflows with these ids (of any type unless `case_only`), 100 ids a query:
    a reconciliation page looks up its own rows instead of listing every workflow."""
    wanted = sorted(i for i in set(ids) if _SAFE_ID.match(i))
    chunks = [wanted[n : n + 100] for n in range(0, len(wanted), 100)]

    async def one(chunk: list[str]) -> list[CaseWorkflow]:
        listed = ", ".join(f"'{i}'" for i in chunk)
        query = f"WorkflowId IN ({listed})"
        if case_only:
            query = f"{CASE_WORKFLOWS} AND {query}"
        return [_row(execution) async for execution in client.list_workflows(query, page_size=1000)]

    return [row for rows in await asyncio.gather(*(one(c) for c in chunks)) for row in rows]


async def court_late(client: Client, *, limit: int = 500) -> tuple[list[CaseWorkflow], bool]:
    """Running professional mediations waiting on a court past the court's own deadline (shown to
    ops; never enforced on the court), the newest `limit` of them in one page read; True when
    there are more."""
    query = f"WorkflowType = '{PROFESSIONAL_WORKFLOW}' AND ExecutionStatus = 'Running' AND Overdue = true"
    pages = client.list_workflows(query, page_size=limit + 1)
    await pages.fetch_next_page()
    rows = [_row(execution) for execution in pages.current_page or []]
    return rows[:limit], len(rows) > limit


async def count(client: Client, query: str = "") -> int:
    full = f"{CASE_WORKFLOWS} AND ({query})" if query.strip() else CASE_WORKFLOWS
    return (await client.count_workflows(full)).count


async def counts_by_execution_status(client: Client) -> dict[str, int]:
    """Case workflows per execution status, in one count (visibility groups by this one field)."""
    found = await client.count_workflows(f"{CASE_WORKFLOWS} GROUP BY ExecutionStatus")
    by_status: dict[str, int] = {}
    for group in found.groups:
        [value] = group.group_values
        by_status[str(value).removeprefix("WORKFLOW_EXECUTION_STATUS_").upper()] = group.count
    return by_status


async def failing_activities(client: Client, running: list[CaseWorkflow], *, limit: int) -> list[FailingActivity]:
    """Pending activities that failed at least once (attempt > 1 or a last failure), over the
    newest `limit` running workflows (one describe each, ten at a time)."""
    gate = asyncio.Semaphore(10)

    async def of(row: CaseWorkflow) -> list[FailingActivity]:
        async with gate:
            try:
                description = await client.get_workflow_handle(row.workflow_id, run_id=row.run_id).describe()
            except Exception:  # closed between listing and describing: nothing pending
                return []
        found = []
        for pending in description.raw_description.pending_activities:
            if pending.attempt <= 1 and not pending.HasField("last_failure"):
                continue
            message = ""
            if pending.HasField("last_failure"):
                message = str(await client.data_converter.decode_failure(pending.last_failure))
            found.append(
                FailingActivity(
                    workflow_id=row.workflow_id,
                    case_no=row.case_no,
                    activity_id=pending.activity_id,
                    activity_type=pending.activity_type.name,
                    state=PendingActivityState.Name(pending.state).removeprefix("PENDING_ACTIVITY_STATE_"),
                    attempt=pending.attempt,
                    maximum_attempts=pending.maximum_attempts,
                    last_failure=message,
                    next_attempt_at=pending.next_attempt_schedule_time.ToDatetime()
                    if pending.HasField("next_attempt_schedule_time")
                    else None,
                    last_worker=pending.last_worker_identity,
                )
            )
        return found

    batches = await asyncio.gather(*(of(row) for row in running[:limit]))
    return [activity for batch in batches for activity in batch]


async def pollers(client: Client, task_queue: str) -> list[Poller]:
    """Workers polling the case task queue (workflow and activity pollers), as Temporal saw them."""
    found: list[Poller] = []
    for kind in (TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW, TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY):
        reply = await client.workflow_service.describe_task_queue(
            DescribeTaskQueueRequest(
                namespace=client.namespace, task_queue=TaskQueue(name=task_queue), task_queue_type=kind
            )
        )
        for poller in reply.pollers:
            found.append(
                Poller(
                    task_queue_type=TaskQueueType.Name(kind).removeprefix("TASK_QUEUE_TYPE_").lower(),
                    identity=poller.identity,
                    last_access=poller.last_access_time.ToDatetime() if poller.HasField("last_access_time") else None,
                )
            )
    return found


def ui_link(ui_url: str, namespace: str, workflow_id: str, run_id: str = "") -> str:
    """The workflow's page in Temporal UI."""
    base = f"{ui_url.rstrip('/')}/namespaces/{namespace}/workflows/{workflow_id}"
    return f"{base}/{run_id}/history" if run_id else base

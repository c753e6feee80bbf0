"""The task inbox: list, read, claim, release, assign, complete."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fengqiao.mediation.v1 import task_pb2

from services.gateway.deps import BackendsDep, CallerDep
from services.gateway.inbox import InboxFilters, View, list_request
from services.gateway.schemas.common import SIGNED_IN, PageSize, PageToken, PathKey, refusals
from services.gateway.schemas.tasks import TaskAssign, TaskClaim, TaskComplete, TaskCountsPublic, TaskPage, TaskPublic
from services.gateway.views import task_json

router = APIRouter(prefix="/api/v1/tasks", tags=["tasks"])
# Every route answering one task; a change may lose a race or be refused by the workflow (409).
_ONE_TASK: dict[str, Any] = {
    "response_model": TaskPublic,
    "response_model_exclude_unset": True,
    "responses": refusals(*SIGNED_IN, 404),
}
_CHANGED_TASK = _ONE_TASK | {"responses": refusals(*SIGNED_IN, 404, 409, 413)}


@router.get("", response_model=TaskPage, response_model_exclude_unset=True, responses=refusals(*SIGNED_IN))
async def list_tasks(
    backends: BackendsDep,
    caller: CallerDep,
    filters: Annotated[InboxFilters, Query()],
    view: Annotated[View, Query()] = "mine",
    page_size: PageSize = 50,
    page_token: PageToken = "",
) -> dict[str, Any]:
    """One inbox view: mine (claimed by me), group (unclaimed in my groups), all (open in my
    scope), completed (by me), overdue (open past their deadline, in my scope); filtered, sorted
    by due time (default), priority or creation, one keyset page at a time. `total` counts the
    filtered view up to 999 (`total_capped` says there are more)."""
    result = await backends.tasks.ListTasks(
        list_request(view, filters, page_size, page_token), metadata=caller.metadata, timeout=caller.timeout
    )
    return {
        "tasks": [task_json(t) for t in result.tasks],
        "total": int(result.total),
        "total_capped": result.total_capped,
        "next_page_token": result.next_page_token,
    }


@router.get("/counts", response_model=TaskCountsPublic, responses=refusals(*SIGNED_IN))
async def count_tasks(backends: BackendsDep, caller: CallerDep) -> dict[str, Any]:
    """How many tasks each inbox view holds for the caller: `{view: {count, capped}}`."""
    result = await backends.tasks.CountTasks(
        task_pb2.CountTasksRequest(), metadata=caller.metadata, timeout=caller.timeout
    )
    return {c.view: {"count": int(c.count), "capped": c.capped} for c in result.counts}


@router.get("/{task_id}", **_ONE_TASK)
async def get_task(task_id: PathKey, backends: BackendsDep, caller: CallerDep) -> dict[str, Any]:
    """One task with its form schema, allowed outcomes and history."""
    result = await backends.tasks.GetTask(
        task_pb2.GetTaskRequest(task_id=task_id), metadata=caller.metadata, timeout=caller.timeout
    )
    return task_json(result.task)


@router.post("/{task_id}/claim", **_CHANGED_TASK)
async def claim_task(
    task_id: PathKey, backends: BackendsDep, caller: CallerDep, body: TaskClaim | None = None
) -> dict[str, Any]:
    """Claims an open task. Losing a race to someone else is a 409."""
    result = await backends.tasks.ClaimTask(
        task_pb2.ClaimTaskRequest(task_id=task_id, expected_version=(body.expected_version or 0) if body else 0),
        metadata=caller.metadata,
        timeout=caller.timeout,
    )
    return task_json(result.task)


@router.post("/{task_id}/release", **_CHANGED_TASK)
async def release_task(task_id: PathKey, backends: BackendsDep, caller: CallerDep) -> dict[str, Any]:
    result = await backends.tasks.ReleaseTask(
        task_pb2.ReleaseTaskRequest(task_id=task_id), metadata=caller.metadata, timeout=caller.timeout
    )
    return task_json(result.task)


@router.post("/{task_id}/assign", **_CHANGED_TASK)
async def assign_task(task_id: PathKey, body: TaskAssign, backends: BackendsDep, caller: CallerDep) -> dict[str, Any]:
    """Supervisors only."""
    result = await backends.tasks.AssignTask(
        task_pb2.AssignTaskRequest(task_id=task_id, assignee=body.assignee),
        metadata=caller.metadata,
        timeout=caller.timeout,
    )
    return task_json(result.task)


@router.post("/{task_id}/complete", **_CHANGED_TASK)
async def complete_task(
    task_id: PathKey, body: TaskComplete, backends: BackendsDep, caller: CallerDep
) -> dict[str, Any]:
    """Completes a task you hold with one of its allowed outcomes and its form."""
    result = await backends.tasks.CompleteTask(
        task_pb2.CompleteTaskRequest(
            task_id=task_id, outcome=body.outcome, form_json=json.dumps(body.form, ensure_ascii=False)
        ),
        metadata=caller.metadata,
        timeout=caller.timeout,
    )
    return task_json(result.task)

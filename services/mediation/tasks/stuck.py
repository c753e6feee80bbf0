"""Is a task stuck? It is when its workflow no longer waits on it: the workflow is gone, ended,
or has moved on to another task. Only then may an admin cancel the task row.

Every workflow that opens tasks (case, consultation, professional mediation, review, supervision,
takeover) answers the `status` query with its open tasks, as `open_tasks` ("<task id>:<kind>"
entries) or as one `open_task_id`; the state is read as plain JSON, so one rule serves them all.
"""

from __future__ import annotations

from typing import Any

from temporalio.client import Client, WorkflowExecutionStatus, WorkflowQueryFailedError
from temporalio.service import RPCError, RPCStatusCode

from contracts.case import STATUS_QUERY
from services.common.errors import PreconditionFailed


def open_task_ids(state: Any) -> set[str]:
    """The task ids a workflow's `status` answer says it waits on (any workflow type)."""
    if not isinstance(state, dict):
        return set()
    ids = {str(entry).rsplit(":", 1)[0] for entry in state.get("open_tasks") or ()}
    if state.get("open_task_id"):
        ids.add(str(state["open_task_id"]))
    return ids


async def workflow_holds_task(client: Client, workflow_id: str, task_id: str) -> bool:
    handle = client.get_workflow_handle(workflow_id)
    try:
        description = await handle.describe()
    except RPCError as exc:
        if exc.status == RPCStatusCode.NOT_FOUND:
            return False
        raise
    if description.status != WorkflowExecutionStatus.RUNNING:
        return False
    try:
        state = await handle.query(STATUS_QUERY)
    except (WorkflowQueryFailedError, RPCError) as exc:
        # A running workflow that cannot say what it waits on may still wait on this task.
        raise PreconditionFailed(
            f"workflow {workflow_id} runs but does not say whether it waits on task {task_id}; "
            "terminate the workflow first if the task must go"
        ) from exc
    return task_id in open_task_ids(state)

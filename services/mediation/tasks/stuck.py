"""Is a task stuck? It is when its workflow no longer waits on it: the workflow is gone, ended,
or has moved on to another task. Only then may an admin cancel the task row."""

from __future__ import annotations

from temporalio.client import Client, WorkflowExecutionStatus
from temporalio.service import RPCError, RPCStatusCode

from contracts.case import STATUS_QUERY, CaseState


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
    state = await handle.query(STATUS_QUERY, result_type=CaseState)
    return any(entry.rsplit(":", 1)[0] == task_id for entry in state.open_tasks) or state.open_task_id == task_id

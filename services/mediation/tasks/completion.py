"""Sends a task completion to the owning workflow as a Temporal update."""

from __future__ import annotations

import asyncio

from temporalio.client import Client, WorkflowUpdateFailedError
from temporalio.service import RPCError, RPCStatusCode

from contracts.tasks import COMPLETE_TASK_UPDATE, CompletionAccepted, TaskCompletion
from services.common.errors import PreconditionFailed, Unavailable

# DESIGN.md invariant 1: Temporal caps in-flight updates per workflow; back off and retry.
_RETRY_DELAYS = (0.2, 0.5, 1.0, 2.0)
# The task row is written by the workflow's activity a moment before the workflow itself holds
# the task open: a completion in that moment is refused as "not an open task". Within this many
# seconds of the task's creation that refusal is retried, not shown.
_FRESH_SECONDS = 10.0
_NOT_YET_OPEN = "is not an open task"


async def send_completion(
    client: Client, workflow_id: str, completion: TaskCompletion, *, task_age_seconds: float = _FRESH_SECONDS
) -> CompletionAccepted:
    """Returns the workflow's acceptance, or raises PreconditionFailed with the validator's reason."""
    handle = client.get_workflow_handle(workflow_id)
    for delay in (*_RETRY_DELAYS, None):
        try:
            return await handle.execute_update(COMPLETE_TASK_UPDATE, completion, result_type=CompletionAccepted)
        except WorkflowUpdateFailedError as exc:
            reason = getattr(exc.cause, "message", None) or str(exc.cause)
            if delay is not None and task_age_seconds < _FRESH_SECONDS and _NOT_YET_OPEN in reason:
                await asyncio.sleep(delay)
                task_age_seconds += delay
                continue
            raise PreconditionFailed(f"the case workflow refused the completion: {reason}") from exc
        except RPCError as exc:
            if exc.status == RPCStatusCode.NOT_FOUND:
                raise PreconditionFailed(f"the case workflow {workflow_id} is not running") from exc
            if exc.status == RPCStatusCode.RESOURCE_EXHAUSTED and delay is not None:
                await asyncio.sleep(delay)
                continue
            raise Unavailable(f"Temporal did not take the completion: {exc.message}") from exc
    raise Unavailable("Temporal stayed busy; try the completion again")

"""Sends a task completion to the owning workflow as a Temporal update."""

from __future__ import annotations

import asyncio
import hashlib
import time
from datetime import timedelta

from temporalio.client import Client, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError
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
# How long a completion waits for the workflow's answer: under the gateway's 15 s deadline
# (its rpc_timeout_seconds), so the caller hears "not yet confirmed, send it again" from us
# rather than a 504 while the completion may still go through (issue #18: Temporal restarting).
COMPLETION_WAIT_SECONDS = 10.0
# How soon to send the same completion again when it was not confirmed in time.
RETRY_AFTER_SECONDS = 2.0


def update_id(completion: TaskCompletion) -> str:
    """The update's id: the same completion sent again joins the first one's update (Temporal keeps
    one update per id), so a retry learns its outcome instead of applying it twice; another
    completion of the same task is another update, which the workflow refuses."""
    digest = hashlib.sha256(
        "\n".join((completion.outcome, completion.completed_by, completion.form_json)).encode()
    ).hexdigest()
    return f"complete:{completion.task_id}:{digest[:16]}"


async def send_completion(
    client: Client,
    workflow_id: str,
    completion: TaskCompletion,
    *,
    task_age_seconds: float = _FRESH_SECONDS,
    wait_seconds: float = COMPLETION_WAIT_SECONDS,
) -> CompletionAccepted:
    """Returns the workflow's acceptance, or raises PreconditionFailed with the validator's reason,
    or Unavailable (with retry_after_seconds) when the workflow did not answer within
    `wait_seconds`: the completion may still go through, and sending it again learns how."""
    # The whole wait is bounded, not only each call: the SDK retries an unreachable Temporal on its
    # own schedule, and a caller must hear from us before the gateway's deadline (issue #18).
    try:
        async with asyncio.timeout(wait_seconds):
            return await _send(client, workflow_id, completion, task_age_seconds, wait_seconds)
    except TimeoutError as exc:
        raise _not_confirmed(completion) from exc


def _not_confirmed(completion: TaskCompletion) -> Unavailable:
    return Unavailable(
        f"the completion of task {completion.task_id} is not confirmed yet (Temporal is slow or "
        f"restarting); send the same completion again in {RETRY_AFTER_SECONDS:.0f} s to learn its outcome",
        retry_after_seconds=RETRY_AFTER_SECONDS,
    )


async def _send(
    client: Client, workflow_id: str, completion: TaskCompletion, task_age_seconds: float, wait_seconds: float
) -> CompletionAccepted:
    handle = client.get_workflow_handle(workflow_id)
    until = time.monotonic() + wait_seconds
    for delay in (*_RETRY_DELAYS, None):
        try:
            return await handle.execute_update(
                COMPLETE_TASK_UPDATE,
                completion,
                id=update_id(completion),
                result_type=CompletionAccepted,
                rpc_timeout=timedelta(seconds=max(0.5, until - time.monotonic())),
            )
        except WorkflowUpdateRPCTimeoutOrCancelledError as exc:
            raise _not_confirmed(completion) from exc
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

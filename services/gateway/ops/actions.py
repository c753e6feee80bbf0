"""Admin actions on workflow state: retry now, cancel a stuck task, terminate with a reason.

Each is written to the audit log before it is attempted (so nothing is done unrecorded) and again
when it fails. Each refuses, with the reason, when it makes no sense (nothing to retry, a workflow
that is not running, a task its workflow still waits on).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import grpc
from fengqiao.mediation.v1 import task_pb2
from temporalio.api.common.v1 import WorkflowExecution
from temporalio.api.workflowservice.v1 import ResetActivityRequest
from temporalio.client import WorkflowExecutionStatus
from temporalio.service import RPCError, RPCStatusCode

from services.common.identity import Identity
from services.common.logging import request_id_var, workflow_id_var
from services.common.metrics import OPS_ACTIONS
from services.gateway import audit
from services.gateway.deps import Backends
from services.gateway.errors import ApiError
from services.gateway.views import task_json

log = logging.getLogger("fengqiao.gateway.ops")


# An admin's action on one workflow or task: (backends, admin, workflow or task id, reason) → answer.
AdminAction = Callable[[Backends, Identity, str, str], Awaitable[dict[str, Any]]]


@dataclass(frozen=True)
class Action:
    name: str
    target: str
    reason: str


def check_reason(reason: str) -> str:
    reason = reason.strip()
    if not reason or len(reason) > 500:
        raise ApiError(422, "invalid_argument", "a reason of 1–500 characters is required", {"field": "reason"})
    return reason


async def _audited(backends: Backends, identity: Identity, action: Action, detail: dict[str, Any]) -> None:
    await audit.append(
        backends.db,
        actor=identity.subject,
        action=action.name,
        target=action.target,
        detail={"reason": action.reason, **detail},
    )


async def _failed(backends: Backends, identity: Identity, action: Action, error: str) -> None:
    OPS_ACTIONS.labels(action.name, "failed").inc()
    await audit.append(
        backends.db,
        actor=identity.subject,
        action=audit.OPS_ACTION_FAILED,
        target=action.target,
        detail={"action": action.name, "error": error},
    )


async def _running_description(backends: Backends, workflow_id: str) -> Any:
    try:
        description = await backends.temporal.get_workflow_handle(workflow_id).describe()
    except RPCError as exc:
        if exc.status == RPCStatusCode.NOT_FOUND:
            raise ApiError(404, "not_found", f"no workflow {workflow_id}", {"field": "workflow_id"}) from exc
        raise
    if description.status != WorkflowExecutionStatus.RUNNING:
        status = description.status.name if description.status else "unknown"
        raise ApiError(409, "failed_precondition", f"workflow {workflow_id} is {status.lower()}, not running")
    return description


async def retry_now(backends: Backends, identity: Identity, workflow_id: str, reason: str) -> dict[str, Any]:
    """Retries every pending activity of the workflow that has failed at least once, now, with its
    attempts reset (Temporal's ResetActivity, server 1.27+). Activities are idempotent (DESIGN.md),
    so running one again creates nothing twice."""
    action = Action(audit.WORKFLOW_RETRY, workflow_id, check_reason(reason))
    workflow_id_var.set(workflow_id)
    description = await _running_description(backends, workflow_id)
    failing = [p for p in description.raw_description.pending_activities if p.attempt > 1 or p.HasField("last_failure")]
    if not failing:
        raise ApiError(409, "failed_precondition", f"workflow {workflow_id} has no failing activity to retry")
    ids = [p.activity_id for p in failing]
    await _audited(backends, identity, action, {"activities": ids})
    client = backends.temporal
    try:
        for activity_id in ids:
            await client.workflow_service.reset_activity(
                ResetActivityRequest(
                    namespace=client.namespace,
                    execution=WorkflowExecution(workflow_id=workflow_id),
                    identity=f"ops:{identity.subject}",
                    id=activity_id,
                    reset_heartbeat=True,
                )
            )
        how = "reset_activity"
    except RPCError as exc:
        await _failed(backends, identity, action, exc.message)
        raise ApiError(502, "temporal_error", f"Temporal refused the retry: {exc.message}") from exc
    OPS_ACTIONS.labels(action.name, "ok").inc()
    log.warning("ops retry", extra={"actor": identity.subject, "activities": ids, "how": how})
    return {"workflow_id": workflow_id, "retried": ids, "how": how}


async def terminate(backends: Backends, identity: Identity, workflow_id: str, reason: str) -> dict[str, Any]:
    action = Action(audit.WORKFLOW_TERMINATE, workflow_id, check_reason(reason))
    workflow_id_var.set(workflow_id)
    await _running_description(backends, workflow_id)
    await _audited(backends, identity, action, {})
    try:
        await backends.temporal.get_workflow_handle(workflow_id).terminate(
            reason=f"{action.reason} (ops: {identity.subject})"
        )
    except RPCError as exc:
        await _failed(backends, identity, action, exc.message)
        raise ApiError(502, "temporal_error", f"Temporal refused the termination: {exc.message}") from exc
    OPS_ACTIONS.labels(action.name, "ok").inc()
    log.warning("ops terminate", extra={"actor": identity.subject, "reason": action.reason})
    return {"workflow_id": workflow_id, "terminated": True}


async def cancel_task(backends: Backends, identity: Identity, task_id: str, reason: str) -> dict[str, Any]:
    """Asks the mediation service, under the admin's own identity, to cancel a stuck task; it
    refuses while the owning workflow still waits on the task."""
    action = Action(audit.TASK_CANCEL, task_id, check_reason(reason))
    await _audited(backends, identity, action, {})
    try:
        reply = await backends.tasks.CancelTask(
            task_pb2.CancelTaskRequest(task_id=task_id, reason=action.reason),
            metadata=backends.caller_metadata(identity, request_id_var.get()),
            timeout=backends.settings.rpc_timeout_seconds,
        )
    except grpc.aio.AioRpcError as exc:
        await _failed(backends, identity, action, f"{exc.code().name}: {exc.details()}")
        raise
    OPS_ACTIONS.labels(action.name, "ok").inc()
    return {"task": task_json(reply.task)}

"""The ops pages' data as JSON (/api/v1/ops), for ops and admin only; the actions for admins.

Actions (retry now, cancel a stuck task, terminate) need a reason and are audited.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from services.gateway.deps import BackendsDep
from services.gateway.ops import actions, views
from services.gateway.ops.auth import AdminIdentity, OpsIdentity

api = APIRouter(prefix="/api/v1/ops", tags=["ops"])

CaseQuery = Annotated[str, Query(max_length=400)]


class ActionBody(BaseModel):
    reason: str = Field(max_length=500)


@api.get("/overview")
async def overview_json(backends: BackendsDep, identity: OpsIdentity) -> dict[str, Any]:
    """Cases by status, track, level and community, from Temporal visibility and from the records."""
    return await views.overview(backends, identity)


@api.get("/cases")
async def cases_json(backends: BackendsDep, identity: OpsIdentity, query: CaseQuery = "") -> dict[str, Any]:
    """Case workflows matching a Temporal visibility query over the case search attributes."""
    return await views.cases(backends, query)


@api.get("/reconciliation")
async def reconciliation_json(backends: BackendsDep, identity: OpsIdentity) -> dict[str, Any]:
    """Every case whose record and workflow disagree, and every task no workflow waits on."""
    return await views.reconciliation(backends, identity)


@api.get("/overdue")
async def overdue_json(backends: BackendsDep, identity: OpsIdentity) -> dict[str, Any]:
    return await views.overdue(backends, identity)


@api.get("/failing")
async def failing_json(backends: BackendsDep, identity: OpsIdentity) -> dict[str, Any]:
    """Pending activities that failed at least once: attempts, last failure, next attempt."""
    return await views.failing(backends)


@api.get("/health")
async def health_json(backends: BackendsDep, identity: OpsIdentity) -> dict[str, Any]:
    return await views.health(backends)


@api.get("/webhooks")
async def webhooks_json(backends: BackendsDep, identity: OpsIdentity) -> dict[str, Any]:
    """The newest webhook delivery attempts to liaison systems (every retry is one)."""
    return await views.webhooks(backends, identity)


@api.get("/audit")
async def audit_json(backends: BackendsDep, identity: OpsIdentity) -> dict[str, Any]:
    """The newest audit entries and whether the whole chain verifies."""
    return await views.audit_log(backends)


@api.post("/workflows/{workflow_id}/retry")
async def retry_json(workflow_id: str, body: ActionBody, backends: BackendsDep, identity: AdminIdentity) -> Any:
    return await actions.retry_now(backends, identity, workflow_id, body.reason)


@api.post("/workflows/{workflow_id}/terminate")
async def terminate_json(workflow_id: str, body: ActionBody, backends: BackendsDep, identity: AdminIdentity) -> Any:
    return await actions.terminate(backends, identity, workflow_id, body.reason)


@api.post("/tasks/{task_id}/cancel")
async def cancel_json(task_id: str, body: ActionBody, backends: BackendsDep, identity: AdminIdentity) -> Any:
    return await actions.cancel_task(backends, identity, task_id, body.reason)

"""The ops pages' data as JSON (/api/v1/ops), for ops and admin only; the actions for admins.

Actions (retry now, cancel a stuck task, terminate) need a reason and are audited.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from services.gateway.deps import BackendsDep
from services.gateway.ops import actions, sweep, views
from services.gateway.ops.auth import AdminIdentity, OpsIdentity
from services.gateway.schemas.common import SIGNED_IN, PageSize, PageToken, PathKey, refusals
from services.gateway.schemas.ops import (
    ActionReason,
    AuditLogPublic,
    CancelledTaskPublic,
    CaseWorkflowsPublic,
    FailingPublic,
    OpsHealthPublic,
    OverduePublic,
    OverviewPublic,
    ReconciliationPublic,
    RetryPublic,
    TerminatePublic,
    WebhooksPublic,
)

api = APIRouter(prefix="/api/v1/ops", tags=["ops"], responses=refusals(*SIGNED_IN))

CaseQuery = Annotated[str, Query(max_length=400)]
# The reconciliation token carries three sweeps' own tokens (services/gateway/ops/sweep.py).
SweepToken = Annotated[str, Query(max_length=2048)]
# An action refuses an unknown target or one it makes no sense on; a workflow action answers 502
# when Temporal refuses it.
_TASK_ACTION = refusals(404, 409, 413)
_WORKFLOW_ACTION = refusals(404, 409, 413, 502)


@api.get("/overview", response_model=OverviewPublic)
async def overview_json(backends: BackendsDep, identity: OpsIdentity) -> dict[str, Any]:
    """Cases by status, track, level and community, from Temporal visibility and from the records."""
    return await views.overview(backends, identity)


@api.get("/cases", response_model=CaseWorkflowsPublic)
async def cases_json(
    backends: BackendsDep,
    identity: OpsIdentity,
    query: CaseQuery = "",
    page_token: PageToken = "",
    page_size: PageSize = 100,
) -> dict[str, Any]:
    """Case workflows matching a Temporal visibility query over the case search attributes, a page
    at a time (`next_page_token` for the next)."""
    return await views.cases(backends, query, page_token, page_size)


@api.get("/reconciliation", response_model=ReconciliationPublic)
async def reconciliation_json(
    backends: BackendsDep, identity: OpsIdentity, page_token: SweepToken = "", page_size: PageSize = sweep.PAGE_SIZE
) -> dict[str, Any]:
    """Cases whose record and workflow disagree, and tasks no workflow waits on: one page of a sweep
    over every record, case workflow and open task (`next_page_token` for the next; `complete` on
    the last)."""
    return await views.reconciliation(backends, identity, page_token, page_size)


@api.get("/overdue", response_model=OverduePublic)
async def overdue_json(backends: BackendsDep, identity: OpsIdentity) -> dict[str, Any]:
    """Overdue tasks and workflows, workflows due within 24 hours, and courts past their deadline."""
    return await views.overdue(backends, identity)


@api.get("/failing", response_model=FailingPublic)
async def failing_json(backends: BackendsDep, identity: OpsIdentity, page_token: PageToken = "") -> dict[str, Any]:
    """Pending activities that failed at least once: attempts, last failure, next attempt."""
    return await views.failing(backends, page_token)


@api.get("/health", response_model=OpsHealthPublic)
async def health_json(backends: BackendsDep, identity: OpsIdentity) -> dict[str, Any]:
    """Services, database, Temporal, and the workers polling the case task queue."""
    return await views.health(backends)


@api.get("/webhooks", response_model=WebhooksPublic)
async def webhooks_json(backends: BackendsDep, identity: OpsIdentity) -> dict[str, Any]:
    """The newest webhook delivery attempts to liaison systems (every retry is one)."""
    return await views.webhooks(backends, identity)


@api.get("/audit", response_model=AuditLogPublic)
async def audit_json(backends: BackendsDep, identity: OpsIdentity) -> dict[str, Any]:
    """The newest audit entries and whether the whole chain verifies."""
    return await views.audit_log(backends)


@api.post("/workflows/{workflow_id}/retry", response_model=RetryPublic, responses=_WORKFLOW_ACTION)
async def retry_json(
    workflow_id: PathKey, body: ActionReason, backends: BackendsDep, identity: AdminIdentity
) -> dict[str, Any]:
    """Retries now every pending activity of the workflow that failed at least once (409 if none)."""
    return await actions.retry_now(backends, identity, workflow_id, body.reason)


@api.post("/workflows/{workflow_id}/terminate", response_model=TerminatePublic, responses=_WORKFLOW_ACTION)
async def terminate_json(
    workflow_id: PathKey, body: ActionReason, backends: BackendsDep, identity: AdminIdentity
) -> dict[str, Any]:
    """Terminates a running workflow with the reason."""
    return await actions.terminate(backends, identity, workflow_id, body.reason)


@api.post(
    "/tasks/{task_id}/cancel",
    response_model=CancelledTaskPublic,
    response_model_exclude_unset=True,
    responses=_TASK_ACTION,
)
async def cancel_json(
    task_id: PathKey, body: ActionReason, backends: BackendsDep, identity: AdminIdentity
) -> dict[str, Any]:
    """Cancels a stuck task; the mediation service refuses (409) while its workflow still waits on it."""
    return await actions.cancel_task(backends, identity, task_id, body.reason)

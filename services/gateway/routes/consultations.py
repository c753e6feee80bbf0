"""Consultations (专项调) started on their own by street center staff, their state, objections."""

from __future__ import annotations

import logging
from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Path, Response
from fengqiao.evaluation.v1 import registry_pb2
from fengqiao.intake.v1 import intake_pb2
from temporalio.client import WorkflowHandle
from temporalio.common import WorkflowIDReusePolicy
from temporalio.exceptions import WorkflowAlreadyStartedError
from temporalio.service import RPCError

from contracts.case import workflow_id as case_workflow_id
from contracts.consultation import (
    OBJECTION_SIGNAL,
    STATUS_QUERY,
    WORKFLOW_NAME,
    ConsultationInput,
    ConsultationState,
    Objection,
    workflow_id,
)
from services.common import scope
from services.common.identity import Identity
from services.gateway import audit
from services.gateway.deps import Backends, BackendsDep, Caller, CallerDep
from services.gateway.errors import ApiError
from services.gateway.schemas.common import SIGNED_IN, refusals
from services.gateway.schemas.consultations import (
    CONSULTATION_ID,
    ConsultationCreate,
    ConsultationPublic,
    ConsultationStarted,
    ObjectionCreate,
    ObjectionReceipt,
)

router = APIRouter(prefix="/api/v1", tags=["consultations"])
log = logging.getLogger("fengqiao.gateway.consultations")

ConsultationId = Annotated[str, Path(pattern=CONSULTATION_ID)]


def _deny(identity: Identity, why: str) -> ApiError:
    log.warning("forbidden", extra={"subject": identity.subject, "reason": why})
    return ApiError(403, "permission_denied", why)


@router.post(
    "/consultations",
    status_code=201,
    response_model=ConsultationStarted,
    responses=refusals(*SIGNED_IN, 404, 413)
    | {200: {"model": ConsultationStarted, "description": "Already started (Idempotent-Replayed: true)"}},
)
async def start_consultation(
    body: ConsultationCreate, backends: BackendsDep, caller: CallerDep, response: Response
) -> dict[str, Any]:
    """Street center staff convene a five-party council for an issue touching many households."""
    identity = caller.identity
    if not identity.has_role(scope.STREET_CENTER):
        raise _deny(identity, "only street center staff start a consultation")
    profile = await backends.registry.GetCommunityProfile(
        registry_pb2.GetCommunityProfileRequest(community_code=body.community_code),
        metadata=caller.metadata,
        timeout=caller.timeout,
    )
    community = profile.community
    centre = await _centre_of(backends, caller, community.subdistrict_code)
    if centre not in identity.organisations:
        raise _deny(identity, f"{community.code} is not in the subdistrict of your street center")
    for case_no in body.linked_case_nos:  # each must exist and be visible to the caller
        await backends.intake.GetCase(
            intake_pb2.GetCaseRequest(case_no=case_no), metadata=caller.metadata, timeout=caller.timeout
        )
    consultation = ConsultationInput(
        consultation_id=body.consultation_id,
        community_code=community.code,
        neighbourhood_code=community.neighbourhood_code,
        company_code=community.company_code,
        street_center_code=centre,
        subject=body.subject,
        linked_case_workflow_ids=[case_workflow_id(c) for c in body.linked_case_nos],
    )
    try:
        await backends.temporal.start_workflow(
            WORKFLOW_NAME,
            consultation,
            id=workflow_id(body.consultation_id),
            task_queue=backends.settings.temporal_task_queue,
            id_reuse_policy=WorkflowIDReusePolicy.REJECT_DUPLICATE,
        )
    except WorkflowAlreadyStartedError:
        response.status_code = 200
        response.headers["Idempotent-Replayed"] = "true"
    else:
        await audit.append(
            backends.db,
            actor=identity.subject,
            action="consultation.start",
            target=body.consultation_id,
            detail={"community": community.code, "linked": body.linked_case_nos},
        )
    return {"consultation_id": body.consultation_id, "workflow_id": workflow_id(body.consultation_id)} | asdict(
        consultation
    )


@router.get("/consultations/{consultation_id}", response_model=ConsultationPublic, responses=refusals(*SIGNED_IN, 404))
async def get_consultation(consultation_id: ConsultationId, backends: BackendsDep, caller: CallerDep) -> dict[str, Any]:
    state = await _state(backends, consultation_id)
    _check_sees(caller.identity, state)
    return asdict(state)


@router.post(
    "/consultations/{consultation_id}/objections",
    status_code=202,
    response_model=ObjectionReceipt,
    responses=refusals(*SIGNED_IN, 404, 409, 413),
)
async def raise_objection(
    consultation_id: ConsultationId, body: ObjectionCreate, backends: BackendsDep, caller: CallerDep
) -> dict[str, Any]:
    """An objection during publicity sends the resolution back to the council; outside the
    publicity window the workflow ignores it (the state shows whether it counted)."""
    state = await _state(backends, consultation_id)
    identity = caller.identity
    neighbourhood = state.seats[0].org_code if state.seats else ""
    if not (identity.has_role(scope.STREET_CENTER) or f"{neighbourhood}:{scope.CASEWORKER}" in identity.groups):
        raise _deny(identity, "objections are recorded by the community's caseworkers or the street center")
    if state.status != "PUBLICITY":
        raise ApiError(409, "failed_precondition", f"the resolution is not in publicity (status {state.status})")
    await _handle(backends, consultation_id).signal(
        OBJECTION_SIGNAL, Objection(body.objection_id, identity.subject, body.reason)
    )
    await audit.append(
        backends.db, actor=identity.subject, action="consultation.objection", target=consultation_id, detail={}
    )
    return {"consultation_id": consultation_id, "objection_id": body.objection_id, "accepted": True}


def _handle(backends: Backends, consultation_id: str) -> WorkflowHandle[Any, Any]:
    return backends.temporal.get_workflow_handle(workflow_id(consultation_id))


async def _state(backends: Backends, consultation_id: str) -> ConsultationState:
    try:
        state: ConsultationState = await _handle(backends, consultation_id).query(
            STATUS_QUERY, result_type=ConsultationState
        )
    except RPCError as exc:
        raise ApiError(404, "not_found", f"no consultation {consultation_id}") from exc
    return state


def _check_sees(identity: Identity, state: ConsultationState) -> None:
    """Wide roles see every consultation; a neighbourhood or company only those it sits on."""
    if identity.has_role(*scope.WIDE_ROLES):
        return
    seated = {s.org_code for s in state.seats if s.org_code}
    if not seated & set(identity.organisations):
        raise _deny(identity, "you do not sit on this council")


async def _centre_of(backends: Backends, caller: Caller, subdistrict_code: str) -> str:
    listed = await backends.registry.ListOrganisations(
        registry_pb2.ListOrganisationsRequest(kind="street_center"), metadata=caller.metadata, timeout=caller.timeout
    )
    return next((o.code for o in listed.organisations if o.parent_code == subdistrict_code), "")

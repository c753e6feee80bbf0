"""Consultations (专项调) started on their own by street center staff, their state, objections.

The mediation service's ConsultationService starts, queries and signals the workflow and checks
the caller again; this edge keeps the HTTP shapes and writes the audit entries."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Response
from fengqiao.mediation.v1 import consultation_pb2

from services.common.messages import message_from
from services.gateway import audit
from services.gateway.deps import Backends, BackendsDep, Caller, CallerDep
from services.gateway.schemas.common import SIGNED_IN, refusals
from services.gateway.schemas.consultations import (
    CONSULTATION_ID,
    ConsultationCreate,
    ConsultationPublic,
    ConsultationStarted,
    ObjectionCreate,
    ObjectionReceipt,
)
from services.gateway.views import as_dict

router = APIRouter(prefix="/api/v1", tags=["consultations"])

ConsultationId = Annotated[str, Path(pattern=CONSULTATION_ID)]


async def start(
    backends: Backends,
    caller: Caller,
    request: consultation_pb2.StartConsultationRequest,
    response: Response | None,
) -> consultation_pb2.StartConsultationResponse:
    """Starts a consultation and audits the start: the API and the console's convene form both
    come here (a console form has no `response`: it redirects instead)."""
    started = await backends.consultations.StartConsultation(request, metadata=caller.metadata, timeout=caller.timeout)
    await audit.record_start(
        backends.db,
        response,
        started.replayed,
        actor=caller.identity.subject,
        action="consultation.start",
        target=request.consultation_id,
        detail={"community": started.consultation.community_code, "linked": list(request.linked_case_nos)},
    )
    return started


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
    started = await start(backends, caller, message_from(consultation_pb2.StartConsultationRequest, body), response)
    return as_dict(started.consultation)


@router.get("/consultations/{consultation_id}", response_model=ConsultationPublic, responses=refusals(*SIGNED_IN, 404))
async def get_consultation(consultation_id: ConsultationId, backends: BackendsDep, caller: CallerDep) -> dict[str, Any]:
    reply = await backends.consultations.GetConsultation(
        consultation_pb2.GetConsultationRequest(consultation_id=consultation_id),
        metadata=caller.metadata,
        timeout=caller.timeout,
    )
    return as_dict(reply.state)


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
    publicity window the service refuses it (409)."""
    await backends.consultations.RaiseObjection(
        consultation_pb2.RaiseObjectionRequest(
            consultation_id=consultation_id, objection_id=body.objection_id, reason=body.reason
        ),
        metadata=caller.metadata,
        timeout=caller.timeout,
    )
    await audit.append(
        backends.db, actor=caller.identity.subject, action="consultation.objection", target=consultation_id, detail={}
    )
    return {"consultation_id": consultation_id, "objection_id": body.objection_id, "accepted": True}

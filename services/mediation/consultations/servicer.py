"""The gRPC edge of consultations street center staff start on their own: the workflow started,
queried and signalled here, the caller checked again, the registry and intake asked on the
caller's behalf (what the caller may not see there, she may not link or convene here)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable
from dataclasses import dataclass
from typing import Any, TypeVar

from fengqiao.evaluation.v1 import registry_pb2, registry_pb2_grpc
from fengqiao.intake.v1 import intake_pb2, intake_pb2_grpc
from fengqiao.mediation.v1 import consultation_pb2, consultation_pb2_grpc
from grpc import aio
from temporalio.client import Client, WorkflowHandle
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
from services.common.errors import NotFound, Relayed
from services.common.grpc_client import CallerMetadata
from services.common.grpc_server import current_identity
from services.common.identity import Identity
from services.common.logging import request_id_var
from services.common.messages import message_from
from services.mediation.consultations import domain

log = logging.getLogger("fengqiao.mediation.consultations")

# Each call to the registry or intake; the gateway gives the whole request 15 s.
_TIMEOUT = 5.0
_T = TypeVar("_T")


@dataclass(frozen=True)
class ConsultationServicer(consultation_pb2_grpc.ConsultationServiceServicer):
    temporal: Client
    task_queue: str
    registry: registry_pb2_grpc.RegistryServiceStub
    intake: intake_pb2_grpc.IntakeServiceStub
    caller_metadata: CallerMetadata

    async def StartConsultation(
        self, request: consultation_pb2.StartConsultationRequest, context: aio.ServicerContext
    ) -> consultation_pb2.StartConsultationResponse:
        identity = current_identity()
        linked = list(request.linked_case_nos)
        domain.check_start(request.consultation_id, request.community_code, request.subject, linked)
        domain.require_starter(identity)
        md = self._on_behalf_of(identity)
        profile = await _relayed(
            self.registry.GetCommunityProfile(
                registry_pb2.GetCommunityProfileRequest(community_code=request.community_code),
                metadata=md,
                timeout=_TIMEOUT,
            )
        )
        community = profile.community
        centre = await self._centre_of(community.subdistrict_code, md)
        domain.require_own_subdistrict(identity, community.code, centre)
        for case_no in linked:  # each must exist and be visible to the caller
            await _relayed(
                self.intake.GetCase(
                    intake_pb2.GetCaseRequest(case_no=case_no, without_timeline=True), metadata=md, timeout=_TIMEOUT
                )
            )
        consultation = ConsultationInput(
            consultation_id=request.consultation_id,
            community_code=community.code,
            neighbourhood_code=community.neighbourhood_code,
            company_code=community.company_code,
            street_center_code=centre,
            subject=request.subject,
            linked_case_workflow_ids=[case_workflow_id(c) for c in linked],
        )
        try:
            await self.temporal.start_workflow(
                WORKFLOW_NAME,
                consultation,
                id=workflow_id(request.consultation_id),
                task_queue=self.task_queue,
                id_reuse_policy=WorkflowIDReusePolicy.REJECT_DUPLICATE,
            )
        except WorkflowAlreadyStartedError:
            replayed = True
        else:
            replayed = False
            log.info("consultation started", extra={"consultation_id": request.consultation_id})
        return consultation_pb2.StartConsultationResponse(consultation=consultation_pb(consultation), replayed=replayed)

    async def GetConsultation(
        self, request: consultation_pb2.GetConsultationRequest, context: aio.ServicerContext
    ) -> consultation_pb2.GetConsultationResponse:
        domain.check_consultation_id(request.consultation_id)
        state = await self._state(request.consultation_id)
        domain.require_sees(current_identity(), state)
        return consultation_pb2.GetConsultationResponse(state=state_pb(state))

    async def RaiseObjection(
        self, request: consultation_pb2.RaiseObjectionRequest, context: aio.ServicerContext
    ) -> consultation_pb2.RaiseObjectionResponse:
        identity = current_identity()
        domain.check_objection(request.consultation_id, request.objection_id, request.reason)
        state = await self._state(request.consultation_id)
        domain.require_objector(identity, state)
        domain.require_publicity(state)
        await self._handle(request.consultation_id).signal(
            OBJECTION_SIGNAL, Objection(request.objection_id, identity.subject, request.reason)
        )
        log.info("objection raised", extra={"consultation_id": request.consultation_id})
        return consultation_pb2.RaiseObjectionResponse()

    def _on_behalf_of(self, identity: Identity) -> list[tuple[str, str]]:
        """The caller's identity, signed afresh, for the calls this service makes for her."""
        return self.caller_metadata(identity, request_id_var.get())

    def _handle(self, consultation_id: str) -> WorkflowHandle[Any, Any]:
        return self.temporal.get_workflow_handle(workflow_id(consultation_id))

    async def _state(self, consultation_id: str) -> ConsultationState:
        try:
            state: ConsultationState = await self._handle(consultation_id).query(
                STATUS_QUERY, result_type=ConsultationState
            )
        except RPCError as exc:
            raise NotFound(f"no consultation {consultation_id}") from exc
        return state

    async def _centre_of(self, subdistrict_code: str, md: list[tuple[str, str]]) -> str:
        """The street center of a subdistrict, from the registry ("" when it has none)."""
        listed = await _relayed(
            self.registry.ListOrganisations(
                registry_pb2.ListOrganisationsRequest(kind="street_center"), metadata=md, timeout=_TIMEOUT
            )
        )
        return next((o.code for o in listed.organisations if o.parent_code == subdistrict_code), "")


async def _relayed(call: Awaitable[_T]) -> _T:
    """The reply, or the other service's refusal passed on with its status."""
    try:
        return await call
    except aio.AioRpcError as exc:
        raise Relayed(exc) from exc


def consultation_pb(consultation: ConsultationInput) -> consultation_pb2.Consultation:
    return message_from(
        consultation_pb2.Consultation, consultation, workflow_id=workflow_id(consultation.consultation_id)
    )


def state_pb(state: ConsultationState) -> consultation_pb2.ConsultationState:
    return message_from(
        consultation_pb2.ConsultationState,
        state,
        seats=[message_from(consultation_pb2.CouncilSeat, s) for s in state.seats],
        objections=[message_from(consultation_pb2.ConsultationObjection, o) for o in state.objections],
    )

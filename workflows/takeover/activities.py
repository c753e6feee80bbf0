"""Activities of a takeover bundle: registry writes in the evaluation service, idempotent."""

from __future__ import annotations

from dataclasses import dataclass

from fengqiao.evaluation.v1 import registry_pb2, registry_pb2_grpc
from temporalio import activity

from services.common.grpc_client import CallerMetadata
from workflows.service_calls import call, request_of


@dataclass(frozen=True)
class Handover:
    bundle_id: str
    community_code: str
    checklist_json: str


@dataclass(frozen=True)
class StatusChange:
    bundle_id: str
    community_code: str
    company_code: str
    well_managed: bool


@dataclass(frozen=True)
class TakeoverActivities:
    registry: registry_pb2_grpc.RegistryServiceStub
    caller_metadata: CallerMetadata

    @activity.defn
    async def record_handover(self, handover: Handover) -> None:
        await call(
            self.registry.RecordHandover, request_of(registry_pb2.RecordHandoverRequest, handover), self.caller_metadata
        )

    @activity.defn
    async def set_management_status(self, change: StatusChange) -> None:
        status = (
            registry_pb2.MANAGEMENT_STATUS_WELL_MANAGED
            if change.well_managed
            else registry_pb2.MANAGEMENT_STATUS_TAKEN_OVER
        )
        await call(
            self.registry.SetManagementStatus,
            registry_pb2.SetManagementStatusRequest(
                community_code=change.community_code,
                management_status=status,
                company_code=change.company_code,
                bundle_id=change.bundle_id,
            ),
            self.caller_metadata,
        )

"""Activities of listed supervision: standing decisions, notices and the supervision read model
in the evaluation service. Idempotent by their ids."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import grpc
from fengqiao.evaluation.v1 import evaluation_pb2, evaluation_pb2_grpc
from google.protobuf.timestamp_pb2 import Timestamp
from temporalio import activity

from services.common.grpc_client import CallerMetadata
from workflows.service_calls import grpc_failure, worker_metadata


@dataclass(frozen=True)
class Decision:
    change_id: str
    approved: bool
    decided_by: str


@dataclass(frozen=True)
class NoticeDraft:
    notice_id: str
    kind: str  # NOTICE or SUMMONS
    company_code: str
    subdistrict_code: str
    title: str
    body: str


@dataclass(frozen=True)
class SupervisionRecord:
    supervision_id: str
    company_code: str
    change_id: str
    status: str
    plan: str = ""
    deadline: str = ""  # ISO 8601 or empty
    rounds: int = 0


class SupervisionActivities:
    def __init__(self, evaluation: evaluation_pb2_grpc.EvaluationServiceStub, caller_metadata: CallerMetadata) -> None:
        self.evaluation = evaluation
        self.metadata = caller_metadata

    @activity.defn
    async def decide_standing_change(self, decision: Decision) -> None:
        try:
            await self.evaluation.DecideStandingChange(
                evaluation_pb2.DecideStandingChangeRequest(
                    change_id=decision.change_id, approved=decision.approved, decided_by=decision.decided_by
                ),
                metadata=worker_metadata(self.metadata),
            )
        except grpc.aio.AioRpcError as exc:
            raise grpc_failure(exc) from exc

    @activity.defn
    async def publish_notice(self, draft: NoticeDraft) -> None:
        try:
            await self.evaluation.PublishNotice(
                evaluation_pb2.PublishNoticeRequest(
                    notice=evaluation_pb2.Notice(
                        id=draft.notice_id,
                        kind=draft.kind,
                        company_code=draft.company_code,
                        subdistrict_code=draft.subdistrict_code,
                        title=draft.title,
                        body=draft.body,
                    )
                ),
                metadata=worker_metadata(self.metadata),
            )
        except grpc.aio.AioRpcError as exc:
            raise grpc_failure(exc) from exc

    @activity.defn
    async def record_supervision(self, record: SupervisionRecord) -> None:
        deadline = None
        if record.deadline:
            deadline = Timestamp()
            deadline.FromDatetime(datetime.fromisoformat(record.deadline).astimezone(UTC))
        try:
            await self.evaluation.RecordSupervision(
                evaluation_pb2.RecordSupervisionRequest(
                    supervision=evaluation_pb2.Supervision(
                        id=record.supervision_id,
                        company_code=record.company_code,
                        standing_change_id=record.change_id,
                        status=record.status,
                        plan=record.plan,
                        deadline=deadline,
                        rounds=record.rounds,
                    )
                ),
                metadata=worker_metadata(self.metadata),
            )
        except grpc.aio.AioRpcError as exc:
            raise grpc_failure(exc) from exc

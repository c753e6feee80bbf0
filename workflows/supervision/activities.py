"""Activities of listed supervision: standing decisions, notices and the supervision read model
in the evaluation service. Idempotent by their ids."""

from __future__ import annotations

from dataclasses import dataclass

from fengqiao.evaluation.v1 import evaluation_pb2, evaluation_pb2_grpc
from temporalio import activity

from services.common.grpc_client import CallerMetadata
from services.common.messages import message_from
from workflows.service_calls import call, request_of, timestamp


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


@dataclass(frozen=True)
class SupervisionActivities:
    evaluation: evaluation_pb2_grpc.EvaluationServiceStub
    caller_metadata: CallerMetadata

    @activity.defn
    async def decide_standing_change(self, decision: Decision) -> None:
        request = request_of(evaluation_pb2.DecideStandingChangeRequest, decision)
        await call(self.evaluation.DecideStandingChange, request, self.caller_metadata)

    @activity.defn
    async def publish_notice(self, draft: NoticeDraft) -> None:
        notice = message_from(evaluation_pb2.Notice, draft, id=draft.notice_id)
        await call(
            self.evaluation.PublishNotice, evaluation_pb2.PublishNoticeRequest(notice=notice), self.caller_metadata
        )

    @activity.defn
    async def record_supervision(self, record: SupervisionRecord) -> None:
        supervision = message_from(
            evaluation_pb2.Supervision,
            record,
            id=record.supervision_id,
            standing_change_id=record.change_id,
            deadline=timestamp(record.deadline) if record.deadline else None,
        )
        request = evaluation_pb2.RecordSupervisionRequest(supervision=supervision)
        await call(self.evaluation.RecordSupervision, request, self.caller_metadata)

"""Activities of the case workflow: thin gRPC clients of the intake, mediation and evaluation services.

Each is idempotent on the service side (task id, event id, case number), so Temporal's retries
create nothing twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

import grpc
from fengqiao.evaluation.v1 import evaluation_pb2, evaluation_pb2_grpc
from fengqiao.intake.v1 import intake_pb2, intake_pb2_grpc
from fengqiao.mediation.v1 import task_pb2, task_pb2_grpc
from google.protobuf.timestamp_pb2 import Timestamp
from temporalio import activity

from contracts.tasks import CreatedTask, NewTask, TaskCancellation, TaskCompletion
from services.common.grpc_client import CallerMetadata
from workflows.service_calls import grpc_failure, worker_metadata


@dataclass(frozen=True)
class CaseEvent:
    case_no: str
    event_id: str
    kind: str
    summary: str
    actor: str = "system"
    status: str = ""
    track: str = ""
    escalation_level: str = ""
    satisfaction: str = ""
    attributes: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class CaseOutcome:
    case_no: str
    company_code: str
    community_code: str
    responded_on_time: bool
    resolved: bool
    satisfaction: str


@dataclass(frozen=True)
class CaseMerge:
    case_no: str
    into_case_no: str
    event_id: str


def _timestamp(iso: str) -> Timestamp:
    ts = Timestamp()
    ts.FromDatetime(datetime.fromisoformat(iso).astimezone(UTC))
    return ts


class CaseActivities:
    def __init__(
        self,
        intake: intake_pb2_grpc.IntakeServiceStub,
        tasks: task_pb2_grpc.TaskServiceStub,
        evaluation: evaluation_pb2_grpc.EvaluationServiceStub,
        caller_metadata: CallerMetadata,
    ) -> None:
        self.intake = intake
        self.tasks = tasks
        self.evaluation = evaluation
        self.metadata = caller_metadata

    @activity.defn
    async def create_task(self, new: NewTask) -> CreatedTask:
        try:
            response = await self.tasks.CreateTask(
                task_pb2.CreateTaskRequest(
                    task_id=new.task_id,
                    kind=new.kind,
                    case_no=new.case_no,
                    workflow_id=new.workflow_id,
                    title=new.title,
                    candidate_groups=new.candidate_groups,
                    priority=new.priority,
                    allowed_outcomes=new.allowed_outcomes,
                    deadline_policy=new.deadline_policy,
                    community_code=new.community_code,
                    neighbourhood_code=new.neighbourhood_code,
                    company_code=new.company_code,
                    due_at=_timestamp(new.due_at) if new.due_at else None,
                    track=new.track,
                    escalation_level=new.escalation_level,
                    policy_version=new.policy_version,
                ),
                metadata=worker_metadata(self.metadata),
            )
        except grpc.aio.AioRpcError as exc:
            raise grpc_failure(exc) from exc
        return CreatedTask(
            task_id=response.task.id,
            due_at=response.task.due_at.ToDatetime(tzinfo=UTC).isoformat(),
            policy_version=response.task.policy_version,
        )

    @activity.defn
    async def record_task_completion(self, completion: TaskCompletion) -> None:
        try:
            await self.tasks.RecordTaskCompletion(
                task_pb2.RecordTaskCompletionRequest(
                    task_id=completion.task_id,
                    outcome=completion.outcome,
                    form_json=completion.form_json,
                    completed_by=completion.completed_by,
                ),
                metadata=worker_metadata(self.metadata),
            )
        except grpc.aio.AioRpcError as exc:
            raise grpc_failure(exc) from exc

    @activity.defn
    async def mark_task_overdue(self, task_id: str) -> None:
        try:
            await self.tasks.MarkTaskOverdue(
                task_pb2.MarkTaskOverdueRequest(task_id=task_id), metadata=worker_metadata(self.metadata)
            )
        except grpc.aio.AioRpcError as exc:
            raise grpc_failure(exc) from exc

    @activity.defn
    async def cancel_task(self, cancel: TaskCancellation) -> None:
        try:
            await self.tasks.CancelTask(
                task_pb2.CancelTaskRequest(task_id=cancel.task_id, reason=cancel.reason),
                metadata=worker_metadata(self.metadata),
            )
        except grpc.aio.AioRpcError as exc:
            raise grpc_failure(exc) from exc

    @activity.defn
    async def merge_case(self, merge: CaseMerge) -> None:
        try:
            await self.intake.MergeCase(
                intake_pb2.MergeCaseRequest(
                    case_no=merge.case_no, into_case_no=merge.into_case_no, event_id=merge.event_id
                ),
                metadata=worker_metadata(self.metadata),
            )
        except grpc.aio.AioRpcError as exc:
            raise grpc_failure(exc) from exc

    @activity.defn
    async def record_case_event(self, event: CaseEvent) -> None:
        try:
            await self.intake.RecordCaseEvent(
                intake_pb2.RecordCaseEventRequest(
                    case_no=event.case_no,
                    event_id=event.event_id,
                    kind=event.kind,
                    summary=event.summary,
                    actor=event.actor,
                    attributes=event.attributes,
                    status=event.status,
                    track=event.track,
                    escalation_level=event.escalation_level,
                    satisfaction=event.satisfaction,
                ),
                metadata=worker_metadata(self.metadata),
            )
        except grpc.aio.AioRpcError as exc:
            raise grpc_failure(exc) from exc

    @activity.defn
    async def record_case_outcome(self, outcome: CaseOutcome) -> None:
        try:
            await self.evaluation.RecordCaseOutcome(
                evaluation_pb2.RecordCaseOutcomeRequest(
                    case_no=outcome.case_no,
                    company_code=outcome.company_code,
                    community_code=outcome.community_code,
                    responded_on_time=outcome.responded_on_time,
                    resolved=outcome.resolved,
                    satisfaction=outcome.satisfaction,
                ),
                metadata=worker_metadata(self.metadata),
            )
        except grpc.aio.AioRpcError as exc:
            raise grpc_failure(exc) from exc

"""Activities of the case workflow: thin gRPC clients of the intake, mediation and evaluation services.

Each is idempotent on the service side (task id, event id, case number), so Temporal's retries
create nothing twice. An input's fields are named as its request message's (``request_of``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC

from fengqiao.evaluation.v1 import evaluation_pb2, evaluation_pb2_grpc
from fengqiao.intake.v1 import intake_pb2, intake_pb2_grpc
from fengqiao.mediation.v1 import task_pb2, task_pb2_grpc
from temporalio import activity

from contracts.tasks import CreatedTask, NewTask, TaskCancellation, TaskCompletion
from services.common.grpc_client import CallerMetadata
from workflows.service_calls import call, request_of, timestamp


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
        due_at = timestamp(new.due_at) if new.due_at else None
        request = request_of(task_pb2.CreateTaskRequest, new, due_at=due_at)
        response = await call(self.tasks.CreateTask, request, self.metadata)
        return CreatedTask(
            task_id=response.task.id,
            due_at=response.task.due_at.ToDatetime(tzinfo=UTC).isoformat(),
            policy_version=response.task.policy_version,
        )

    @activity.defn
    async def record_task_completion(self, completion: TaskCompletion) -> None:
        request = request_of(task_pb2.RecordTaskCompletionRequest, completion)
        await call(self.tasks.RecordTaskCompletion, request, self.metadata)

    @activity.defn
    async def mark_task_overdue(self, task_id: str) -> None:
        await call(self.tasks.MarkTaskOverdue, task_pb2.MarkTaskOverdueRequest(task_id=task_id), self.metadata)

    @activity.defn
    async def cancel_task(self, cancel: TaskCancellation) -> None:
        await call(self.tasks.CancelTask, request_of(task_pb2.CancelTaskRequest, cancel), self.metadata)

    @activity.defn
    async def merge_case(self, merge: CaseMerge) -> None:
        await call(self.intake.MergeCase, request_of(intake_pb2.MergeCaseRequest, merge), self.metadata)

    @activity.defn
    async def record_case_event(self, event: CaseEvent) -> None:
        await call(self.intake.RecordCaseEvent, request_of(intake_pb2.RecordCaseEventRequest, event), self.metadata)

    @activity.defn
    async def record_case_outcome(self, outcome: CaseOutcome) -> None:
        request = request_of(evaluation_pb2.RecordCaseOutcomeRequest, outcome)
        await call(self.evaluation.RecordCaseOutcome, request, self.metadata)

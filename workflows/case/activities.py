"""Activities of the case workflow: thin gRPC clients of the intake, mediation and evaluation services.

Each is idempotent on the service side (task id, event id, case number), so Temporal's retries
create nothing twice. An input's fields are named as its request message's (``request_of``).
"""

from __future__ import annotations

import dataclasses
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
    # When the workflow recorded it (ISO 8601); a batch written later keeps the time it happened.
    occurred_at: str = ""
    # v6: a `task_completed` entry carries its completion; the activity writing the entry first
    # writes the task row (idempotent), so a row its caller did not write converges here.
    completion: TaskCompletion | None = None


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


@dataclass(frozen=True)
class CaseTaskOpening:
    """A case task to create with the timeline entries waiting to be written (`timeline`) and its
    own `task_created` entry (`created`), whose due_at the activity fills from the answer."""

    task: NewTask
    timeline: list[CaseEvent] = field(default_factory=list)
    created: CaseEvent | None = None


@dataclass(frozen=True)
class CaseTaskCompletion:
    """A completion to write to its task row, with the timeline entries it brings."""

    completion: TaskCompletion
    timeline: list[CaseEvent] = field(default_factory=list)


@dataclass(frozen=True)
class CaseTaskOverdue:
    task_id: str
    timeline: list[CaseEvent] = field(default_factory=list)


@dataclass(frozen=True)
class CaseClosing:
    """The outcome evaluation scores, with the timeline entries that close the case."""

    outcome: CaseOutcome
    timeline: list[CaseEvent] = field(default_factory=list)


@dataclass(frozen=True)
class CaseActivities:
    intake: intake_pb2_grpc.IntakeServiceStub
    tasks: task_pb2_grpc.TaskServiceStub
    evaluation: evaluation_pb2_grpc.EvaluationServiceStub
    caller_metadata: CallerMetadata

    @activity.defn
    async def create_task(self, new: NewTask) -> CreatedTask:
        due_at = timestamp(new.due_at) if new.due_at else None
        request = request_of(task_pb2.CreateTaskRequest, new, due_at=due_at)
        response = await call(self.tasks.CreateTask, request, self.caller_metadata)
        return CreatedTask(
            task_id=response.task.id,
            due_at=response.task.due_at.ToDatetime(tzinfo=UTC).isoformat(),
            policy_version=response.task.policy_version,
        )

    @activity.defn
    async def record_task_completion(self, completion: TaskCompletion) -> None:
        request = request_of(task_pb2.RecordTaskCompletionRequest, completion)
        await call(self.tasks.RecordTaskCompletion, request, self.caller_metadata)

    @activity.defn
    async def mark_task_overdue(self, task_id: str) -> None:
        await call(self.tasks.MarkTaskOverdue, task_pb2.MarkTaskOverdueRequest(task_id=task_id), self.caller_metadata)

    @activity.defn
    async def cancel_task(self, cancel: TaskCancellation) -> None:
        await call(self.tasks.CancelTask, request_of(task_pb2.CancelTaskRequest, cancel), self.caller_metadata)

    @activity.defn
    async def merge_case(self, merge: CaseMerge) -> None:
        await call(self.intake.MergeCase, request_of(intake_pb2.MergeCaseRequest, merge), self.caller_metadata)

    @activity.defn
    async def record_case_event(self, event: CaseEvent) -> None:
        # One entry as it happens: the service stamps its time (occurred_at is for the batch path).
        fields = dataclasses.asdict(event)
        del fields["occurred_at"], fields["completion"]
        await call(self.intake.RecordCaseEvent, intake_pb2.RecordCaseEventRequest(**fields), self.caller_metadata)

    @activity.defn
    async def record_case_outcome(self, outcome: CaseOutcome) -> None:
        request = request_of(evaluation_pb2.RecordCaseOutcomeRequest, outcome)
        await call(self.evaluation.RecordCaseOutcome, request, self.caller_metadata)

    # Since v4 (PATCH_TIMELINE_WITH_STEP) a step writes the timeline entries it causes, and those
    # waiting before it, in its own activity: one RecordCaseEvents call, idempotent by event id.

    @activity.defn
    async def open_case_task(self, opening: CaseTaskOpening) -> CreatedTask:
        created = await self.create_task(opening.task)
        timeline = list(opening.timeline)
        if opening.created is not None:
            attributes = {**opening.created.attributes, "due_at": created.due_at}
            timeline.append(dataclasses.replace(opening.created, attributes=attributes))
        await self.record_case_events(timeline)
        return created

    @activity.defn
    async def record_case_task_completion(self, completing: CaseTaskCompletion) -> None:
        await self.record_task_completion(completing.completion)
        await self.record_case_events(completing.timeline)

    @activity.defn
    async def mark_case_task_overdue(self, overdue: CaseTaskOverdue) -> None:
        await self.mark_task_overdue(overdue.task_id)
        await self.record_case_events(overdue.timeline)

    @activity.defn
    async def close_case(self, closing: CaseClosing) -> None:
        await self.record_case_outcome(closing.outcome)
        await self.record_case_events(closing.timeline)

    @activity.defn
    async def record_case_events(self, events: list[CaseEvent]) -> None:
        """Consecutive timeline entries of one case, in order, in one call (none: no call)."""
        if not events:
            return
        for event in events:
            if event.completion is not None:
                await self.record_task_completion(event.completion)
        entries = [_entry(event) for event in events]
        request = intake_pb2.RecordCaseEventsRequest(case_no=events[0].case_no, events=entries)
        await call(self.intake.RecordCaseEvents, request, self.caller_metadata)


def _entry(event: CaseEvent) -> intake_pb2.CaseEventEntry:
    fields = dataclasses.asdict(event)
    del fields["case_no"], fields["completion"]
    occurred = fields.pop("occurred_at")
    return intake_pb2.CaseEventEntry(**fields, occurred_at=timestamp(occurred) if occurred else None)

"""Stand-in activities for workflow tests, registered under the real activities' names.

They keep what the workflow asked for in memory, and compute due times from the (skippable)
Temporal clock so deadline timers behave as they would against the mediation service.
"""

from __future__ import annotations

import asyncio
import dataclasses
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from temporalio import activity
from temporalio.client import WorkflowHandle, WorkflowUpdateFailedError
from temporalio.exceptions import ApplicationError

from contracts.tasks import (
    COMPLETE_TASK_UPDATE,
    CompletionAccepted,
    CreatedTask,
    NewTask,
    TaskCancellation,
    TaskCompletion,
)
from workflows.case.activities import (
    CaseClosing,
    CaseEvent,
    CaseMerge,
    CaseOutcome,
    CaseTaskCompletion,
    CaseTaskOpening,
    CaseTaskOverdue,
)
from workflows.professional.activities import DueRequest


@dataclass
class FakeServices:
    due_in: timedelta = timedelta(days=1)
    tasks: dict[str, NewTask] = field(default_factory=dict)
    created_calls: int = 0
    events: list[CaseEvent] = field(default_factory=list)
    completions: list[TaskCompletion] = field(default_factory=list)
    overdue: list[str] = field(default_factory=list)
    outcomes: list[CaseOutcome] = field(default_factory=list)
    cancelled: list[str] = field(default_factory=list)
    merged: list[CaseMerge] = field(default_factory=list)
    open_cases: set[str] = field(default_factory=set)
    # Due time per kind, from the (skippable) Temporal clock; the rest use `due_in`.
    due_by_kind: dict[str, timedelta] = field(default_factory=dict)
    # The policy version the service calls current; a task asking for one gets that one.
    current_policy: str = "2026.1"
    # The due time each created task was given (ISO 8601), by task id.
    due_at: dict[str, str] = field(default_factory=dict)
    # compute_due's rules: policy version → deadline name → period from the start.
    due_rules: dict[str, dict[str, timedelta]] = field(default_factory=dict)

    @activity.defn(name="create_task")
    async def create_task(self, new: NewTask) -> CreatedTask:
        self.created_calls += 1
        self.tasks[new.task_id] = new
        version = new.policy_version or self.current_policy
        due = new.due_at or (activity.info().scheduled_time + self.due_by_kind.get(new.kind, self.due_in)).isoformat()
        self.due_at[new.task_id] = due
        return CreatedTask(task_id=new.task_id, due_at=due, policy_version=version)

    @activity.defn(name="record_task_completion")
    async def record_task_completion(self, completion: TaskCompletion) -> None:
        self.completions.append(completion)

    @activity.defn(name="mark_task_overdue")
    async def mark_task_overdue(self, task_id: str) -> None:
        self.overdue.append(task_id)

    @activity.defn(name="cancel_task")
    async def cancel_task(self, cancel: TaskCancellation) -> None:
        self.cancelled.append(cancel.task_id)

    @activity.defn(name="merge_case")
    async def merge_case(self, merge: CaseMerge) -> None:
        if merge.into_case_no not in self.open_cases:
            raise ApplicationError(f"no open case {merge.into_case_no}", non_retryable=True)
        self.merged.append(merge)

    @activity.defn(name="record_case_event")
    async def record_case_event(self, event: CaseEvent) -> None:
        if all(e.event_id != event.event_id for e in self.events):
            self.events.append(event)

    @activity.defn(name="record_case_outcome")
    async def record_case_outcome(self, outcome: CaseOutcome) -> None:
        self.outcomes.append(outcome)

    @activity.defn(name="compute_due")
    async def compute_due(self, request: DueRequest) -> str:
        period = self.due_rules.get(request.policy_version or self.current_policy, {}).get(request.deadline_policy)
        if period is None:
            if request.if_defined:
                return ""
            raise ApplicationError(f"no deadline policy named {request.deadline_policy!r}", non_retryable=True)
        return (datetime.fromisoformat(request.start) + period).isoformat()

    # v4: the case's steps carry their timeline entries (workflows/case/timeline.py).

    @activity.defn(name="open_case_task")
    async def open_case_task(self, opening: CaseTaskOpening) -> CreatedTask:
        created = await self.create_task(opening.task)
        timeline = list(opening.timeline)
        if opening.created is not None:
            attributes = {**opening.created.attributes, "due_at": created.due_at}
            timeline.append(dataclasses.replace(opening.created, attributes=attributes))
        await self.record_case_events(timeline)
        return created

    @activity.defn(name="record_case_task_completion")
    async def record_case_task_completion(self, completing: CaseTaskCompletion) -> None:
        await self.record_task_completion(completing.completion)
        await self.record_case_events(completing.timeline)

    @activity.defn(name="mark_case_task_overdue")
    async def mark_case_task_overdue(self, overdue: CaseTaskOverdue) -> None:
        await self.mark_task_overdue(overdue.task_id)
        await self.record_case_events(overdue.timeline)

    @activity.defn(name="close_case")
    async def close_case(self, closing: CaseClosing) -> None:
        await self.record_case_outcome(closing.outcome)
        await self.record_case_events(closing.timeline)

    @activity.defn(name="record_case_events")
    async def record_case_events(self, events: list[CaseEvent]) -> None:
        for event in events:
            if event.completion is not None:  # v6: the entry carries the row it converges
                await self.record_task_completion(event.completion)
            await self.record_case_event(dataclasses.replace(event, completion=None))

    def activities(self, *, compute_due: bool = True) -> list[object]:
        """Every stand-in; without compute_due where another fake registers that name."""
        return [
            *([self.compute_due] if compute_due else []),
            self.create_task,
            self.record_task_completion,
            self.mark_task_overdue,
            self.cancel_task,
            self.merge_case,
            self.record_case_event,
            self.record_case_outcome,
            self.open_case_task,
            self.record_case_task_completion,
            self.mark_case_task_overdue,
            self.close_case,
            self.record_case_events,
        ]

    @property
    def statuses(self) -> list[str]:
        return [e.status for e in self.events if e.status]

    @property
    def kinds(self) -> list[str]:
        return [e.kind for e in self.events]


async def complete_when_open(handle: WorkflowHandle[Any, Any], completion: TaskCompletion) -> CompletionAccepted:
    """Sends a completion the way the mediation service does: the fake has the task a moment before
    the workflow holds it open, so "not an open task" is retried for a while before it counts."""
    for _ in range(40):
        try:
            accepted: CompletionAccepted = await handle.execute_update(
                COMPLETE_TASK_UPDATE, completion, result_type=CompletionAccepted
            )
            return accepted
        except WorkflowUpdateFailedError as exc:
            if "open task" not in str(exc.cause):
                raise
            last = exc
            await asyncio.sleep(0.05)
    raise last

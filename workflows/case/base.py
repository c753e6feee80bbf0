"""What every part of the case workflow shares: its state, its human tasks (each on the case's
timeline), the case's own completion rules, its status query and its timeline records."""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from temporalio import workflow
from temporalio.exceptions import ApplicationError

with workflow.unsafe.imports_passed_through():
    from contracts.case import STATUS_HISTORY_PAGE, STATUS_QUERY, CaseInput, CaseResume, CaseState, StatusPage
    from contracts.consultation import ConsultationResult
    from contracts.tasks import CreatedTask, NewTask, TaskCompletion
    from services.common import search_attributes as sa
    from workflows.activity_options import ACTIVITY_TIMEOUT, RETRY, TASK_CREATION_RETRY, TASK_CREATION_TIMEOUT
    from workflows.case.activities import (
        CaseActivities,
        CaseEvent,
        CaseTaskCompletion,
        CaseTaskOpening,
        CaseTaskOverdue,
    )
    from workflows.case.timeline import CaseTimeline
    from workflows.tasks.open_tasks import OpenTask, TaskScope, form_of

LEVELS = ["COMMUNITY", "STREET", "DISTRICT"]

# What a passing deadline does to a task: mark it overdue and keep waiting, or take it away.
OnDeadline = Literal["overdue", "expire"]


@dataclass
class TaskResult:
    """How a human task ended: its completion, or None when its deadline took it away."""

    completion: TaskCompletion | None
    on_time: bool
    due_at: datetime
    task_id: str = ""

    @property
    def outcome(self) -> str:
        return self.completion.outcome if self.completion else ""

    def form(self) -> dict[str, Any]:
        return form_of(self.completion) if self.completion else {}


class CaseWorkflowBase(CaseTimeline):
    """The case's state and records; the tracks are mixins over it (workflows.py composes them)."""

    def __init__(self) -> None:
        super().__init__()  # open tasks, their completions and the complete_task update
        self._case: CaseInput | None = None
        self._status = "RECEIVED"
        self._track = ""
        self._level = ""
        self._highest_level = ""
        self._reopen_count = 0
        self._orders = 0
        self._consultations: dict[str, ConsultationResult] = {}
        self._responded_on_time = True
        self._runs = 1
        self._resume_extension_used = False
        self._resume: CaseResume | None = None  # where this run starts, once (continue-as-new)
        # Closure facts for evaluation: when received, first answered at triage, last resolved.
        self._received_at: datetime | None = None
        self._responded_at: datetime | None = None
        self._resolved_at: datetime | None = None

    async def _create_task(
        self,
        *,
        kind: str,
        title: str,
        groups: list[str],
        without: tuple[str, ...] = (),
        due_at: str = "",
        status: str | None = None,
    ) -> OpenTask:
        """Opens a task of the case; since v4 with the timeline entries waiting and, unless
        `status` is None, its own `task_created` entry moving the case to `status` ("": stays)."""
        case = self._require_case()
        scope = TaskScope(
            ref=case.case_no,
            community_code=case.community_code,
            neighbourhood_code=case.neighbourhood_code,
            company_code=case.company_code,
            track=self._track,
            escalation_level=self._level,
        )
        create = self._opener(title, status) if self._lean else None
        return await self._open_task(kind, title, groups, scope, without=without, due_at=due_at, create=create)

    def _opener(self, title: str, status: str | None) -> Callable[[NewTask], Awaitable[CreatedTask]]:
        """v4: the open_case_task activity, carrying the timeline entries with the task."""

        async def create(new: NewTask) -> CreatedTask:
            async def step(waiting: list[CaseEvent]) -> CreatedTask:
                created = None
                if status is not None:
                    if status:
                        self._status = status
                        self._upsert(sa.CASE_STATUS.value_set(status))
                    summary = f"{title} 待办 · task created"
                    created = self._new_event("task_created", summary, status=status, task_id=new.task_id)
                return await workflow.execute_activity_method(
                    CaseActivities.open_case_task,
                    CaseTaskOpening(new, waiting, created),
                    start_to_close_timeout=TASK_CREATION_TIMEOUT,
                    retry_policy=TASK_CREATION_RETRY,
                )

            return await self._write(step)

        return create

    async def _case_task(
        self,
        *,
        kind: str,
        title: str,
        groups: list[str],
        without: tuple[str, ...] = (),
        status: str = "",
        on_deadline: OnDeadline = "overdue",
        due_at: str = "",
    ) -> TaskResult:
        """Creates a task and waits for it, its deadline a durable timer. A completion that races
        the deadline wins: exactly one outcome."""
        task = await self._start_case_task(
            kind=kind, title=title, groups=groups, without=without, status=status, due_at=due_at
        )
        return await self._await_case_task(task, on_deadline=on_deadline)

    async def _start_case_task(
        self, *, kind: str, title: str, groups: list[str], without: tuple[str, ...], status: str, due_at: str
    ) -> OpenTask:
        """The first half of `_case_task`: the task created, on the timeline, its due time staged."""
        if self._lean:
            task = await self._create_task(
                kind=kind, title=title, groups=groups, without=without, due_at=due_at, status=status
            )
            self._upsert(sa.DUE_AT.value_set(task.due_at), sa.OVERDUE.value_set(False))
            return task
        task = await self._create_task(kind=kind, title=title, groups=groups, without=without, due_at=due_at)
        self._upsert(sa.DUE_AT.value_set(task.due_at), sa.OVERDUE.value_set(False))
        attrs = {"task_id": task.task_id, "due_at": task.due_at.isoformat()}
        if status:
            await self._move(status, "task_created", f"{title} 待办 · task created", **attrs)
        else:
            await self._event("task_created", f"{title} 待办 · task created", **attrs)
        return task

    async def _await_case_task(
        self, task: OpenTask, *, on_deadline: OnDeadline = "overdue", until: Callable[[], bool] | None = None
    ) -> TaskResult:
        """The second half of `_case_task`. `until` coming true first ends the wait with no
        completion and the task still open, for the caller to take away."""
        # Written as it is accepted since v4 (_record_completion); the wait upserts the staged values.
        completion = await self._wait_task(task, until, expire=on_deadline == "expire")
        if completion is None:
            if task.task_id not in self._open:  # the deadline took it away
                await self._event("task_expired", f"{task.title} 超期收回 · deadline passed", task_id=task.task_id)
            return TaskResult(None, False, task.due_at, task.task_id)
        if not self._lean:
            await self._event(
                "task_completed",
                f"{task.title} 完成 · {completion.outcome}",
                actor=completion.completed_by,
                task_id=task.task_id,
                outcome=completion.outcome,
            )
        return TaskResult(completion, not task.overdue, task.due_at, task.task_id)

    async def _record_completion(self, completion: TaskCompletion) -> None:
        """v4: a local activity writes the task row and the `task_completed` entry, so the
        update answers after one workflow task instead of an activity's round trip. v6: nothing
        waits here — the entry, carrying the completion, goes with the next step (timeline.py)."""
        if not self._lean:
            await super()._record_completion(completion)
            return
        open_task = self._open.get(completion.task_id)
        title = open_task.title if open_task else completion.task_id

        def completed() -> CaseEvent:
            return self._new_event(
                "task_completed",
                f"{title} 完成 · {completion.outcome}",
                actor=completion.completed_by,
                task_id=completion.task_id,
                outcome=completion.outcome,
            )

        if self._answers_first:
            self._waiting.append(dataclasses.replace(completed(), completion=completion))
            return

        async def step(waiting: list[CaseEvent]) -> None:
            completed_entry = completed()
            await workflow.execute_local_activity_method(
                CaseActivities.record_case_task_completion,
                CaseTaskCompletion(completion, [*waiting, completed_entry]),
                start_to_close_timeout=ACTIVITY_TIMEOUT,
                retry_policy=RETRY,
            )

        await self._write(step)

    async def _mark_overdue(self, task: OpenTask) -> None:
        """v4: one activity marks the row overdue and writes the `overdue` entry."""
        if not self._lean:
            await super()._mark_overdue(task)
            return
        self._upsert(sa.OVERDUE.value_set(True))
        self._flush_attributes()

        async def step(waiting: list[CaseEvent]) -> None:
            overdue = self._new_event("overdue", f"{task.title} 超期 · deadline passed", task_id=task.task_id)
            await workflow.execute_activity_method(
                CaseActivities.mark_case_task_overdue,
                CaseTaskOverdue(task.task_id, [*waiting, overdue]),
                start_to_close_timeout=ACTIVITY_TIMEOUT,
                retry_policy=RETRY,
            )

        await self._write(step)

    async def _on_overdue(self, task: OpenTask) -> None:
        self._upsert(sa.OVERDUE.value_set(True))
        await self._event("overdue", f"{task.title} 超期 · deadline passed", task_id=task.task_id)

    def _check_completion(self, task: OpenTask, completion: TaskCompletion, form: dict[str, Any]) -> None:
        """The case's own rules on a completion (the base checks task, outcome and who)."""
        if (
            task.kind == "triage"
            and completion.outcome == "designated"
            and not (self._case and self._case.street_center_code)
        ):
            raise ApplicationError("this case has no street center to escalate to; it cannot take designated handling")
        if (
            task.kind == "triage"
            and completion.outcome == "consultation"
            and not (self._case and self._case.street_center_code)
        ):
            raise ApplicationError("this case has no street center to convene a council; it cannot take consultation")
        if task.kind == "triage" and completion.outcome == "professional":
            case_type = form.get("case_type", "")
            if case_type and (not isinstance(case_type, str) or len(case_type) > 32):
                raise ApplicationError("form.case_type must be a dispute type of at most 32 characters")
        if completion.outcome == "rectification_order" and not (self._case and self._case.company_code):
            raise ApplicationError("the community has no property company to order; escalate instead")

    @workflow.query(name=STATUS_QUERY)
    def status(self, page: StatusPage | None = None) -> CaseState:
        first = next(iter(self._open.values()), None)
        page = page or StatusPage()
        total = len(self._history)
        end = min(page.before or total, total)
        start = max(0, end - max(1, min(page.limit, STATUS_HISTORY_PAGE)))
        return CaseState(
            case_no=self._case.case_no if self._case else "",
            status=self._status,
            open_task_id=first.task_id if first else "",
            open_task_kind=first.kind if first else "",
            step=self._step,
            reopen_count=self._reopen_count,
            history=self._history[start:end],
            track=self._track,
            escalation_level=self._level,
            open_tasks=[f"{t.task_id}:{t.kind}" for t in self._open.values()],
            runs=self._runs,
            history_total=total,
            history_from=start,
        )

    def _set_level(self, level: str) -> None:
        self._track, self._level = "DESIGNATED", level
        if not self._highest_level or LEVELS.index(level) > LEVELS.index(self._highest_level):
            self._highest_level = level
        self._upsert(sa.TRACK.value_set("DESIGNATED"), sa.ESCALATION_LEVEL.value_set(level))

    def _groups_at(self, level: str, roles: tuple[str, ...]) -> list[str]:
        case = self._require_case()
        return [f"{case.neighbourhood_code}:{role}" for role in roles]

    def _handler_groups(self, level: str) -> list[str]:
        """Who handles at each level: the neighbourhood, the street center, the district center
        with the city management and market supervision bureaus as co-handlers."""
        case = self._require_case()
        if level == "COMMUNITY":
            return [f"{case.neighbourhood_code}:caseworker", f"{case.neighbourhood_code}:grid_worker"]
        if level == "STREET":
            return [f"{case.street_center_code}:street_center"]
        return [f"{case.district_center_code}:district_center", "CMB-LUZHOU:co_handler", "MSB-LUZHOU:co_handler"]

    async def _move(self, status: str, kind: str, summary: str, **attributes: str) -> None:
        self._status = status
        self._upsert(sa.CASE_STATUS.value_set(status))
        await self._event(kind, summary, status=status, **attributes)

    def _event_id(self, kind: str) -> str:
        return f"{workflow.info().workflow_id}/{workflow.info().run_id}/{len(self._history) + 1}-{kind}"

    async def _event(self, kind: str, summary: str, **details: str) -> None:
        """A timeline entry (`details`: the keywords of `_new_event`): up to v3 its own activity;
        since v4 written with the next step."""
        event = self._new_event(kind, summary, **details)
        if self._lean:
            self._waiting.append(event)
            return
        await workflow.execute_activity_method(
            CaseActivities.record_case_event, event, start_to_close_timeout=ACTIVITY_TIMEOUT, retry_policy=RETRY
        )

    def _new_event(
        self,
        kind: str,
        summary: str,
        *,
        status: str = "",
        actor: str = "system",
        satisfaction: str = "",
        **attributes: str,
    ) -> CaseEvent:
        case = self._require_case()
        self._history.append(kind)
        return CaseEvent(
            case_no=case.case_no,
            # Unique per workflow run and event: a retried activity records it once.
            event_id=f"{workflow.info().workflow_id}/{workflow.info().run_id}/{len(self._history)}",
            kind=kind,
            summary=summary,
            actor=actor,
            status=status,
            track=self._track,
            escalation_level=self._level,
            satisfaction=satisfaction,
            attributes=attributes,
            occurred_at=workflow.now().isoformat() if self._lean else "",
        )

    def _require_case(self) -> CaseInput:
        if self._case is None:  # run() sets it first; handlers only arrive after
            raise ApplicationError("case not started")
        return self._case

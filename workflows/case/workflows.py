"""DisputeCaseWorkflow: one execution per case, from triage to callback (DESIGN.md, case workflow).

This slice: TRIAGE task (first-response deadline) → resolved on the spot → reply (RESOLVED) →
CALLBACK task (deadline: the working day after the reply) → satisfied / fairly satisfied /
no answer closes the case; unsatisfied reopens it to triage. A deadline that passes marks the
task overdue (search attribute, task priority, timeline) and the task stays open.

Deterministic: no I/O, clocks or randomness here; due times come from an activity.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from temporalio import workflow
from temporalio.common import RetryPolicy
from temporalio.exceptions import ApplicationError

with workflow.unsafe.imports_passed_through():
    from services.common import search_attributes as sa
    from workflows.case.activities import CaseActivities, CaseEvent, CaseOutcome, CreatedTask, NewTask
    from workflows.case.contract import (
        COMPLETE_TASK_UPDATE,
        STATUS_QUERY,
        WORKFLOW_NAME,
        CaseInput,
        CaseState,
        CompletionAccepted,
        TaskCompletion,
    )

TRIAGE_OUTCOMES = ["resolved_on_spot"]
CALLBACK_OUTCOMES = ["satisfied", "fairly_satisfied", "unsatisfied", "no_answer"]
CLOSING_SATISFACTION = {"satisfied", "fairly_satisfied", "no_answer"}

_ACTIVITY_TIMEOUT = timedelta(seconds=30)
_RETRY = RetryPolicy(
    initial_interval=timedelta(seconds=1), backoff_coefficient=2.0, maximum_interval=timedelta(minutes=1)
)


@dataclass
class _OpenTask:
    task_id: str
    kind: str
    allowed_outcomes: list[str]
    due_at: datetime
    overdue: bool = False


@workflow.defn(name=WORKFLOW_NAME)
class DisputeCaseWorkflow:
    def __init__(self) -> None:
        self._case: CaseInput | None = None
        self._status = "RECEIVED"
        self._step = 0
        self._reopen_count = 0
        self._open: _OpenTask | None = None
        self._completing = False
        self._completion: TaskCompletion | None = None
        self._history: list[str] = []

    @workflow.run
    async def run(self, case: CaseInput) -> str:
        self._case = case
        while True:
            await self._move("TRIAGE", "triage_started", "进入分流 · triage started")
            triage, on_time = await self._human_task(
                kind="triage",
                title="分流 · triage",
                roles=("caseworker", "grid_worker"),
                outcomes=TRIAGE_OUTCOMES,
                deadline="first_response",
            )
            note = _note(triage.form_json)
            await self._move("RESOLVED", "reply", f"答复 · reply: {note}" if note else "答复 · reply recorded")
            callback, _ = await self._human_task(
                kind="callback",
                title="回访 · satisfaction callback",
                roles=("caseworker",),
                outcomes=CALLBACK_OUTCOMES,
                deadline="callback",
                status="CALLBACK",
            )
            if callback.outcome in CLOSING_SATISFACTION:
                break
            self._reopen_count += 1
            await self._event("reopened", "不满意，重新办理 · unsatisfied, reopened", satisfaction=callback.outcome)
        await workflow.execute_activity_method(
            CaseActivities.record_case_outcome,
            CaseOutcome(
                case_no=case.case_no,
                company_code=case.company_code,
                community_code=case.community_code,
                responded_on_time=on_time,
                resolved=True,
                satisfaction=callback.outcome,
            ),
            start_to_close_timeout=_ACTIVITY_TIMEOUT,
            retry_policy=_RETRY,
        )
        await self._move("CLOSED", "closed", "结案 · case closed", satisfaction=callback.outcome)
        await workflow.wait_condition(workflow.all_handlers_finished)
        return self._status

    async def _human_task(
        self,
        *,
        kind: str,
        title: str,
        roles: tuple[str, ...],
        outcomes: list[str],
        deadline: str,
        status: str = "",
    ) -> tuple[TaskCompletion, bool]:
        """Creates a task, waits for its completion with the deadline as a durable timer, and
        returns (completion, completed before the deadline)."""
        case = self._require_case()
        self._step += 1
        task_id = f"{workflow.info().workflow_id}-t{self._step}"
        created: CreatedTask = await workflow.execute_activity_method(
            CaseActivities.create_task,
            NewTask(
                task_id=task_id,
                kind=kind,
                case_no=case.case_no,
                workflow_id=workflow.info().workflow_id,
                title=title,
                candidate_groups=[f"{case.neighbourhood_code}:{role}" for role in roles],
                allowed_outcomes=outcomes,
                deadline_policy=deadline,
                community_code=case.community_code,
                neighbourhood_code=case.neighbourhood_code,
                company_code=case.company_code,
            ),
            start_to_close_timeout=_ACTIVITY_TIMEOUT,
            retry_policy=_RETRY,
        )
        due_at = datetime.fromisoformat(created.due_at)
        self._open = _OpenTask(task_id=task_id, kind=kind, allowed_outcomes=outcomes, due_at=due_at)
        workflow.upsert_search_attributes([sa.DUE_AT.value_set(due_at), sa.OVERDUE.value_set(False)])
        if status:
            await self._move(
                status, "task_created", f"{title} 待办 · task created", task_id=task_id, due_at=created.due_at
            )
        else:
            await self._event("task_created", f"{title} 待办 · task created", task_id=task_id, due_at=created.due_at)
        while self._completion is None:
            if self._open.overdue:
                await workflow.wait_condition(lambda: self._completion is not None)
                break
            remaining = due_at - workflow.now()
            try:
                await workflow.wait_condition(
                    lambda: self._completion is not None, timeout=max(remaining, timedelta(seconds=1))
                )
            except TimeoutError:
                await self._mark_overdue(task_id, title)
        completion = self._completion
        assert completion is not None  # the loop above only ends with a completion
        on_time = not self._open.overdue
        self._open, self._completion, self._completing = None, None, False
        await self._event(
            "task_completed",
            f"{title} 完成 · {completion.outcome}",
            actor=completion.completed_by,
            task_id=task_id,
            outcome=completion.outcome,
        )
        return completion, on_time

    async def _mark_overdue(self, task_id: str, title: str) -> None:
        assert self._open is not None
        self._open.overdue = True
        await workflow.execute_activity_method(
            CaseActivities.mark_task_overdue, task_id, start_to_close_timeout=_ACTIVITY_TIMEOUT, retry_policy=_RETRY
        )
        workflow.upsert_search_attributes([sa.OVERDUE.value_set(True)])
        await self._event("overdue", f"{title} 超期 · deadline passed", task_id=task_id)

    @workflow.update(name=COMPLETE_TASK_UPDATE)
    async def complete_task(self, completion: TaskCompletion) -> CompletionAccepted:
        self._completing = True
        await workflow.execute_activity_method(
            CaseActivities.record_task_completion,
            completion,
            start_to_close_timeout=_ACTIVITY_TIMEOUT,
            retry_policy=_RETRY,
        )
        self._completion = completion
        return CompletionAccepted(task_id=completion.task_id, outcome=completion.outcome, case_status=self._status)

    @complete_task.validator
    def _validate_completion(self, completion: TaskCompletion) -> None:
        """Rejects a completion before it enters history: wrong task, outcome, or a second one."""
        case_no = self._case.case_no if self._case else "?"
        if self._open is None or self._open.task_id != completion.task_id:
            raise ApplicationError(f"task {completion.task_id} is not the open task of case {case_no}")
        if self._completing:
            raise ApplicationError(f"task {completion.task_id} is already being completed")
        if completion.outcome not in self._open.allowed_outcomes:
            allowed = ", ".join(self._open.allowed_outcomes)
            raise ApplicationError(
                f"outcome {completion.outcome!r} is not allowed for {self._open.kind}; allowed: {allowed}"
            )
        if not completion.completed_by:
            raise ApplicationError("a completion must name who completed the task")

    @workflow.query(name=STATUS_QUERY)
    def status(self) -> CaseState:
        return CaseState(
            case_no=self._case.case_no if self._case else "",
            status=self._status,
            open_task_id=self._open.task_id if self._open else "",
            open_task_kind=self._open.kind if self._open else "",
            step=self._step,
            reopen_count=self._reopen_count,
            history=list(self._history),
        )

    async def _move(self, status: str, kind: str, summary: str, **attributes: str) -> None:
        self._status = status
        workflow.upsert_search_attributes([sa.CASE_STATUS.value_set(status)])
        await self._event(kind, summary, status=status, **attributes)

    async def _event(
        self,
        kind: str,
        summary: str,
        *,
        status: str = "",
        actor: str = "system",
        satisfaction: str = "",
        **attributes: str,
    ) -> None:
        case = self._require_case()
        self._history.append(kind)
        await workflow.execute_activity_method(
            CaseActivities.record_case_event,
            CaseEvent(
                case_no=case.case_no,
                # Unique per workflow run and event: a retried activity records it once.
                event_id=f"{workflow.info().workflow_id}/{workflow.info().run_id}/{len(self._history)}",
                kind=kind,
                summary=summary,
                actor=actor,
                status=status,
                satisfaction=satisfaction,
                attributes=attributes,
            ),
            start_to_close_timeout=_ACTIVITY_TIMEOUT,
            retry_policy=_RETRY,
        )

    def _require_case(self) -> CaseInput:
        if self._case is None:  # run() sets it first; handlers only arrive after
            raise ApplicationError("case not started")
        return self._case


def _note(form_json: str) -> str:
    try:
        value = json.loads(form_json).get("note", "")
    except (ValueError, AttributeError):
        return ""
    return str(value)[:200]

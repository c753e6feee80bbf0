"""Human tasks for workflows other than the case: one open task at a time, created through the
mediation service (activity ``create_task``, id from the workflow id and a step number) and
completed by the ``complete_task`` update the inbox already sends (DESIGN.md invariant 1).

A workflow class inherits ``HumanTaskWorkflow`` and calls ``await self.human_task(...)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from temporalio import workflow
from temporalio.common import RetryPolicy
from temporalio.exceptions import ApplicationError

with workflow.unsafe.imports_passed_through():
    from contracts.tasks import COMPLETE_TASK_UPDATE, CompletionAccepted, CreatedTask, NewTask, TaskCompletion
    from contracts.tasks import task_id as task_id_for

ACTIVITY_TIMEOUT = timedelta(seconds=30)
RETRY = RetryPolicy(
    initial_interval=timedelta(seconds=1), backoff_coefficient=2.0, maximum_interval=timedelta(minutes=1)
)


@dataclass(frozen=True)
class TaskScope:
    """What the inbox scopes a task by. ``ref`` stands where a case number would (≤ 32 chars)."""

    ref: str
    community_code: str = ""
    neighbourhood_code: str = ""
    company_code: str = ""


@dataclass
class OpenTask:
    task_id: str
    kind: str
    allowed_outcomes: list[str]
    due_at: datetime
    overdue: bool = False


class HumanTaskWorkflow:
    """Base of workflows that wait on people. Subclasses set ``self.status`` as they go."""

    def __init__(self) -> None:
        self.status = "STARTED"
        self.step = 0
        self.open: OpenTask | None = None
        self._completing = False
        self._completion: TaskCompletion | None = None
        self.overdue_tasks: list[str] = []

    async def human_task(
        self,
        *,
        kind: str,
        title: str,
        groups: list[str],
        outcomes: list[str],
        deadline: str,
        scope: TaskScope,
    ) -> TaskCompletion:
        """Creates a task and waits for its completion; the deadline marks it overdue, not closed."""
        self.step += 1
        task_id = task_id_for(workflow.info().workflow_id, self.step)
        created: CreatedTask = await workflow.execute_activity(
            "create_task",
            NewTask(
                task_id=task_id,
                kind=kind,
                case_no=scope.ref,
                workflow_id=workflow.info().workflow_id,
                title=title,
                candidate_groups=groups,
                allowed_outcomes=outcomes,
                deadline_policy=deadline,
                community_code=scope.community_code,
                neighbourhood_code=scope.neighbourhood_code,
                company_code=scope.company_code,
            ),
            result_type=CreatedTask,
            start_to_close_timeout=ACTIVITY_TIMEOUT,
            retry_policy=RETRY,
        )
        due_at = datetime.fromisoformat(created.due_at)
        self.open = OpenTask(task_id, kind, outcomes, due_at)
        while self._completion is None:
            if self.open.overdue:
                await workflow.wait_condition(lambda: self._completion is not None)
                break
            remaining = due_at - workflow.now()
            try:
                await workflow.wait_condition(
                    lambda: self._completion is not None, timeout=max(remaining, timedelta(seconds=1))
                )
            except TimeoutError:
                self.open.overdue = True
                self.overdue_tasks.append(task_id)
                await workflow.execute_activity(
                    "mark_task_overdue", task_id, start_to_close_timeout=ACTIVITY_TIMEOUT, retry_policy=RETRY
                )
        completion = self._completion
        assert completion is not None  # the loop only ends with a completion
        self.open, self._completion, self._completing = None, None, False
        return completion

    @workflow.update(name=COMPLETE_TASK_UPDATE)
    async def complete_task(self, completion: TaskCompletion) -> CompletionAccepted:
        self._completing = True
        await workflow.execute_activity(
            "record_task_completion", completion, start_to_close_timeout=ACTIVITY_TIMEOUT, retry_policy=RETRY
        )
        self._completion = completion
        return CompletionAccepted(task_id=completion.task_id, outcome=completion.outcome, case_status=self.status)

    @complete_task.validator
    def _validate_completion(self, completion: TaskCompletion) -> None:
        """Rejects a completion before it enters history: wrong task, outcome, or a second one."""
        if self.open is None or self.open.task_id != completion.task_id:
            raise ApplicationError(f"task {completion.task_id} is not the open task of {workflow.info().workflow_id}")
        if self._completing:
            raise ApplicationError(f"task {completion.task_id} is already being completed")
        if completion.outcome not in self.open.allowed_outcomes:
            allowed = ", ".join(self.open.allowed_outcomes)
            raise ApplicationError(
                f"outcome {completion.outcome!r} is not allowed for {self.open.kind}; allowed: {allowed}"
            )
        if not completion.completed_by:
            raise ApplicationError("a completion must name who completed the task")

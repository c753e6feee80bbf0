"""Human tasks, the one model every workflow uses: a workflow may hold one task open or several.

A task is created through the mediation service (activity ``create_task``; its id comes from the
workflow id and a step number, so a retried activity creates nothing twice) and completed by the
``complete_task`` update the inbox sends (DESIGN.md invariant 1). Its deadline is a durable timer
that marks it overdue and keeps waiting (or, asked to, takes the task away); a completion being
written as the deadline fires wins.
A workflow's tasks keep the deadline-policy version its first task was timed by.

A workflow class inherits ``OpenTasksWorkflow``, keeps ``self._status`` current (the update's
answer carries it), and either awaits ``_human_task`` (create and wait) or opens tasks with
``_open_task`` and waits on them with ``_wait_task``. It may override ``_check_completion`` to
refuse a form before it enters history and ``_on_overdue`` to record a missed deadline.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, ClassVar

from temporalio import workflow
from temporalio.exceptions import ApplicationError

with workflow.unsafe.imports_passed_through():
    from contracts.task_kinds import TASK_KINDS
    from contracts.task_priority import follow_up_policy, task_priority
    from contracts.tasks import (
        COMPLETE_TASK_UPDATE,
        CompletionAccepted,
        CreatedTask,
        NewTask,
        TaskCancellation,
        TaskCompletion,
        task_id,
    )
    from workflows.activity_options import ACTIVITY_TIMEOUT, RETRY, TASK_CREATION_RETRY, TASK_CREATION_TIMEOUT

# Review, supervision and takeover were released on a base that marked a task overdue even while
# its completion was being written; their histories from then replay that way.
PATCH_COMPLETION_WINS = "completion-wins-over-deadline-v2"


@dataclass(frozen=True)
class TaskScope:
    """What the inbox scopes and filters a task by. ``ref`` stands where a case number would
    (≤ 32 chars); track and level are filled where the workflow knows them."""

    ref: str
    community_code: str = ""
    neighbourhood_code: str = ""
    company_code: str = ""
    track: str = ""
    escalation_level: str = ""


@dataclass
class OpenTask:
    task_id: str
    kind: str
    title: str
    outcomes: list[str]
    due_at: datetime
    created_at: datetime
    overdue: bool = False


class OpenTasksWorkflow:
    # True for workflows first released on the single-task base: see PATCH_COMPLETION_WINS.
    GATE_COMPLETION_RACE: ClassVar[bool] = False

    def __init__(self) -> None:
        self._status = "STARTED"
        self._step = 0
        self._policy_version = ""
        self._open: dict[str, OpenTask] = {}
        self._completing: set[str] = set()
        self._done: dict[str, TaskCompletion] = {}

    def _next_task_id(self) -> str:
        self._step += 1
        return task_id(workflow.info().workflow_id, self._step)

    def _first_open(self) -> OpenTask | None:
        """The oldest task still open (the one a single-task workflow waits on)."""
        return next(iter(self._open.values()), None)

    async def _open_task(
        self,
        kind: str,
        title: str,
        groups: list[str],
        scope: TaskScope,
        *,
        without: tuple[str, ...] = (),
        due_at: str = "",
        create: Callable[[NewTask], Awaitable[CreatedTask]] | None = None,
    ) -> OpenTask:
        """Creates the task and holds it open. It offers the kind's outcomes (TASK_KINDS) less
        `without`, those this step cannot take; the kind's deadline policy times it, or `due_at`.
        `create` replaces the create_task activity (a workflow that writes more with it)."""
        registered = TASK_KINDS[kind]
        outcomes = [name for name in registered.outcome_names if name not in without]
        created_at = workflow.now()
        new = NewTask(
            task_id=self._next_task_id(),
            kind=kind,
            case_no=scope.ref,
            workflow_id=workflow.info().workflow_id,
            title=title,
            candidate_groups=groups,
            allowed_outcomes=outcomes,
            deadline_policy=registered.deadline,
            community_code=scope.community_code,
            neighbourhood_code=scope.neighbourhood_code,
            company_code=scope.company_code,
            due_at=due_at,
            track=scope.track,
            escalation_level=scope.escalation_level,
            policy_version=self._policy_version,
            priority=task_priority(registered.deadline, scope.escalation_level),
            follow_up_policy=follow_up_policy(registered.deadline),
        )
        if create is not None:
            created = await create(new)
        else:
            created = await workflow.execute_activity(
                "create_task",
                new,
                result_type=CreatedTask,
                start_to_close_timeout=TASK_CREATION_TIMEOUT,
                retry_policy=TASK_CREATION_RETRY,
            )
        if not self._policy_version:  # later tasks are timed by the version the first one got
            self._policy_version = created.policy_version
        task = OpenTask(new.task_id, kind, title, outcomes, datetime.fromisoformat(created.due_at), created_at)
        self._open[task.task_id] = task
        return task

    async def _human_task(self, kind: str, title: str, groups: list[str], scope: TaskScope) -> TaskCompletion:
        """Creates a task and waits for its completion; the deadline marks it overdue, not closed."""
        return await self._completion(await self._open_task(kind, title, groups, scope))

    async def _completion(self, task: OpenTask) -> TaskCompletion:
        """Waits for the task's completion; the deadline marks it overdue and keeps waiting."""
        done = await self._wait_task(task)
        assert done is not None  # no other condition ends the wait
        return done

    async def _wait_task(
        self, task: OpenTask, also: Callable[[], bool] | None = None, *, expire: bool = False
    ) -> TaskCompletion | None:
        """The task's completion; None when `also` came true first (the task stays open for the
        caller to cancel) or, with `expire`, when the deadline passed (the task is cancelled).
        Without `expire` the deadline marks the task overdue once and keeps waiting."""
        task_id = task.task_id

        def ready() -> bool:
            return task_id in self._done or (also is not None and task_id not in self._completing and also())

        await self._before_wait()
        while not ready():
            if task.overdue:
                await workflow.wait_condition(ready)
                break
            try:
                await workflow.wait_condition(ready, timeout=max(task.due_at - workflow.now(), timedelta(seconds=1)))
            except TimeoutError:
                if task_id in self._completing and self._completion_wins():
                    continue  # a completion being written as the deadline fires wins
                if expire:
                    self._open.pop(task_id, None)
                    await self._cancel(task_id, "deadline passed")
                    return None
                task.overdue = True
                await self._mark_overdue(task)
        if task_id not in self._done:
            return None
        return self._take(task_id)

    def _completion_wins(self) -> bool:
        return not self.GATE_COMPLETION_RACE or workflow.patched(PATCH_COMPLETION_WINS)

    def _take(self, task_id: str) -> TaskCompletion:
        self._open.pop(task_id, None)
        self._completing.discard(task_id)
        return self._done.pop(task_id)

    async def _cancel(self, task_id: str, reason: str) -> None:
        await workflow.execute_activity(
            "cancel_task",
            TaskCancellation(task_id, reason),
            start_to_close_timeout=ACTIVITY_TIMEOUT,
            retry_policy=RETRY,
        )

    async def _cancel_open(self, kind: str, reason: str) -> None:
        for task_id in [t.task_id for t in self._open.values() if t.kind == kind and t.task_id not in self._completing]:
            self._open.pop(task_id)
            await self._cancel(task_id, reason)

    async def _before_wait(self) -> None:
        """Called before waiting on a task; a workflow writes what it holds back (none here)."""

    async def _mark_overdue(self, task: OpenTask) -> None:
        """Marks the task's row overdue (an activity), then `_on_overdue`."""
        await workflow.execute_activity(
            "mark_task_overdue", task.task_id, start_to_close_timeout=ACTIVITY_TIMEOUT, retry_policy=RETRY
        )
        await self._on_overdue(task)

    async def _on_overdue(self, task: OpenTask) -> None:
        """Called once a task is marked overdue; subclasses record it."""

    async def _record_completion(self, completion: TaskCompletion) -> None:
        """Writes an accepted completion to its task row (an activity)."""
        await workflow.execute_activity(
            "record_task_completion", completion, start_to_close_timeout=ACTIVITY_TIMEOUT, retry_policy=RETRY
        )

    def _check_completion(self, task: OpenTask, completion: TaskCompletion, form: dict[str, Any]) -> None:
        """Raises ApplicationError to refuse a completion's form; subclasses add their rules."""

    @workflow.update(name=COMPLETE_TASK_UPDATE)
    async def complete_task(self, completion: TaskCompletion) -> CompletionAccepted:
        self._completing.add(completion.task_id)
        await self._record_completion(completion)
        self._done[completion.task_id] = completion
        return CompletionAccepted(task_id=completion.task_id, outcome=completion.outcome, case_status=self._status)

    @complete_task.validator
    def _validate_completion(self, completion: TaskCompletion) -> None:
        """Rejects a completion before it enters history, naming what is wrong."""
        task = self._open.get(completion.task_id)
        if task is None:
            raise ApplicationError(f"task {completion.task_id} is not an open task of {workflow.info().workflow_id}")
        if completion.task_id in self._completing:
            raise ApplicationError(f"task {completion.task_id} is already being completed")
        if completion.outcome not in task.outcomes:
            raise ApplicationError(
                f"outcome {completion.outcome!r} is not allowed for {task.kind}; allowed: {', '.join(task.outcomes)}"
            )
        if not completion.completed_by:
            raise ApplicationError("a completion must name who completed the task")
        form = form_of(completion)
        kind = TASK_KINDS.get(task.kind)
        missing = kind.missing_fields(completion.outcome, form) if kind else []
        if missing:
            raise ApplicationError(f"outcome {completion.outcome!r} needs form.{missing[0]}")
        self._check_completion(task, completion, form)


def form_of(completion: TaskCompletion) -> dict[str, Any]:
    """The completion's form as a dict ({} when it is not a JSON object; the service validated it)."""
    try:
        value = json.loads(completion.form_json or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}

"""Stand-in task activities for the review, supervision and takeover workflow tests: they keep
the tasks in memory and compute due times from the (skippable) Temporal clock."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from temporalio import activity
from temporalio.client import Client

from contracts.tasks import CreatedTask, NewTask, TaskCompletion


@dataclass
class FakeTasks:
    due_in: timedelta = timedelta(days=3)
    tasks: dict[str, NewTask] = field(default_factory=dict)
    completions: list[TaskCompletion] = field(default_factory=list)
    overdue: list[str] = field(default_factory=list)

    @activity.defn(name="create_task")
    async def create_task(self, new: NewTask) -> CreatedTask:
        self.tasks[new.task_id] = new
        return CreatedTask(task_id=new.task_id, due_at=(activity.info().scheduled_time + self.due_in).isoformat())

    @activity.defn(name="record_task_completion")
    async def record_task_completion(self, completion: TaskCompletion) -> None:
        self.completions.append(completion)

    @activity.defn(name="mark_task_overdue")
    async def mark_task_overdue(self, task_id: str) -> None:
        self.overdue.append(task_id)

    def activities(self) -> list[Callable[..., Any]]:
        return [self.create_task, self.record_task_completion, self.mark_task_overdue]

    async def stop_workflows(self, client: Client, *more: str) -> None:
        """Terminates every workflow that made a task (and `more`): a workflow left running without
        its worker would stop the time-skipping server from skipping time in later tests."""
        for workflow_id in {t.workflow_id for t in self.tasks.values()} | set(more):
            with suppress(Exception):
                await client.get_workflow_handle(workflow_id).terminate("test over")

    def of_kind(self, kind: str) -> list[NewTask]:
        return [t for t in self.tasks.values() if t.kind == kind]

"""Rows of the task tables: a task, its candidate groups and history, versioned changes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Row, Table, func, update
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from contracts.tasks import TaskCompletion
from services.mediation.models import CLAIMED, COMPLETED, OPEN, Task, TaskCandidateGroup, TaskEvent

ACTIVE = (OPEN, CLAIMED)


async def get_task(session: AsyncSession, task_id: str) -> Task | None:
    return await session.get(Task, task_id)


async def candidate_groups(session: AsyncSession, task_id: str) -> list[str]:
    stmt = select(TaskCandidateGroup.group_code).where(TaskCandidateGroup.task_id == task_id)
    return sorted((await session.exec(stmt)).all())


async def groups_of(session: AsyncSession, task_ids: Sequence[str]) -> dict[str, list[str]]:
    stmt = select(TaskCandidateGroup).where(col(TaskCandidateGroup.task_id).in_(task_ids))
    found: dict[str, list[str]] = {tid: [] for tid in task_ids}
    for row in (await session.exec(stmt)).all():
        found[row.task_id].append(row.group_code)
    return found


async def history(session: AsyncSession, task_id: str) -> Sequence[TaskEvent]:
    stmt = select(TaskEvent).where(TaskEvent.task_id == task_id).order_by(col(TaskEvent.seq))
    return (await session.exec(stmt)).all()


def add_event(session: AsyncSession, task_id: str, action: str, actor: str, at: datetime, detail: str = "") -> None:
    session.add(TaskEvent(task_id=task_id, action=action, actor=actor, detail=detail, occurred_at=at))


# Counting stops here: an inbox badge shows "999+" (the usual convention) rather than scanning
# a hundred thousand open tasks to print a number nobody reads exactly.
COUNT_CAP = 999


# The tables under the models: the hot writes below are Core statements. An ORM-enabled UPDATE
# (`update(Task)` through the session) runs SQLAlchemy's bulk-update machinery — synchronising
# the session, evaluating the criteria in Python — which was the largest single cost of a claim
# in mediation's profile (issue #19); a Core UPDATE … RETURNING writes the row and reads it back
# in one round trip.
_TASKS: Table = Task.__table__  # type: ignore[attr-defined]
_GROUPS: Table = TaskCandidateGroup.__table__  # type: ignore[attr-defined]


def _up_to_date(task: Task, row: Row[Any]) -> Task:
    """`task` (in a session or detached) holding the row as written, without marking it changed."""
    for key, value in row._mapping.items():
        set_committed_value(task, key, value)
    return task


async def conditional_update(session: AsyncSession, task: Task, expected_version: int, **values: Any) -> bool:
    """Applies `values` and bumps the version only if the task still has `expected_version`;
    `task` then holds the row as written."""
    stmt = (
        update(_TASKS)
        .where(_TASKS.c.id == task.id, _TASKS.c.version == expected_version)
        .values(version=_TASKS.c.version + 1, **values)
        .returning(*_TASKS.c)
    )
    row = (await session.exec(stmt)).first()  # type: ignore[call-overload]
    if row is None:
        return False
    _up_to_date(task, row)
    if "status" in values:
        await set_group_status(session, task.id, values["status"])
    return True


async def set_group_status(session: AsyncSession, task_id: str, status: str) -> None:
    """Keeps the candidate groups' copy of the task's status in step (same transaction)."""
    stmt = update(_GROUPS).where(_GROUPS.c.task_id == task_id).values(task_status=status)
    await session.exec(stmt)  # type: ignore[call-overload]


async def record_completion(session: AsyncSession, completion: TaskCompletion, at: datetime) -> bool:
    """Writes an accepted completion to its row once: False when the row already says completed.
    Two writers at once — the caller with the workflow's answer, the workflow's own step (issue
    #19) — the second waits on the row's lock and then finds it completed."""
    return await write_completion(session, completion, at) is not None


async def write_completion(
    session: AsyncSession, completion: TaskCompletion, at: datetime, into: Task | None = None
) -> Row[Any] | None:
    """`record_completion`, answering the row as written (UPDATE … RETURNING: no read after it),
    copied into `into` when given; None when the row already said completed."""
    stmt = (
        update(_TASKS)
        .where(_TASKS.c.id == completion.task_id, _TASKS.c.status != COMPLETED)
        .values(
            status=COMPLETED,
            outcome=completion.outcome,
            form_json=completion.form_json or "{}",
            completed_by=completion.completed_by,
            completed_at=at,
            assignee=func.coalesce(_TASKS.c.assignee, completion.completed_by),
            version=_TASKS.c.version + 1,
        )
        .returning(*_TASKS.c)
    )
    row: Row[Any] | None = (await session.exec(stmt)).first()  # type: ignore[call-overload]
    if row is None:
        return None
    if into is not None:
        _up_to_date(into, row)
    await set_group_status(session, completion.task_id, COMPLETED)
    session.add(completed_event(completion, at))
    return row


def completed_event(completion: TaskCompletion, at: datetime) -> TaskEvent:
    """The history entry a completion written at `at` adds."""
    return TaskEvent(
        task_id=completion.task_id,
        action="completed",
        actor=completion.completed_by,
        detail=completion.outcome,
        occurred_at=at,
    )

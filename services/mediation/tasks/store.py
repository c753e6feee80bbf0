"""Rows of the task tables: a task, its candidate groups and history, versioned changes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, update
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


async def conditional_update(session: AsyncSession, task_id: str, expected_version: int, **values: Any) -> bool:
    """Applies `values` and bumps the version only if the task still has `expected_version`."""
    stmt = (
        update(Task)
        .where(col(Task.id) == task_id, col(Task.version) == expected_version)
        .values(version=Task.version + 1, **values)
    )
    result = await session.exec(stmt)  # type: ignore[call-overload]
    changed = bool(result.rowcount == 1)  # type: ignore[attr-defined]
    if changed and "status" in values:
        await set_group_status(session, task_id, values["status"])
    return changed


async def set_group_status(session: AsyncSession, task_id: str, status: str) -> None:
    """Keeps the candidate groups' copy of the task's status in step (same transaction)."""
    stmt = update(TaskCandidateGroup).where(col(TaskCandidateGroup.task_id) == task_id).values(task_status=status)
    await session.exec(stmt)  # type: ignore[call-overload]


async def record_completion(session: AsyncSession, completion: TaskCompletion, at: datetime) -> bool:
    """Writes an accepted completion to its row once: False when the row already says completed.
    Two writers at once — the caller with the workflow's answer, the workflow's own step (issue
    #19) — the second waits on the row's lock and then finds it completed."""
    return await write_completion(session, completion, at) is not None


async def write_completion(session: AsyncSession, completion: TaskCompletion, at: datetime) -> Task | None:
    """`record_completion`, answering the row as written (UPDATE … RETURNING: no read after it),
    or None when it already said completed."""
    stmt = (
        update(Task)
        .where(col(Task.id) == completion.task_id, col(Task.status) != COMPLETED)
        .values(
            status=COMPLETED,
            outcome=completion.outcome,
            form_json=completion.form_json or "{}",
            completed_by=completion.completed_by,
            completed_at=at,
            assignee=func.coalesce(Task.assignee, completion.completed_by),
            version=Task.version + 1,
        )
        .returning(Task)
        .execution_options(synchronize_session=False, populate_existing=True)
    )
    written = (await session.exec(stmt)).scalars().first()  # type: ignore[call-overload]
    if written is None:
        return None
    await set_group_status(session, completion.task_id, COMPLETED)
    add_event(session, completion.task_id, "completed", completion.completed_by, at, completion.outcome)
    return written  # type: ignore[no-any-return]

"""Queries of the mediation database: tasks, their groups and history, the inbox views."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, update
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import col, false, or_, select
from sqlmodel.ext.asyncio.session import AsyncSession

from services.common import scope
from services.common.identity import Identity
from services.mediation.models import CLAIMED, COMPLETED, OPEN, Task, TaskCandidateGroup, TaskEvent


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


def _scope_clause(identity: Identity) -> ColumnElement[bool] | None:
    """None when the caller sees every task; otherwise what limits them."""
    if identity.has_role(*scope.WIDE_ROLES):
        return None
    clauses: list[ColumnElement[bool]] = [col(Task.assignee) == identity.subject]
    if identity.groups:
        in_group = select(TaskCandidateGroup.task_id).where(col(TaskCandidateGroup.group_code).in_(identity.groups))
        clauses.append(col(Task.id).in_(in_group))
    if identity.has_role(scope.CASEWORKER, scope.GRID_WORKER):
        clauses.append(col(Task.neighbourhood_code).in_(identity.organisations))
    if identity.has_role(scope.COMPANY):
        clauses.append(col(Task.company_code).in_(identity.organisations))
    return or_(*clauses)


def view_filter(view: str, identity: Identity, now: datetime) -> list[ColumnElement[bool]]:
    active = col(Task.status).in_((OPEN, CLAIMED))
    if view == "mine":
        return [col(Task.assignee) == identity.subject, col(Task.status) == CLAIMED]
    if view == "group":
        if not identity.groups:
            return [false()]
        in_group = select(TaskCandidateGroup.task_id).where(col(TaskCandidateGroup.group_code).in_(identity.groups))
        return [col(Task.status) == OPEN, col(Task.id).in_(in_group)]
    if view == "completed":
        return [col(Task.completed_by) == identity.subject, col(Task.status) == COMPLETED]
    where: list[ColumnElement[bool]] = [active]
    if view == "overdue":
        where.append(col(Task.due_at) < now)
    if (limit := _scope_clause(identity)) is not None:
        where.append(limit)
    return where


async def list_tasks(
    session: AsyncSession,
    *,
    where: list[ColumnElement[bool]],
    completed_order: bool,
    after: list[Any] | None,
    limit: int,
) -> tuple[Sequence[Task], int]:
    """One page of tasks (keyset on due time or completion time, then id) and the view's total."""
    total = (await session.exec(select(func.count()).select_from(Task).where(*where))).one()
    stmt = select(Task).where(*where)
    if completed_order:
        stmt = stmt.order_by(col(Task.completed_at).desc(), col(Task.id).desc())
        if after:
            at = datetime.fromisoformat(after[0])
            stmt = stmt.where(
                or_(col(Task.completed_at) < at, (col(Task.completed_at) == at) & (col(Task.id) < after[1]))
            )
    else:
        stmt = stmt.order_by(col(Task.due_at), col(Task.id))
        if after:
            at = datetime.fromisoformat(after[0])
            stmt = stmt.where(or_(col(Task.due_at) > at, (col(Task.due_at) == at) & (col(Task.id) > after[1])))
    rows = (await session.exec(stmt.limit(limit))).all()
    return rows, int(total)


async def conditional_update(session: AsyncSession, task_id: str, expected_version: int, **values: Any) -> bool:
    """Applies `values` and bumps the version only if the task still has `expected_version`."""
    stmt = (
        update(Task)
        .where(col(Task.id) == task_id, col(Task.version) == expected_version)
        .values(version=Task.version + 1, **values)
    )
    result = await session.exec(stmt)  # type: ignore[call-overload]
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]

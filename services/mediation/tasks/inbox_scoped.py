"""The "all" and "overdue" views of a scoped caller, as a union of index-ordered arms.

A scoped caller's "everything open" is an OR (my neighbourhood, my company, assigned to me, in
my candidate groups) that no single index returns in due order: PostgreSQL walked the active
due-time index testing the OR, after hashing every active membership of the caller's groups
(~19,000 for a neighbourhood), for the page and again for the count. Split, each arm is one
index range already in due order and stops after a page: the first `limit` rows of the union
are among the first `limit` rows of each arm (every arm applies the same view and page key).

Only the plain views in due order (the inbox as it opens, and the counts on its tabs) take
this path (services.mediation.tasks.inbox decides). Under a filter or another sort the arms have
no index in page order, and the plain query, which reads the filter columns from its index,
measured faster.

The statements depend on the caller only through how many arms of each kind it has, so they
are built once per shape with bound parameters: building a dozen-arm statement costs more
Python time than PostgreSQL takes to run it."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import String, bindparam, func, tuple_, union
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import and_, col, select
from sqlmodel.ext.asyncio.session import AsyncSession
from sqlmodel.sql.sqltypes import UTCDateTime

from services.common import scope
from services.common.identity import Identity
from services.mediation.models import Task, TaskCandidateGroup
from services.mediation.tasks import store
from services.mediation.tasks.store import ACTIVE


@dataclass(frozen=True)
class _Shape:
    """How many scope arms of each kind a caller has, and which view: what a statement needs."""

    view: str
    neighbourhoods: int
    companies: int
    groups: int

    @staticmethod
    def of(view: str, identity: Identity) -> _Shape:
        orgs = len(identity.organisations)
        return _Shape(
            view,
            orgs if identity.has_role(scope.CASEWORKER, scope.GRID_WORKER) else 0,
            orgs if identity.has_role(scope.COMPANY) else 0,
            len(identity.groups),
        )


def _scope_params(shape: _Shape, identity: Identity, now: datetime) -> dict[str, Any]:
    params: dict[str, Any] = {"subject": identity.subject, "now": now}
    params |= {f"neighbourhood_{i}": org for i, org in enumerate(identity.organisations[: shape.neighbourhoods])}
    params |= {f"company_{i}": org for i, org in enumerate(identity.organisations[: shape.companies])}
    params |= {f"group_{i}": group for i, group in enumerate(sorted(identity.groups))}
    return params


def _active_in_view(view: str) -> list[ColumnElement[bool]]:
    """_view_base with the instant as the parameter "now"."""
    where: list[ColumnElement[bool]] = [col(Task.status).in_(ACTIVE)]
    if view == "overdue":
        where.append(col(Task.due_at) < bindparam("now", type_=UTCDateTime()))
    return where


def _column_arms(shape: _Shape) -> list[ColumnElement[bool]]:
    """The scope arms that test a task column: one per organisation and one per active status of
    the assignee's tasks (an IN list would not come out of the index in due order)."""
    arms: list[ColumnElement[bool]] = []
    arms += [col(Task.neighbourhood_code) == bindparam(f"neighbourhood_{i}") for i in range(shape.neighbourhoods)]
    arms += [col(Task.company_code) == bindparam(f"company_{i}") for i in range(shape.companies)]
    subject: Any = bindparam("subject")
    arms += [and_(col(Task.assignee) == subject, col(Task.status) == status) for status in ACTIVE]
    return arms


def _after_due(due: Any, task_id: Any) -> ColumnElement[bool]:
    return tuple_(due, task_id) > tuple_(
        bindparam("after_due", type_=UTCDateTime()), bindparam("after_id", type_=String())
    )


@functools.lru_cache(maxsize=256)
def _scoped_page_statement(shape: _Shape, paged: bool) -> Any:
    """The page of a view in due order; parameters: the scope's, "limit", and when `paged` the
    page key "after_due", "after_id"."""
    tcg = TaskCandidateGroup
    order = [col(Task.due_at), col(Task.id)]
    limit: Any = bindparam("limit")
    where = _active_in_view(shape.view)
    if paged:
        where.append(_after_due(col(Task.due_at), col(Task.id)))
    arms: list[Any] = [  # statements of (id, due_at)
        select(col(Task.id).label("id"), col(Task.due_at).label("due_at"))
        .where(*where, arm)
        .order_by(*order)
        .limit(limit)
        for arm in _column_arms(shape)
    ]
    # One range of the candidate-group index per (group, active status), in due order: the
    # entries carry the task's status and due time.
    for i in range(shape.groups):
        for status in ACTIVE:
            entries: Any = select(col(tcg.task_id).label("id"), col(tcg.due_at).label("due_at")).where(
                col(tcg.group_code) == bindparam(f"group_{i}"), col(tcg.task_status) == status
            )
            if shape.view == "overdue":
                entries = entries.where(col(tcg.due_at) < bindparam("now", type_=UTCDateTime()))
            if paged:
                entries = entries.where(_after_due(col(tcg.due_at), col(tcg.task_id)))
            arms.append(entries.order_by(col(tcg.due_at), col(tcg.task_id)).limit(limit))
    # Each arm as a subquery: SQLite takes ORDER BY and LIMIT in a UNION's members only so. The
    # page is cut from the index entries before any task row is read (an entry's due time is
    # the task's: it is copied when the task is made and never changes).
    subqueries = [arm.subquery() for arm in arms]
    found = union(*[select(sub.c.id, sub.c.due_at) for sub in subqueries]).subquery()
    page = select(found.c.id).order_by(found.c.due_at, found.c.id).limit(limit)
    # The view's own test again on the rows read: the group arms read the entries' copies.
    return select(Task).where(col(Task.id).in_(page), *_active_in_view(shape.view)).order_by(*order)


@functools.lru_cache(maxsize=256)
def _scoped_count_statement(shape: _Shape) -> Any:
    """How many distinct tasks the arms find, each arm stopping at "cap" tasks (the group
    entries at "reach"); parameters: the scope's, "cap", "reach"."""
    where = _active_in_view(shape.view)
    arms: list[Any] = [
        select(col(Task.id).label("id")).where(*where, arm).limit(bindparam("cap")) for arm in _column_arms(shape)
    ]
    if shape.groups:
        tcg = TaskCandidateGroup
        groups: list[Any] = [bindparam(f"group_{i}") for i in range(shape.groups)]
        entries: Any = select(col(tcg.task_id).label("id")).where(
            col(tcg.group_code).in_(groups), col(tcg.task_status).in_(ACTIVE)
        )
        if shape.view == "overdue":
            entries = entries.where(col(tcg.due_at) < bindparam("now", type_=UTCDateTime()))
        arms.append(entries.limit(bindparam("reach")))
    found = union(*[select(arm.subquery().c.id) for arm in arms]).subquery()
    return select(func.count()).select_from(found)


async def scoped_page(
    session: AsyncSession, view: str, identity: Identity, *, after: list[Any] | None, limit: int, now: datetime
) -> Sequence[Task]:
    """The page list_tasks(view_filter(view, ...), sort="due") returns, read arm by arm."""
    shape = _Shape.of(view, identity)
    params = _scope_params(shape, identity, now) | {"limit": limit}
    if after:
        params |= {"after_due": after[0], "after_id": after[1]}
    stmt = _scoped_page_statement(shape, bool(after))
    return (await session.exec(stmt, params=params)).all()


async def scoped_count(session: AsyncSession, view: str, identity: Identity, now: datetime) -> tuple[int, bool]:
    """count_tasks(view_filter(view, ...)), arm by arm. Each arm stops once it has COUNT_CAP + 1
    distinct tasks, so the union's size is exact below the cap and above it when the count is.
    The group entries are entries, not tasks: a task in n of the groups is n entries, hence the
    reach (as in count_open_in_groups); reaching it means more than COUNT_CAP distinct tasks."""
    shape = _Shape.of(view, identity)
    params = _scope_params(shape, identity, now) | {
        "cap": store.COUNT_CAP + 1,
        "reach": (store.COUNT_CAP + 1) * shape.groups,
    }
    total = int((await session.exec(_scoped_count_statement(shape), params=params)).one())
    return min(total, store.COUNT_CAP), total > store.COUNT_CAP

"""Queries of the mediation database: tasks, their groups and history, the inbox views."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import String, bindparam, func, literal, tuple_, union, update
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import and_, col, false, or_, select
from sqlmodel.ext.asyncio.session import AsyncSession
from sqlmodel.sql.sqltypes import UTCDateTime

from services.common import scope
from services.common.identity import Identity
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

# Sort keys: (column, descending) pairs ending in the id, so every page boundary is unique.
_SORT_KEYS: dict[str, list[tuple[Any, bool]]] = {
    "due": [(Task.due_at, False), (Task.id, False)],
    "priority": [(Task.priority, True), (Task.due_at, False), (Task.id, False)],
    "created": [(Task.created_at, True), (Task.id, True)],
    "completed": [(Task.completed_at, True), (Task.id, True)],
}


@dataclass(frozen=True)
class InboxFilter:
    """The filters of an inbox page; empty or None means "any"."""

    kind: str = ""
    case_no: str = ""
    community_code: str = ""
    company_code: str = ""
    track: str = ""
    escalation_level: str = ""
    due_from: datetime | None = None
    due_before: datetime | None = None
    priority_min: int = 0
    priority_max: int = 0
    text: str = ""

    def clauses(self) -> list[ColumnElement[bool]]:
        where: list[ColumnElement[bool]] = []
        for column, value in (
            (Task.kind, self.kind),
            (Task.case_no, self.case_no),
            (Task.community_code, self.community_code),
            (Task.company_code, self.company_code),
            (Task.track, self.track),
            (Task.escalation_level, self.escalation_level),
        ):
            if value:
                where.append(col(column) == value)
        if self.due_from is not None:
            where.append(col(Task.due_at) >= self.due_from)
        if self.due_before is not None:
            where.append(col(Task.due_at) < self.due_before)
        if self.priority_min:
            where.append(col(Task.priority) >= self.priority_min)
        if self.priority_max:
            where.append(col(Task.priority) <= self.priority_max)
        if self.text:
            pattern = "%" + self.text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            where.append(
                or_(col(Task.title).ilike(pattern, escape="\\"), col(Task.case_no).ilike(pattern, escape="\\"))
            )
        return where


def _in_groups(groups: frozenset[str], statuses: tuple[str, ...]) -> ColumnElement[bool]:
    """Tasks with one of these statuses in one of these candidate groups: an index range on
    (group_code, task_status), however many finished tasks the groups have had."""
    members = select(TaskCandidateGroup.task_id).where(
        col(TaskCandidateGroup.group_code).in_(groups), col(TaskCandidateGroup.task_status).in_(statuses)
    )
    return col(Task.id).in_(members)


def _scope_clause(identity: Identity, statuses: tuple[str, ...]) -> ColumnElement[bool] | None:
    """None when the caller sees every task; otherwise what limits them (for tasks in `statuses`).
    Cheap column tests come first: OR evaluates its arms in order."""
    if identity.has_role(*scope.WIDE_ROLES):
        return None
    clauses: list[ColumnElement[bool]] = []
    if identity.has_role(scope.CASEWORKER, scope.GRID_WORKER):
        clauses.append(col(Task.neighbourhood_code).in_(identity.organisations))
    if identity.has_role(scope.COMPANY):
        clauses.append(col(Task.company_code).in_(identity.organisations))
    clauses.append(col(Task.assignee) == identity.subject)
    if identity.groups:
        clauses.append(_in_groups(identity.groups, statuses))
    return or_(*clauses)


def _view_base(view: str, now: datetime) -> list[ColumnElement[bool]]:
    """What the "all" and "overdue" views ask of a task before scope: active (and late)."""
    where: list[ColumnElement[bool]] = [col(Task.status).in_(ACTIVE)]
    if view == "overdue":
        where.append(col(Task.due_at) < now)
    return where


def view_filter(view: str, identity: Identity, now: datetime) -> list[ColumnElement[bool]]:
    """A view as one WHERE clause: the plain form of every view (the "all" and "overdue" pages
    are served by the equivalent union of scope arms below)."""
    if view == "mine":
        return [col(Task.assignee) == identity.subject, col(Task.status) == CLAIMED]
    if view == "group":
        if not identity.groups:
            return [false()]
        return [col(Task.status) == OPEN, _in_groups(identity.groups, (OPEN,))]
    if view == "completed":
        return [col(Task.completed_by) == identity.subject, col(Task.status) == COMPLETED]
    where = _view_base(view, now)
    if (limit := _scope_clause(identity, ACTIVE)) is not None:
        where.append(limit)
    return where


def _after(keys: list[tuple[Any, bool]], values: list[Any]) -> ColumnElement[bool]:
    """Rows strictly after `values` in the order `keys`. One direction throughout becomes a row
    comparison, which PostgreSQL turns into an index range; mixed directions expand into ORs,
    bounded on the leading column so the scan still starts near the page."""
    if len({desc for _, desc in keys}) == 1:
        row = tuple_(*[col(c) for c, _ in keys])
        start = tuple_(*[literal(v, type_=col(c).type) for (c, _), v in zip(keys, values, strict=True)])  # type: ignore[attr-defined]
        return row < start if keys[0][1] else row > start
    branches = []
    for i, (column, desc) in enumerate(keys):
        equal = [col(k) == v for (k, _), v in zip(keys[:i], values[:i], strict=True)]
        step = col(column) < values[i] if desc else col(column) > values[i]
        branches.append(and_(*equal, step))
    lead, lead_desc = keys[0]
    bound = col(lead) <= values[0] if lead_desc else col(lead) >= values[0]
    return and_(bound, or_(*branches))


def sort_key_values(task: Task, sort: str) -> list[Any]:
    """The values of `task` under a sort, as a page token stores them."""
    out: list[Any] = []
    for column, _ in _SORT_KEYS[sort]:
        value = getattr(task, column.key)
        out.append(value.isoformat() if isinstance(value, datetime) else value)
    return out


def parse_key_values(sort: str, raw: list[Any]) -> list[Any]:
    """A page token's values back to column types; ValueError when they do not fit the sort."""
    keys = _SORT_KEYS[sort]
    if len(raw) != len(keys):
        raise ValueError("wrong number of key values")
    values: list[Any] = []
    for (column, _), value in zip(keys, raw, strict=True):
        if column.key in ("due_at", "created_at", "completed_at"):
            values.append(datetime.fromisoformat(str(value)))
        elif column.key == "priority":
            values.append(int(value))
        else:
            values.append(str(value))
    return values


async def list_tasks(
    session: AsyncSession,
    *,
    where: list[ColumnElement[bool]],
    sort: str,
    after: list[Any] | None,
    limit: int,
) -> Sequence[Task]:
    """One page of tasks in `sort` order, starting after the key values `after` (keyset)."""
    keys = _SORT_KEYS[sort]
    stmt = select(Task).where(*where)
    if after:
        stmt = stmt.where(_after(keys, after))
    stmt = stmt.order_by(*[col(c).desc() if desc else col(c) for c, desc in keys])
    return (await session.exec(stmt.limit(limit))).all()


async def count_tasks(session: AsyncSession, where: list[ColumnElement[bool]]) -> tuple[int, bool]:
    """How many tasks match, counted up to COUNT_CAP; the flag says the cap was reached."""
    capped = select(col(Task.id)).where(*where).limit(COUNT_CAP + 1).subquery()
    found = int((await session.exec(select(func.count()).select_from(capped))).one())
    return min(found, COUNT_CAP), found > COUNT_CAP


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


async def open_in_groups(
    session: AsyncSession, groups: frozenset[str], *, after: list[Any] | None, limit: int
) -> Sequence[Task]:
    """The group view in due order, walked on the candidate-group index: for each group the next
    `limit` open tasks after the page key, then the `limit` first of their union. A task in n of
    the caller's groups appears n times below, hence the inner limit of limit × groups."""
    tcg = TaskCandidateGroup
    inner = select(tcg.task_id).where(col(tcg.group_code).in_(groups), col(tcg.task_status) == OPEN)
    if after:
        start = tuple_(literal(after[0], type_=UTCDateTime()), literal(after[1]))
        inner = inner.where(tuple_(col(tcg.due_at), col(tcg.task_id)) > start)
    inner = inner.order_by(col(tcg.due_at), col(tcg.task_id)).limit(limit * len(groups))
    stmt = (
        select(Task)
        .where(col(Task.id).in_(inner), col(Task.status) == OPEN)
        .order_by(col(Task.due_at), col(Task.id))
        .limit(limit)
    )
    return (await session.exec(stmt)).all()


async def count_open_in_groups(session: AsyncSession, groups: frozenset[str]) -> tuple[int, bool]:
    """The group view's size up to COUNT_CAP, from the candidate-group index alone."""
    tcg = TaskCandidateGroup
    reach = (COUNT_CAP + 1) * len(groups)
    entries = (
        select(tcg.task_id).where(col(tcg.group_code).in_(groups), col(tcg.task_status) == OPEN).limit(reach).subquery()
    )
    seen, distinct = (
        await session.exec(select(func.count(), func.count(func.distinct(entries.c.task_id))).select_from(entries))
    ).one()
    # Having hit the reach means at least COUNT_CAP + 1 distinct tasks (n entries at most each).
    capped = int(seen) >= reach or int(distinct) > COUNT_CAP
    return min(int(distinct), COUNT_CAP), capped


# --- the "all" and "overdue" views of a scoped caller, as a union of index-ordered arms --------
#
# A scoped caller's "everything open" is an OR (my neighbourhood, my company, assigned to me, in
# my candidate groups) that no single index returns in due order: PostgreSQL walked the active
# due-time index testing the OR, after hashing every active membership of the caller's groups
# (~19,000 for a neighbourhood), for the page and again for the count. Split, each arm is one
# index range already in due order and stops after a page: the first `limit` rows of the union
# are among the first `limit` rows of each arm (every arm applies the same view and page key).
#
# Only the plain views in due order (the inbox as it opens, and the counts on its tabs) take
# this path. Under a filter or another sort the arms have no index in page order, and the plain
# query, which reads the filter columns from its index, measured faster.
#
# The statements depend on the caller only through how many arms of each kind it has, so they
# are built once per shape with bound parameters: building a dozen-arm statement costs more
# Python time than PostgreSQL takes to run it.


def _scoped(view: str, identity: Identity, filters: InboxFilter, sort: str = "due") -> bool:
    return (
        view in ("all", "overdue")
        and sort == "due"
        and not filters.clauses()
        and not identity.has_role(*scope.WIDE_ROLES)
    )


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
    params = _scope_params(shape, identity, now) | {"cap": COUNT_CAP + 1, "reach": (COUNT_CAP + 1) * shape.groups}
    total = int((await session.exec(_scoped_count_statement(shape), params=params)).one())
    return min(total, COUNT_CAP), total > COUNT_CAP


def _by_group(view: str, identity: Identity, filters: InboxFilter, sort: str) -> bool:
    """The plain group view in due order reads the candidate-group index itself."""
    return view == "group" and sort == "due" and not filters.clauses() and bool(identity.groups)


async def inbox_count(
    session: AsyncSession, view: str, identity: Identity, filters: InboxFilter, now: datetime
) -> tuple[int, bool]:
    """A view's size for the caller, up to COUNT_CAP, and whether the cap was reached."""
    if _by_group(view, identity, filters, "due"):
        return await count_open_in_groups(session, identity.groups)
    if _scoped(view, identity, filters):
        return await scoped_count(session, view, identity, now)
    return await count_tasks(session, view_filter(view, identity, now) + filters.clauses())


async def inbox_page(
    session: AsyncSession,
    view: str,
    identity: Identity,
    filters: InboxFilter,
    *,
    sort: str,
    after: list[Any] | None,
    limit: int,
    now: datetime,
) -> tuple[Sequence[Task], int, bool]:
    """One page of an inbox view (keyset after `after`) and the view's capped count: what
    ListTasks answers and what benchmarks/inbox.py times."""
    if _by_group(view, identity, filters, sort):
        rows = await open_in_groups(session, identity.groups, after=after, limit=limit)
    elif _scoped(view, identity, filters, sort):
        rows = await scoped_page(session, view, identity, after=after, limit=limit, now=now)
    else:
        where = view_filter(view, identity, now) + filters.clauses()
        rows = await list_tasks(session, where=where, sort=sort, after=after, limit=limit)
    total, capped = await inbox_count(session, view, identity, filters, now)
    return rows, total, capped

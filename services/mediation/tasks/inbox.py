"""The inbox views as queries: filters, scope, sort keys and keyset pages, and their capped counts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, literal, tuple_
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import and_, col, false, or_, select
from sqlmodel.ext.asyncio.session import AsyncSession
from sqlmodel.sql.sqltypes import UTCDateTime

from services.common import scope
from services.common.identity import Identity
from services.mediation.models import CLAIMED, COMPLETED, OPEN, Task, TaskCandidateGroup
from services.mediation.tasks import store
from services.mediation.tasks.inbox_scoped import scoped_count, scoped_page
from services.mediation.tasks.search import text_matches
from services.mediation.tasks.store import ACTIVE

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

    def clauses(self, *, active_only: bool = False) -> list[ColumnElement[bool]]:
        """The filters as WHERE clauses; `active_only`: the view holds only open and claimed
        tasks (free text may then read the gram index of active tasks)."""
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
            where.append(text_matches(self.text, active_only=active_only))
        return where


def _in_groups(groups: frozenset[str], statuses: tuple[str, ...], *, probe: bool = False) -> ColumnElement[bool]:
    """Tasks with one of these statuses in one of these candidate groups: an index range on
    (group_code, task_status), however many finished tasks the groups have had. `probe`: the
    rows are few (a text search's), so each row's memberships are looked up instead, rather
    than hashing every active membership of the groups (~19,000 for a neighbourhood) first."""
    tcg = TaskCandidateGroup
    if probe:
        return (
            select(tcg.task_id)
            .where(
                col(tcg.task_id) == col(Task.id), col(tcg.group_code).in_(groups), col(tcg.task_status).in_(statuses)
            )
            .exists()
        )
    members = select(tcg.task_id).where(col(tcg.group_code).in_(groups), col(tcg.task_status).in_(statuses))
    return col(Task.id).in_(members)


def _scope_clause(identity: Identity, statuses: tuple[str, ...], probe: bool) -> ColumnElement[bool] | None:
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
        clauses.append(_in_groups(identity.groups, statuses, probe=probe))
    return or_(*clauses)


def _view_base(view: str, now: datetime) -> list[ColumnElement[bool]]:
    """What the "all" and "overdue" views ask of a task before scope: active (and late)."""
    where: list[ColumnElement[bool]] = [col(Task.status).in_(ACTIVE)]
    if view == "overdue":
        where.append(col(Task.due_at) < now)
    return where


def view_filter(view: str, identity: Identity, now: datetime, *, probe: bool = False) -> list[ColumnElement[bool]]:
    """A view as one WHERE clause: the plain form of every view (the "all" and "overdue" pages
    are served by the equivalent union of scope arms below). `probe`: another clause (free
    text) leaves few rows, so group membership is looked up row by row."""
    if view == "mine":
        return [col(Task.assignee) == identity.subject, col(Task.status) == CLAIMED]
    if view == "group":
        if not identity.groups:
            return [false()]
        return [col(Task.status) == OPEN, _in_groups(identity.groups, (OPEN,), probe=probe)]
    if view == "completed":
        return [col(Task.completed_by) == identity.subject, col(Task.status) == COMPLETED]
    where = _view_base(view, now)
    if (limit := _scope_clause(identity, ACTIVE, probe)) is not None:
        where.append(limit)
    return where


def filtered_view(view: str, identity: Identity, filters: InboxFilter, now: datetime) -> list[ColumnElement[bool]]:
    """A view under the caller's filters, as the plain query reads it."""
    probe = bool(filters.text)
    return view_filter(view, identity, now, probe=probe) + filters.clauses(active_only=view != "completed")


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
    capped = select(col(Task.id)).where(*where).limit(store.COUNT_CAP + 1).subquery()
    found = int((await session.exec(select(func.count()).select_from(capped))).one())
    return min(found, store.COUNT_CAP), found > store.COUNT_CAP


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
    reach = (store.COUNT_CAP + 1) * len(groups)
    entries = (
        select(tcg.task_id).where(col(tcg.group_code).in_(groups), col(tcg.task_status) == OPEN).limit(reach).subquery()
    )
    seen, distinct = (
        await session.exec(select(func.count(), func.count(func.distinct(entries.c.task_id))).select_from(entries))
    ).one()
    # Having hit the reach means at least COUNT_CAP + 1 distinct tasks (n entries at most each).
    capped = int(seen) >= reach or int(distinct) > store.COUNT_CAP
    return min(int(distinct), store.COUNT_CAP), capped


def _scoped(view: str, identity: Identity, filters: InboxFilter, sort: str = "due") -> bool:
    return (
        view in ("all", "overdue")
        and sort == "due"
        and not filters.clauses()
        and not identity.has_role(*scope.WIDE_ROLES)
    )


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
    return await count_tasks(session, filtered_view(view, identity, filters, now))


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
        where = filtered_view(view, identity, filters, now)
        rows = await list_tasks(session, where=where, sort=sort, after=after, limit=limit)
    total, capped = await inbox_count(session, view, identity, filters, now)
    return rows, total, capped

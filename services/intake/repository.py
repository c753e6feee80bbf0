"""Queries of the intake database."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import Column, bindparam, func, insert, text
from sqlmodel import col, or_, select
from sqlmodel.ext.asyncio.session import AsyncSession

from services.common.db import DriverConnection, DriverStatement
from services.common.errors import NotFound
from services.intake.models import Case, CaseParticipant, Complaint, TimelineEvent

# The filing transaction's statements are built and compiled once and run on the driver, their
# values bound per call (issue 19: building, compiling and executing them through SQLAlchemy was
# half of intake's CPU per complaint).
_BUMP_SERIAL = DriverStatement(
    text(
        "INSERT INTO case_counter (year, last) VALUES (:year, 1) "
        "ON CONFLICT (year) DO UPDATE SET last = case_counter.last + 1 RETURNING last"
    )
)


async def next_serial(connection: DriverConnection, year: int) -> int:
    """Atomically bumps and returns the year's counter (one upsert; PostgreSQL and SQLite alike)."""
    (row,) = await _BUMP_SERIAL.rows(connection, {"year": year})
    return int(row[0])


async def get_case(session: AsyncSession, case_no: str) -> Case | None:
    return await session.get(Case, case_no)


async def case(session: AsyncSession, case_no: str) -> Case:
    """The case `case_no`; NotFound, naming the request's case_no, when there is none."""
    row = await session.get(Case, case_no)
    if row is None:
        raise NotFound(f"no case {case_no!r}", field="case_no")
    return row


async def cases(session: AsyncSession, case_nos: Sequence[str]) -> Sequence[Case]:
    """The cases among `case_nos` that exist, in case-number order."""
    if not case_nos:
        return []
    stmt = select(Case).where(col(Case.case_no).in_(case_nos)).order_by(col(Case.case_no))
    return (await session.exec(stmt)).all()


async def find_by_idempotency(session: AsyncSession, scope: str) -> Case | None:
    return (await session.exec(select(Case).where(Case.idempotency_scope == scope))).first()


async def timeline(session: AsyncSession, case_no: str) -> Sequence[TimelineEvent]:
    stmt = select(TimelineEvent).where(TimelineEvent.case_no == case_no).order_by(col(TimelineEvent.seq))
    return (await session.exec(stmt)).all()


async def timeline_page(
    session: AsyncSession, case_no: str, *, before_seq: int | None, limit: int
) -> tuple[list[TimelineEvent], bool, int]:
    """The `limit` entries before `before_seq` (the newest when None), oldest first; whether more
    remain before them; and how many the case holds in all."""
    stmt = select(TimelineEvent).where(TimelineEvent.case_no == case_no)
    if before_seq is not None:
        stmt = stmt.where(col(TimelineEvent.seq) < before_seq)
    rows = list((await session.exec(stmt.order_by(col(TimelineEvent.seq).desc()).limit(limit + 1))).all())
    total = (await session.exec(select(func.count()).where(TimelineEvent.case_no == case_no))).one()
    return rows[:limit][::-1], len(rows) > limit, int(total)


async def has_event(session: AsyncSession, event_id: str) -> bool:
    stmt = select(TimelineEvent.seq).where(TimelineEvent.event_id == event_id)
    return (await session.exec(stmt)).first() is not None


async def known_event_ids(session: AsyncSession, event_ids: Sequence[str]) -> set[str]:
    """Those of `event_ids` already on a timeline (one query for a batch)."""
    stmt = select(TimelineEvent.event_id).where(col(TimelineEvent.event_id).in_(event_ids))
    return set((await session.exec(stmt)).all())


def add_event(
    session: AsyncSession,
    *,
    case_no: str,
    event_id: str,
    kind: str,
    summary: str,
    actor: str,
    occurred_at: datetime,
    attributes: dict[str, Any] | None = None,
) -> None:
    session.add(
        TimelineEvent(
            case_no=case_no,
            event_id=event_id,
            kind=kind,
            summary=summary,
            actor=actor,
            attributes=attributes or {},
            occurred_at=occurred_at,
        )
    )


def _in_scope(
    stmt: Any,
    neighbourhoods: Sequence[str] | None,
    companies: Sequence[str] | None,
    participants: Sequence[str],
) -> Any:
    """The statement narrowed to the caller's scope, or None when the scope holds nothing.
    `neighbourhoods`/`companies` of None mean no restriction on that axis; both empty lists (and
    no `participants`: organisations on a case's panel) mean the caller sees nothing."""
    if neighbourhoods is None and companies is None:
        return stmt
    clauses = []
    if neighbourhoods:
        clauses.append(col(Case.neighbourhood_code).in_(neighbourhoods))
    if companies:
        clauses.append(col(Case.company_code).in_(companies))
    if participants:
        taking_part = select(CaseParticipant.case_no).where(col(CaseParticipant.org_code).in_(participants))
        clauses.append(col(Case.case_no).in_(taking_part))
    return stmt.where(or_(*clauses)) if clauses else None


async def list_cases(
    session: AsyncSession,
    *,
    neighbourhoods: Sequence[str] | None,
    companies: Sequence[str] | None,
    status: str,
    before_case_no: str | None,
    limit: int,
    participants: Sequence[str] = (),
) -> Sequence[Case]:
    """Newest first, within the scope `_in_scope` describes."""
    stmt = _in_scope(
        select(Case).order_by(col(Case.case_no).desc()).limit(limit), neighbourhoods, companies, participants
    )
    if stmt is None:
        return []
    if status:
        stmt = stmt.where(Case.status == status)
    if before_case_no:
        stmt = stmt.where(col(Case.case_no) < before_case_no)
    return (await session.exec(stmt)).all()


async def count_cases(
    session: AsyncSession,
    *,
    neighbourhoods: Sequence[str] | None,
    companies: Sequence[str] | None,
    participants: Sequence[str] = (),
) -> dict[str, dict[str, int]]:
    """Cases in scope by each of status, track, escalation level and community ("" for none)."""
    found: dict[str, dict[str, int]] = {}
    for name in ("status", "track", "escalation_level", "community_code"):
        column = getattr(Case, name)
        stmt = _in_scope(select(column, func.count()).group_by(column), neighbourhoods, companies, participants)
        rows = (await session.exec(stmt)).all() if stmt is not None else []
        found[name] = {(value or ""): int(n) for value, n in rows}
    return found


async def cases_awaiting_workflow(session: AsyncSession, created_before: datetime, limit: int = 100) -> Sequence[Case]:
    stmt = (
        select(Case)
        .where(col(Case.workflow_started).is_(False), col(Case.created_at) < created_before)
        .order_by(col(Case.case_no))
        .limit(limit)
    )
    return (await session.exec(stmt)).all()


async def find_complaint_by_idempotency(session: AsyncSession, scope: str) -> Complaint | None:
    return (await session.exec(select(Complaint).where(Complaint.idempotency_scope == scope))).first()


async def find_complaint_by_channel_ref(session: AsyncSession, channel_ref: str) -> Complaint | None:
    return (await session.exec(select(Complaint).where(Complaint.channel_ref == channel_ref))).first()


async def find_complaint_by_receipt(session: AsyncSession, receipt_no: str) -> Complaint | None:
    return (await session.exec(select(Complaint).where(Complaint.receipt_no == receipt_no))).first()


async def find_complaint_by_token(session: AsyncSession, token: str) -> Complaint | None:
    return (await session.exec(select(Complaint).where(Complaint.token == token))).first()


@cache
def _open_duplicate(statuses: int) -> DriverStatement:
    """The duplicate look-up for `statuses` statuses, bound as status0, status1, …"""
    return DriverStatement(
        select(Case.case_no)
        .where(
            Case.community_code == bindparam("community_code"),
            Case.building == bindparam("building"),
            Case.category == bindparam("category"),
            col(Case.status).in_([bindparam(f"status{i}") for i in range(statuses)]),
            col(Case.created_at) >= bindparam("since", type_=Case.__table__.c.created_at.type),  # type: ignore[attr-defined]
        )
        .order_by(col(Case.created_at))
        .limit(1)
    )


async def find_open_duplicate(
    connection: DriverConnection,
    *,
    community_code: str,
    building: int,
    category: str,
    since: datetime,
    statuses: Sequence[str],
) -> str | None:
    """The number of the oldest case still being handled about the same community, building and
    category, created at or after `since`. One column: most filings find none, and the new-case
    path needs no loaded row."""
    params = {"community_code": community_code, "building": building, "category": category, "since": since}
    params |= {f"status{i}": status for i, status in enumerate(statuses)}
    rows = await _open_duplicate(len(statuses)).rows(connection, params)
    return str(rows[0][0]) if rows else None


_CASE_COLUMNS = list(Case.__table__.columns)  # type: ignore[attr-defined]
_COMPLAINT_COLUMNS = [c for c in Complaint.__table__.columns if c.name != "id"]  # type: ignore[attr-defined]
_EVENT_COLUMNS = [c for c in TimelineEvent.__table__.columns if c.name != "seq"]  # type: ignore[attr-defined]


def _bound(columns: Sequence[Column[Any]], prefix: str = "") -> dict[str, Any]:
    return {c.name: bindparam(f"{prefix}{c.name}", type_=c.type) for c in columns}


def _values(
    record: Case | Complaint | TimelineEvent, columns: Sequence[Column[Any]], prefix: str = ""
) -> dict[str, Any]:
    """The record's values of `columns`, by column name after `prefix`."""
    return {f"{prefix}{c.name}": getattr(record, c.name) for c in columns}


_INSERT_CASE = DriverStatement(insert(Case.__table__).values(_bound(_CASE_COLUMNS)))  # type: ignore[attr-defined]
_INSERT_COMPLAINT = DriverStatement(insert(Complaint.__table__).values(_bound(_COMPLAINT_COLUMNS)))  # type: ignore[attr-defined]


@cache
def _insert_events(events: int) -> DriverStatement:
    """`events` timeline entries in one statement, bound as event0_<column>, event1_<column>, …"""
    rows = [_bound(_EVENT_COLUMNS, f"event{i}_") for i in range(events)]
    return DriverStatement(insert(TimelineEvent.__table__).values(rows))  # type: ignore[attr-defined]


@cache
def _new_case_in_one(events: int) -> DriverStatement:
    """PostgreSQL: one statement for a new case, its first complaint and `events` timeline entries
    (the case and the complaint as data-modifying CTEs; the foreign keys are checked at the
    statement's end, when the case row is there), bound as case_<column>, complaint_<column> and
    event<i>_<column>."""
    new_case = insert(Case.__table__).values(_bound(_CASE_COLUMNS, "case_"))  # type: ignore[attr-defined]
    first = insert(Complaint.__table__).values(_bound(_COMPLAINT_COLUMNS, "complaint_"))  # type: ignore[attr-defined]
    entries = _insert_events(events).statement
    return DriverStatement(entries.add_cte(new_case.cte("new_case")).add_cte(first.cte("new_complaint")))  # type: ignore[attr-defined]


async def insert_new_case(
    connection: DriverConnection, case: Case, complaint: Complaint, events: Sequence[TimelineEvent]
) -> None:
    """The rows of a new case — the case, its first complaint and its first timeline entries —
    in the session's transaction, with no unit-of-work flush (issue 19: the ORM's flush was a third
    of intake's CPU per complaint). The records stay detached."""
    entries: dict[str, Any] = {}
    for i, event in enumerate(events):
        entries |= _values(event, _EVENT_COLUMNS, f"event{i}_")
    if connection.dialect.name == "postgresql":
        # One statement, one round trip.
        case_row = _values(case, _CASE_COLUMNS, "case_")
        complaint_row = _values(complaint, _COMPLAINT_COLUMNS, "complaint_")
        await _new_case_in_one(len(events)).rows(connection, case_row | complaint_row | entries)
        return
    await _INSERT_CASE.rows(connection, _values(case, _CASE_COLUMNS))
    await _INSERT_COMPLAINT.rows(connection, _values(complaint, _COMPLAINT_COLUMNS))
    await _insert_events(len(events)).rows(connection, entries)


async def complainant_phones(session: AsyncSession, case_no: str) -> Sequence[str]:
    stmt = select(Complaint.complainant_phone).where(Complaint.case_no == case_no)
    return (await session.exec(stmt)).all()


async def search_cases(
    session: AsyncSession,
    *,
    case_nos: Sequence[str],
    categories: Sequence[str],
    start: datetime | None,
    end: datetime | None,
    statuses: Sequence[str],
    limit: int,
) -> Sequence[Case]:
    """Cases for Open311: by number when given (nothing else applies), otherwise by the filters,
    newest first."""
    stmt = select(Case).order_by(col(Case.created_at).desc()).limit(limit)
    if case_nos:
        return (await session.exec(stmt.where(col(Case.case_no).in_(case_nos)))).all()
    if categories:
        stmt = stmt.where(col(Case.category).in_(categories))
    if start is not None:
        stmt = stmt.where(col(Case.created_at) >= start)
    if end is not None:
        stmt = stmt.where(col(Case.created_at) <= end)
    if statuses:
        stmt = stmt.where(col(Case.status).in_(statuses))
    return (await session.exec(stmt)).all()


async def lock_duplicate_key(session: AsyncSession, key: str) -> None:
    """Holds a transaction-scoped lock on one duplicate key (PostgreSQL advisory lock); SQLite
    serialises writers already and has no such lock."""
    bind = session.get_bind()
    if bind.dialect.name == "postgresql":
        await session.exec(
            text("SELECT pg_advisory_xact_lock(hashtext(:key))"),  # type: ignore[call-overload]
            params={"key": key},
        )


async def participants(session: AsyncSession, case_no: str) -> list[str]:
    stmt = select(CaseParticipant.org_code).where(CaseParticipant.case_no == case_no).order_by(CaseParticipant.org_code)
    return list((await session.exec(stmt)).all())


async def participants_of(session: AsyncSession, case_nos: Sequence[str]) -> dict[str, list[str]]:
    """The organisations on each case's panel, for several cases in one read."""
    found: dict[str, list[str]] = {}
    if case_nos:
        stmt = select(CaseParticipant.case_no, CaseParticipant.org_code).where(
            col(CaseParticipant.case_no).in_(case_nos)
        )
        for case_no, org in (await session.exec(stmt)).all():
            found.setdefault(case_no, []).append(org)
    return found


async def add_participants(
    session: AsyncSession, case_no: str, orgs: Sequence[str], reason: str, now: datetime
) -> None:
    """Adds the organisations not yet on the case (a retried call adds nothing twice)."""
    present = set(await participants(session, case_no))
    for org in dict.fromkeys(orgs):
        if org not in present:
            session.add(CaseParticipant(case_no=case_no, org_code=org, reason=reason[:200], added_at=now))

"""Queries of the evaluation service's database."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func
from sqlmodel import col, or_, select
from sqlmodel.ext.asyncio.session import AsyncSession

from services.evaluation.models import CaseOutcome, Community, Organisation


async def find_community(session: AsyncSession, query: str) -> Community | None:
    stmt = select(Community).where(or_(Community.code == query, Community.name == query))
    return (await session.exec(stmt)).first()


async def list_communities(
    session: AsyncSession, *, neighbourhood_code: str, after_code: str | None, limit: int
) -> Sequence[Community]:
    stmt = select(Community).order_by(Community.code).limit(limit)  # type: ignore[arg-type]
    if neighbourhood_code:
        stmt = stmt.where(Community.neighbourhood_code == neighbourhood_code)
    if after_code:
        stmt = stmt.where(Community.code > after_code)
    return (await session.exec(stmt)).all()


async def get_organisation(session: AsyncSession, code: str) -> Organisation | None:
    return await session.get(Organisation, code)


async def list_organisations(session: AsyncSession, kind: str) -> Sequence[Organisation]:
    stmt = select(Organisation).order_by(Organisation.code)  # type: ignore[arg-type]
    if kind:
        stmt = stmt.where(Organisation.kind == kind)
    return (await session.exec(stmt)).all()


async def get_case_outcome(session: AsyncSession, case_no: str) -> CaseOutcome | None:
    return await session.get(CaseOutcome, case_no)


async def company_outcomes(session: AsyncSession, company_code: str) -> tuple[int, int, int, int, int]:
    """(cases, responded on time, resolved, satisfied or fairly satisfied, answered callbacks)."""
    satisfied = col(CaseOutcome.satisfaction).in_(("satisfied", "fairly_satisfied"))
    answered = col(CaseOutcome.satisfaction) != "no_answer"
    stmt = select(  # type: ignore[call-overload]
        func.count(),
        func.count().filter(col(CaseOutcome.responded_on_time).is_(True)),
        func.count().filter(col(CaseOutcome.resolved).is_(True)),
        func.count().filter(satisfied),
        func.count().filter(answered),
    ).where(col(CaseOutcome.company_code) == company_code)
    row = (await session.exec(stmt)).one()  # type: ignore[call-overload]
    return tuple(int(v or 0) for v in row)  # type: ignore[return-value]

"""Queries of the evaluation service's database."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func
from sqlmodel import col, or_, select
from sqlmodel.ext.asyncio.session import AsyncSession

from services.common.errors import NotFound
from services.evaluation.models import CaseOutcome, Community, Household, Organisation


async def find_community(session: AsyncSession, query: str) -> Community | None:
    stmt = select(Community).where(or_(Community.code == query, Community.name == query))
    return (await session.exec(stmt)).first()


async def community(session: AsyncSession, code: str, *, field: str = "community_code") -> Community:
    """The community `code`; NotFound, naming the request's `field`, when there is none."""
    row = await session.get(Community, code)
    if row is None:
        raise NotFound(f"no community {code!r}", field=field)
    return row


async def household_and_community(session: AsyncSession, code: str) -> tuple[Household, Community]:
    """The household `code` and its community; NotFound when either is missing."""
    household = await session.get(Household, code)
    community = await session.get(Community, household.community_code) if household else None
    if household is None or community is None:
        raise NotFound(f"no household {code!r}", field="household_code")
    return household, community


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


async def property_company(session: AsyncSession, code: str, *, field: str) -> Organisation:
    """The property company `code`; NotFound, naming the request's `field`, for any other code."""
    row = await session.get(Organisation, code)
    if row is None or row.kind != "property_company":
        raise NotFound(f"no property company {code!r}", field=field)
    return row


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

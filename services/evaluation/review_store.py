"""Queries of the quarterly review, the lists and the registry's party-building facts."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from services.evaluation.models import (
    Appointment,
    CaseOutcome,
    Community,
    CompanyResult,
    Evaluation,
    EvaluationScore,
    Organisation,
    StandingChange,
)
from services.evaluation.scoring import CaseFacts
from services.evaluation.standing import NONE

APPLIED, PENDING, REJECTED = "APPLIED", "PENDING", "REJECTED"


async def subdistrict_companies(session: AsyncSession, subdistrict_code: str) -> Sequence[Organisation]:
    stmt = (
        select(Organisation)
        .where(Organisation.kind == "property_company", Organisation.parent_code == subdistrict_code)
        .order_by(Organisation.code)  # type: ignore[arg-type]
    )
    return (await session.exec(stmt)).all()


async def histograms(session: AsyncSession, review_id: str) -> dict[str, dict[tuple[str, str], dict[int, int]]]:
    """company → (side, aspect) → score → count, aggregated by the database (one GROUP BY)."""
    s = EvaluationScore
    stmt = (
        select(s.company_code, s.side, s.aspect, s.score, func.count())  # type: ignore[call-overload]
        .where(s.review_id == review_id)
        .group_by(s.company_code, s.side, s.aspect, s.score)  # type: ignore[arg-type]
    )
    out: dict[str, dict[tuple[str, str], dict[int, int]]] = defaultdict(lambda: defaultdict(dict))
    for company, side, aspect, score, count in (await session.exec(stmt)).all():
        out[company][(side, aspect)][int(score)] = int(count)
    return out


async def case_facts(session: AsyncSession, start: datetime, end: datetime) -> dict[str, CaseFacts]:
    """Closed cases recorded in [start, end), per company, with the households each manages."""
    c = CaseOutcome
    satisfied = col(c.satisfaction).in_(("satisfied", "fairly_satisfied"))
    stmt = (
        select(  # type: ignore[call-overload]
            c.company_code,
            func.count(),
            func.count().filter(col(c.responded_on_time).is_(True)),
            func.count().filter(col(c.resolved).is_(True)),
            func.count().filter(satisfied),
            func.count().filter(col(c.satisfaction) != "no_answer"),
            func.coalesce(func.sum(c.overdue_rectification_orders), 0),
        )
        .where(col(c.recorded_at) >= start, col(c.recorded_at) < end)
        .group_by(c.company_code)
    )
    households = await company_households(session)
    facts: dict[str, CaseFacts] = {}
    for company, cases, responded, resolved, sat, answered, overdue in (await session.exec(stmt)).all():
        facts[company] = CaseFacts(
            int(cases), int(responded), int(resolved), int(sat), int(answered), households.get(company, 0), int(overdue)
        )
    for company, count in households.items():
        facts.setdefault(company, CaseFacts(households=count))
    return facts


async def company_households(session: AsyncSession) -> dict[str, int]:
    stmt = select(Community.company_code, func.sum(Community.households)).group_by(Community.company_code)
    return {code: int(n or 0) for code, n in (await session.exec(stmt)).all() if code}


async def party_facts(session: AsyncSession) -> tuple[set[str], dict[str, int]]:
    """(companies with a party branch, company → people holding a post there and elsewhere)."""
    branches = select(Organisation.parent_code).where(Organisation.kind == "party_branch")
    with_branch = set((await session.exec(branches)).all())
    posts = (await session.exec(select(Appointment))).all()
    orgs_of: dict[str, set[str]] = defaultdict(set)
    for post in posts:
        orgs_of[post.person_id].add(post.org_code)
    # A post in a company's party branch counts as a post in the company.
    branch_parent = dict(
        (
            await session.exec(
                select(Organisation.code, Organisation.parent_code).where(Organisation.kind == "party_branch")
            )
        ).all()
    )
    companies = set(
        (await session.exec(select(Organisation.code).where(Organisation.kind == "property_company"))).all()
    )
    cross: dict[str, int] = defaultdict(int)
    for orgs in orgs_of.values():
        if len(orgs) < 2:
            continue
        for company in {branch_parent.get(o, o) for o in orgs} & companies:
            cross[company] += 1
    return with_branch, dict(cross)


async def current_standings(session: AsyncSession) -> dict[str, StandingChange]:
    """Each company's latest applied standing change."""
    stmt = (
        select(StandingChange)
        .where(StandingChange.status == APPLIED)
        .order_by(col(StandingChange.decided_at), col(StandingChange.created_at), col(StandingChange.id))
    )
    latest: dict[str, StandingChange] = {}
    for change in (await session.exec(stmt)).all():
        latest[change.company_code] = change
    return latest


async def standing_of(session: AsyncSession, company_code: str) -> str:
    stmt = (
        select(StandingChange.standing)
        .where(StandingChange.company_code == company_code, StandingChange.status == APPLIED)
        .order_by(
            col(StandingChange.decided_at).desc(), col(StandingChange.created_at).desc(), col(StandingChange.id).desc()
        )
        .limit(1)
    )
    return (await session.exec(stmt)).first() or NONE


async def evaluation_counts(session: AsyncSession, review_id: str) -> dict[str, int]:
    stmt = select(Evaluation.side, func.count()).where(Evaluation.review_id == review_id).group_by(Evaluation.side)
    return {side: int(n) for side, n in (await session.exec(stmt)).all()}


async def results(session: AsyncSession, review_id: str) -> Sequence[CompanyResult]:
    stmt = select(CompanyResult).where(CompanyResult.review_id == review_id).order_by(col(CompanyResult.company_code))
    return (await session.exec(stmt)).all()


async def latest_results(session: AsyncSession) -> dict[str, CompanyResult]:
    """Each company's result in the newest published review that scored it."""
    from services.evaluation.models import Review

    stmt = (
        select(CompanyResult, Review.quarter)
        .join(Review, col(Review.id) == col(CompanyResult.review_id))
        .where(Review.status == "PUBLISHED")
        .order_by(col(Review.quarter))
    )
    latest: dict[str, CompanyResult] = {}
    for result, _ in (await session.exec(stmt)).all():
        latest[result.company_code] = result
    return latest

"""Queries of the quarterly review, the lists and the registry's party-building facts."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, func, insert
from sqlalchemy import select as sa_select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from services.common.db import driver_rows, plain_rows
from services.common.errors import NotFound
from services.evaluation import scoring
from services.evaluation.domain import Form
from services.evaluation.models import (
    Appointment,
    CaseOutcome,
    Community,
    CompanyResult,
    Evaluation,
    EvaluationScore,
    Organisation,
    Review,
    ScoreTally,
    StandingChange,
)
from services.evaluation.scoring import AspectPlan, CaseFacts
from services.evaluation.standing import NONE

APPLIED, PENDING, REJECTED = "APPLIED", "PENDING", "REJECTED"


async def review(session: AsyncSession, review_id: str) -> Review:
    """The review `review_id`; NotFound when there is none."""
    row = await session.get(Review, review_id)
    if row is None:
        raise NotFound(f"no review {review_id!r}", field="review_id")
    return row


async def subdistrict_companies(session: AsyncSession, subdistrict_code: str) -> Sequence[str]:
    """The codes of the subdistrict's property companies, in order (codes only: no 1,000 ORM objects)."""
    stmt = (
        select(Organisation.code)
        .where(Organisation.kind == "property_company", Organisation.parent_code == subdistrict_code)
        .order_by(Organisation.code)  # type: ignore[arg-type]
    )
    return (await session.exec(stmt)).all()


async def histograms(session: AsyncSession, review_id: str) -> dict[str, dict[tuple[str, str], tuple[int, ...]]]:
    """company → (side, aspect) → counts of 1 … 5, from the tallies kept with every form. Read
    as plain rows (no ORM objects, no SQLAlchemy rows on PostgreSQL): 35,000 of them a quarter."""
    t = ScoreTally.__table__  # type: ignore[attr-defined]
    stmt = sa_select(t.c.company_code, t.c.side, t.c.aspect, t.c.n1, t.c.n2, t.c.n3, t.c.n4, t.c.n5).where(
        t.c.review_id == review_id
    )
    out: dict[str, dict[tuple[str, str], tuple[int, ...]]] = defaultdict(dict)
    for company, side, aspect, *counts in await plain_rows(session, stmt):
        out[company][(side, aspect)] = tuple(counts)
    return out


# Every tally of a review as (company, 1-based position of its (side, aspect) in $2 or NULL,
# samples, unrounded percent or NULL when empty). The percent is scoring.percent_of_counts in
# float8 (IEEE doubles, like Python's floats), in its order of operations, so rounding it gives the
# same score to the last bit: the sum kept after trimming k scores from each end is the whole sum
# less the k lowest and the k highest. OFFSET 0 keeps each level's columns computed once per row
# rather than inlined into every use.
_ASPECT_PERCENTS = """
SELECT company_code, array_position($2::text[], side || ' ' || aspect), n,
       CASE WHEN n > 0 THEN
           ((n1 + 2 * n2 + 3 * n3 + 4 * n4 + 5 * n5
             - CASE WHEN k <= n1 THEN k
                    WHEN k <= n1 + n2 THEN n1 + 2 * (k - n1)
                    WHEN k <= n1 + n2 + n3 THEN n1 + 2 * n2 + 3 * (k - n1 - n2)
                    WHEN k <= n - n5 THEN n1 + 2 * n2 + 3 * n3 + 4 * (k - n1 - n2 - n3)
                    ELSE n1 + 2 * n2 + 3 * n3 + 4 * n4 + 5 * (k - n + n5) END
             - CASE WHEN k <= n5 THEN 5 * k
                    WHEN k <= n5 + n4 THEN 5 * n5 + 4 * (k - n5)
                    WHEN k <= n5 + n4 + n3 THEN 5 * n5 + 4 * n4 + 3 * (k - n5 - n4)
                    WHEN k <= n - n1 THEN 5 * n5 + 4 * n4 + 3 * n3 + 2 * (k - n5 - n4 - n3)
                    ELSE 5 * n5 + 4 * n4 + 3 * n3 + 2 * n2 + (k - n + n1) END
            )::float8 / (n - 2 * k) - 1) / 4 * 100
       END
FROM (SELECT company_code, side, aspect, n1, n2, n3, n4, n5, n, floor(n * $3::float8)::int AS k
      FROM (SELECT company_code, side, aspect, n1, n2, n3, n4, n5, n1 + n2 + n3 + n4 + n5 AS n
            FROM score_tally WHERE review_id = $1 OFFSET 0) AS counted OFFSET 0) AS trimmed
"""


async def aspect_percents(
    session: AsyncSession, review_id: str, subdistrict_code: str, trim_fraction: float, plan: AspectPlan
) -> list[tuple[str, list[int], list[float | None]]]:
    """(company, samples, unrounded percents) for every property company of the subdistrict, in
    code order, its lists in scoring.plan_aspects order: what scoring.score_from_percents takes.
    On PostgreSQL the percents come computed from the tallies (35,000 a quarter, no histograms
    built in Python); elsewhere from the histograms."""
    companies = await subdistrict_companies(session, subdistrict_code)
    keys = scoring.plan_aspects(plan)
    if session.get_bind().dialect.name != "postgresql":
        hist = await histograms(session, review_id)
        return [(code, *scoring.percents_of(hist.get(code, {}), trim_fraction, plan)) for code in companies]
    empty: list[float | None] = [None] * len(keys)
    out = {code: ([0] * len(keys), empty.copy()) for code in companies}
    rows = await driver_rows(session, _ASPECT_PERCENTS, review_id, [f"{s} {a}" for s, a in keys], trim_fraction)
    for code, position, samples, percent in rows:
        lists = out.get(code)
        if lists is not None and position:
            lists[0][position - 1] = samples
            lists[1][position - 1] = percent
    return [(code, *lists) for code, lists in out.items()]


def _tally_column(score: int) -> str:
    if score not in (1, 2, 3, 4, 5):
        raise ValueError(f"a score is 1–5, not {score}")
    return f"n{score}"


def add_form(session: AsyncSession, review_id: str, form: Form, submitted_at: datetime, comment: str = "") -> None:
    """Adds a form and its scores, each score with the form's review, company and side copied onto it."""
    copied = {"review_id": review_id, "company_code": form.company_code, "side": form.side}
    session.add(
        Evaluation(
            id=form.evaluation_id,
            rater=form.rater,
            submitted_by=form.submitted_by,
            comment=comment,
            submitted_at=submitted_at,
            **copied,
        )
    )
    session.add_all(
        EvaluationScore(evaluation_id=form.evaluation_id, aspect=aspect, score=score, **copied)
        for aspect, score in form.scores.items()
    )


async def count_form(
    session: AsyncSession, review_id: str, company_code: str, side: str, scores: dict[str, int]
) -> None:
    """Adds one form's scores to the tallies (insert, or +1 on the score's column), in the caller's
    transaction: a form and its tallies commit together or not at all."""
    make = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    for aspect, score in scores.items():
        column = _tally_column(score)
        counts = {f"n{k}": int(k == score) for k in range(1, 6)}
        stmt = make(ScoreTally).values(
            review_id=review_id, company_code=company_code, side=side, aspect=aspect, **counts
        )
        stmt = stmt.on_conflict_do_update(
            index_elements=["review_id", "company_code", "side", "aspect"],
            set_={column: getattr(ScoreTally, column) + 1},
        )
        await session.exec(stmt)  # type: ignore[call-overload]


async def recount(session: AsyncSession, review_id: str) -> int:
    """Rebuilds a review's tallies from its forms (one GROUP BY over every score); returns the rows.
    For loading forms in bulk (the demo seed, the benchmark) and for checking the tallies."""
    s = EvaluationScore
    await session.exec(delete(ScoreTally).where(col(ScoreTally.review_id) == review_id))  # type: ignore[call-overload]
    per_score = [func.count().filter(col(s.score) == k) for k in range(1, 6)]
    grouped = (
        select(s.review_id, s.company_code, s.side, s.aspect, *per_score)  # type: ignore[call-overload]
        .where(s.review_id == review_id)
        .group_by(s.review_id, s.company_code, s.side, s.aspect)
    )
    columns = ["review_id", "company_code", "side", "aspect", "n1", "n2", "n3", "n4", "n5"]
    result = await session.exec(insert(ScoreTally).from_select(columns, grouped))  # type: ignore[call-overload]
    return int(result.rowcount or 0)


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

"""Computing and publishing a quarterly review: scores every company of the subdistrict, ranks
them, gives each a standing, stars and a guiding assessment, and (on publication) writes the
quarter's standings into every company's history. Used by the servicer and the benchmark."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete
from sqlmodel import col
from sqlmodel.ext.asyncio.session import AsyncSession

from services.common.db import insert_rows
from services.evaluation import catalogue, policy, quarters, review_store, scoring, standing
from services.evaluation.models import CompanyResult, Review, StandingChange
from services.evaluation.scoring import CaseFacts

_RESULT_COLUMNS = [
    "review_id",
    "company_code",
    "resident_score",
    "peer_score",
    "department_score",
    "combined",
    "grade",
    "rank",
    "stars",
    "standing",
    "standing_reasons",
    "assessment",
    "aspects_json",
    "weakest_json",
    "cases",
    "complaints_per_1000",
    "response_rate",
    "resolution_rate",
    "satisfaction_rate",
    "overdue_rectification_orders",
]
_compact = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


@dataclass(frozen=True)
class ComputeSummary:
    companies: int
    insufficient: int
    red: int
    black: int


async def compute(session: AsyncSession, review: Review) -> ComputeSummary:
    """Replaces the review's results with freshly computed ones."""
    weights = policy.weights_version(review.weights_version)
    rules = policy.list_rules()
    plan = scoring.aspect_plan(weights)
    tallied = await review_store.aspect_percents(
        session, review.id, review.subdistrict_code, weights.trim_fraction, plan
    )
    start, end = quarters.bounds(review.quarter)
    facts = await review_store.case_facts(session, start, end)
    with_branch, cross = await review_store.party_facts(session)
    scores = [
        scoring.score_from_percents(c, samples, percents, facts.get(c, CaseFacts()), weights, plan)
        for c, samples, percents in tallied
    ]
    ranks = scoring.rank(scores)
    await session.exec(delete(CompanyResult).where(col(CompanyResult.review_id) == review.id))  # type: ignore[call-overload]
    red = black = insufficient = 0
    rows: list[tuple[object, ...]] = []
    for s in scores:
        verdict = standing.quarterly_standing(s, rules)
        party = standing.PartyBuilding(s.company_code in with_branch, cross.get(s.company_code, 0))
        stars = standing.star_rating(s, party, verdict.standing)
        red += verdict.standing == standing.RED
        black += verdict.standing == standing.BLACK
        insufficient += s.combined is None
        f = s.facts
        rows.append(
            (
                review.id,
                s.company_code,
                s.sides[catalogue.RESIDENT],
                s.sides[catalogue.PEER],
                s.sides[catalogue.DEPARTMENT],
                s.combined,
                s.grade,
                ranks.get(s.company_code, 0),
                stars,
                verdict.standing,
                "；".join(verdict.reasons)[:500],
                s.assessment,
                _compact(s.aspects),  # named tuples of (side, aspect, samples, score): JSON arrays
                _compact([[w.aspect, w.name, w.score, w.advice] for w in s.weakest]),
                f.cases,
                f.complaints_per_1000,
                f.response_rate,
                f.resolution_rate,
                f.satisfaction_rate,
                f.overdue_rectification_orders,
            )
        )
    # COPY on PostgreSQL: building 1,000 ORM objects costs more than scoring them, and a
    # multi-row INSERT three times what COPY does.
    await insert_rows(session, CompanyResult.__table__, _RESULT_COLUMNS, rows)  # type: ignore[attr-defined]
    return ComputeSummary(len(scores), insufficient, red, black)


async def publish(session: AsyncSession, review: Review, approved_by: str, now: datetime) -> list[StandingChange]:
    """Writes every company's quarterly standing into its history; returns the newly black ones.
    A black standing under listed supervision is lifted only by its delisting, never by a quarter."""
    current = await review_store.current_standings(session)
    newly_black: list[StandingChange] = []
    for result in await review_store.results(session, review.id):
        previous = current[result.company_code].standing if result.company_code in current else standing.NONE
        new, reason = result.standing, result.standing_reasons
        if previous == standing.BLACK and new != standing.BLACK:
            new, reason = standing.BLACK, "挂牌督办尚未销号，维持黑榜"
        change = StandingChange(
            id=f"{review.id}-{result.company_code}",
            company_code=result.company_code,
            standing=new,
            previous=previous,
            source="QUARTERLY",
            reason=reason or standing.STANDING_NAMES[new],
            review_id=review.id,
            status=review_store.APPLIED,
            requested_by="quarterly-review",
            decided_by=approved_by,
            created_at=now,
            decided_at=now,
        )
        session.add(change)
        if new == standing.BLACK and previous != standing.BLACK:
            newly_black.append(change)
    review.status = "PUBLISHED"
    review.approved_by = approved_by
    review.published_at = now
    session.add(review)
    return newly_black

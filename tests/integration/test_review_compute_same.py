"""ComputeReview's fast path (scores from plain rows, lean scoring, COPY on PostgreSQL) writes
exactly the results the rules as written give (scoring.score_company_reference), on SQLite and
PostgreSQL: every score, grade, rank, standing, star and the aspect breakdown, to the last bit."""

from __future__ import annotations

import json
import random
from collections.abc import Awaitable, Callable
from datetime import timedelta

from services.common.db import Database
from services.evaluation import catalogue, compute, policy, quarters, review_store, scoring, standing
from services.evaluation import setup as evaluation_setup
from services.evaluation.models import CaseOutcome, Community, Organisation, Review, ScoreTally
from services.evaluation.scoring import CaseFacts

QUARTER = "2026Q4"
SUB = "SD-SAME"


async def _seed(db: Database, rng: random.Random) -> list[str]:
    companies = [f"PC-S{i:02d}" for i in range(12)]
    start, end = quarters.bounds(QUARTER)
    async with db.session() as session:
        session.add(Organisation(code=SUB, name="同分街道", kind="subdistrict"))
        session.add_all(
            Organisation(code=c, name=f"同分物业{c}", kind="property_company", parent_code=SUB) for c in companies
        )
        session.add_all(
            Community(
                code=f"CM-{c}", name=f"同分小区{c}", neighbourhood_code="NB-S", subdistrict_code=SUB, company_code=c,
                households=rng.randint(50, 900),
            )
            for c in companies[:-1]  # the last manages no households
        )  # fmt: skip
        session.add(
            Review(id=f"{SUB}-{QUARTER}", subdistrict_code=SUB, quarter=QUARTER, status="CLOSED",
                   weights_version="2026.1", opened_at=start, closes_at=end)
        )  # fmt: skip
        session.add_all(
            CaseOutcome(
                case_no=f"S-{n:04d}", company_code=rng.choice(companies[:8]), community_code="CM-X",
                responded_on_time=rng.random() < 0.8, resolved=rng.random() < 0.7,
                satisfaction=rng.choice(["satisfied", "fairly_satisfied", "unsatisfied", "no_answer"]),
                recorded_at=start + timedelta(hours=rng.randrange(24 * 80)),
                overdue_rectification_orders=int(rng.random() < 0.05),
            )
            for n in range(300)
        )  # fmt: skip
    async with db.session() as session:
        for n in range(240):
            # Companies of every quality, sides of every size: the last two have no forms at all
            # (insufficient data), some aspects stay under the minimum sample.
            company = companies[n % (len(companies) - 2)]
            side = catalogue.SIDES[0 if n % 9 < 6 else 1 if n % 9 < 8 else 2]
            centre = 1 + (companies.index(company) % 5)
            scores = {a: min(5, max(1, round(rng.gauss(centre, 1.1)))) for a in catalogue.scored_by_people(side)}
            await review_store.count_form(session, f"{SUB}-{QUARTER}", company, side, scores)
    return companies


async def test_compute_writes_what_the_rules_as_written_give(
    db_kind: str, database_factory: Callable[[str], Awaitable[str]]
) -> None:
    url = await database_factory(db_kind)
    await evaluation_setup.migrate(url)
    db = Database(url)
    try:
        companies = await _seed(db, random.Random(19))
        async with db.session() as session:
            review = await review_store.review(session, f"{SUB}-{QUARTER}")
            summary = await compute.compute(session, review)
        async with db.session() as session:
            got = {r.company_code: r for r in await review_store.results(session, review.id)}
            hist = await review_store.histograms(session, review.id)
            facts = await review_store.case_facts(session, *quarters.bounds(QUARTER))
        weights, rules = policy.weights_version("2026.1"), policy.list_rules()
        expected = [
            scoring.score_company_reference(c, hist.get(c, {}), facts.get(c, CaseFacts()), weights) for c in companies
        ]
        ranks = scoring.rank(expected)
        assert summary.companies == len(got) == len(companies)
        assert 0 < summary.insufficient < len(companies)  # both paths of the rules are taken
        for s in expected:
            r = got[s.company_code]
            verdict = standing.quarterly_standing(s, rules)
            stars = standing.star_rating(s, standing.PartyBuilding(False, 0), verdict.standing)
            sides = [s.sides[side] for side in catalogue.SIDES]
            assert [r.resident_score, r.peer_score, r.department_score, r.combined] == [*sides, s.combined]
            assert (r.grade, r.rank, r.stars, r.standing) == (s.grade, ranks.get(s.company_code, 0), stars,
                                                               verdict.standing)  # fmt: skip
            assert r.assessment == s.assessment
            assert json.loads(r.aspects_json) == [[a.side, a.aspect, a.samples, a.score] for a in s.aspects]
            assert json.loads(r.weakest_json) == [[w.aspect, w.name, w.score, w.advice] for w in s.weakest]
            assert r.complaints_per_1000 == s.facts.complaints_per_1000
    finally:
        await db.dispose()


async def test_aspect_percents_are_the_scorers_doubles(
    db_kind: str, database_factory: Callable[[str], Awaitable[str]]
) -> None:
    """The percents PostgreSQL computes from the tallies are percent_of_counts' doubles, bit for
    bit, at any trim: tallies from empty to thousands of forms, skewed to either end, with gaps."""
    url = await database_factory(db_kind)
    await evaluation_setup.migrate(url)
    db = Database(url)
    rng = random.Random(23)
    companies = [f"PC-P{i:02d}" for i in range(20)]
    hist: dict[str, dict[tuple[str, str], tuple[int, ...]]] = {c: {} for c in companies}
    try:
        async with db.session() as session:
            session.add_all(Organisation(code=c, name=c, kind="property_company", parent_code=SUB) for c in companies)
            for c in companies:
                for side in catalogue.SIDES:
                    for a in catalogue.scored_by_people(side):
                        if rng.random() < 0.15:
                            continue
                        top = rng.choice((1, 5, 40, 3000))
                        counts = tuple(rng.choice((0, rng.randint(0, top))) for _ in range(5))
                        hist[c][(side, a)] = counts
                        n1, n2, n3, n4, n5 = counts
                        session.add(ScoreTally(review_id="R-P", company_code=c, side=side, aspect=a,
                                               n1=n1, n2=n2, n3=n3, n4=n4, n5=n5))  # fmt: skip
        plan = scoring.aspect_plan(policy.weights_version("2026.1"))
        for trim in (0.0, 0.1, 0.15, 0.3, 0.49):
            async with db.session() as session:
                got = await review_store.aspect_percents(session, "R-P", SUB, trim, plan)
            assert [c for c, _, _ in got] == companies
            for company, samples, percents in got:
                expected = scoring.percents_of(hist[company], trim, plan)
                assert (list(samples), list(percents)) == (expected[0], expected[1]), (company, trim)
    finally:
        await db.dispose()

"""Benchmark: scoring a quarterly review of 1,000 companies over 200,000 evaluations in PostgreSQL.

Target: under 0.5 s for the whole ComputeReview step (histograms by the database, case facts,
scoring, ranking, standings, stars and writing 1,000 results; issue 19). Each round also times the
anchor, the path before issue 19 (tallies as SQLAlchemy rows, the reference scorer one aspect at
a time, a multi-row INSERT), on the same data, alternating with the current path, and checks both
wrote the same results. Not a timed test: run it by hand and put the figures in the README.

    .venv/bin/python -m benchmarks.review_scoring [--postgres URL] [--rounds 5]

It creates a fresh database on the server (default postgresql://postgres@127.0.0.1:5432/postgres),
loads the data with COPY, runs the migrations' schema, times `compute.compute` and drops it.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import time
import uuid
from datetime import timedelta

import asyncpg
from sqlalchemy import delete, insert, select
from sqlalchemy.engine import make_url
from sqlmodel.ext.asyncio.session import AsyncSession

from services.common.db import Database
from services.common.migrations import upgrade_async
from services.evaluation import catalogue, compute, policy, quarters, review_store, scoring, standing
from services.evaluation.models import CompanyResult, Organisation, Review, ScoreTally
from services.evaluation.scoring import CaseFacts

COMPANIES = 1_000
EVALUATIONS = {catalogue.RESIDENT: 170_000, catalogue.PEER: 20_000, catalogue.DEPARTMENT: 10_000}
CASES = 50_000
QUARTER = "2026Q4"
SUBDISTRICT = "SD-BENCH"


async def load(dsn: str, seed: int) -> int:
    """Loads the registry, the review and its forms; returns the number of score rows."""
    rng = random.Random(seed)
    conn = await asyncpg.connect(dsn)
    try:
        companies = [f"PC-B{i:04d}" for i in range(COMPANIES)]
        quality = {c: rng.uniform(1.8, 4.9) for c in companies}
        orgs = [
            (SUBDISTRICT, "基准街道", "subdistrict", "DT-BENCH"),
            ("SC-BENCH", "基准街道物业服务中心", "street_center", SUBDISTRICT),
        ]
        orgs += [(c, f"基准物业{c[-4:]}", "property_company", SUBDISTRICT) for c in companies]
        await conn.copy_records_to_table("organisation", records=orgs, columns=["code", "name", "kind", "parent_code"])
        communities = [
            (
                f"CM-B{i:04d}",
                f"基准小区{i:04d}",
                "NB-BENCH",
                SUBDISTRICT,
                c,
                rng.randint(80, 3000),
                0,
                10,
                False,
                "TAKEN_OVER",
            )
            for i, c in enumerate(companies)
        ]
        await conn.copy_records_to_table(
            "community",
            records=communities,
            columns=[
                "code", "name", "neighbourhood_code", "subdistrict_code", "company_code",
                "households", "residents", "buildings", "is_old", "management_status",
            ],
        )  # fmt: skip
        start, _ = quarters.bounds(QUARTER)
        review_id = f"{SUBDISTRICT}-{QUARTER}"
        await conn.execute(
            "INSERT INTO review (id, subdistrict_code, quarter, status, weights_version, opened_at, closes_at,"
            " approved_by) VALUES ($1, $2, $3, 'CLOSED', '2026.1', $4, $4, '')",
            review_id, SUBDISTRICT, QUARTER, start,
        )  # fmt: skip
        forms, scores = [], []
        for side, count in EVALUATIONS.items():
            aspects = catalogue.scored_by_people(side)
            for n in range(count):
                company = companies[n % COMPANIES]
                eid = f"{review_id}:{side[0]}:R{n:07d}:{company}"
                forms.append((eid, review_id, company, side, f"R{n:07d}", "bench", "", start))
                q = quality[company]
                for aspect in aspects:
                    value = min(5, max(1, round(rng.gauss(q, 0.8))))
                    scores.append((eid, aspect, review_id, company, side, value))
        await conn.copy_records_to_table(
            "evaluation",
            records=forms,
            columns=["id", "review_id", "company_code", "side", "rater", "submitted_by", "comment", "submitted_at"],
        )
        await conn.copy_records_to_table(
            "evaluation_score",
            records=scores,
            columns=["evaluation_id", "aspect", "review_id", "company_code", "side", "score"],
        )
        outcomes = []
        for n in range(CASES):
            company = companies[rng.randrange(COMPANIES)]
            good = rng.random() < quality[company] / 5
            satisfaction = "satisfied" if good else rng.choice(["unsatisfied", "no_answer", "fairly_satisfied"])
            moment = start + timedelta(minutes=rng.randrange(60 * 24 * 80))
            outcomes.append(
                (f"BENCH-{n:06d}", company, "CM-B0000", good, good or rng.random() < 0.5, satisfaction, moment, 0)
            )
        await conn.copy_records_to_table(
            "case_outcome",
            records=outcomes,
            columns=[
                "case_no", "company_code", "community_code", "responded_on_time", "resolved",
                "satisfaction", "recorded_at", "overdue_rectification_orders",
            ],
        )  # fmt: skip
        await conn.execute("ANALYZE")
        return len(scores)
    finally:
        await conn.close()


async def anchor(session: AsyncSession, review: Review) -> None:
    """ComputeReview as it was before issue 19's deliverable 9, for the side-by-side figure."""
    weights, rules = policy.weights_version(review.weights_version), policy.list_rules()
    listed = select(Organisation).where(
        Organisation.kind == "property_company",  # type: ignore[arg-type]
        Organisation.parent_code == review.subdistrict_code,  # type: ignore[arg-type]
    )
    companies = [o.code for o in (await session.exec(listed.order_by(Organisation.code))).scalars()]  # type: ignore[call-overload]
    t = ScoreTally.__table__  # type: ignore[attr-defined]
    hist: dict[str, dict[tuple[str, str], tuple[int, ...]]] = {}
    tallies = select(t.c.company_code, t.c.side, t.c.aspect, t.c.n1, t.c.n2, t.c.n3, t.c.n4, t.c.n5)
    for company, side, aspect, *counts in await (await session.connection()).execute(
        tallies.where(t.c.review_id == review.id)
    ):
        hist.setdefault(company, {})[(side, aspect)] = tuple(counts)
    facts = await review_store.case_facts(session, *quarters.bounds(review.quarter))
    with_branch, cross = await review_store.party_facts(session)
    scores = [
        scoring.score_company_reference(c, hist.get(c, {}), facts.get(c, CaseFacts()), weights) for c in companies
    ]
    ranks = scoring.rank(scores)
    await session.exec(delete(CompanyResult).where(CompanyResult.review_id == review.id))  # type: ignore[call-overload, arg-type]
    rows = []
    for s in scores:
        verdict = standing.quarterly_standing(s, rules)
        party = standing.PartyBuilding(s.company_code in with_branch, cross.get(s.company_code, 0))
        f = s.facts
        rows.append(
            dict(
                review_id=review.id, company_code=s.company_code, resident_score=s.sides[catalogue.RESIDENT],
                peer_score=s.sides[catalogue.PEER], department_score=s.sides[catalogue.DEPARTMENT],
                combined=s.combined, grade=s.grade, rank=ranks.get(s.company_code, 0),
                stars=standing.star_rating(s, party, verdict.standing), standing=verdict.standing,
                standing_reasons="；".join(verdict.reasons)[:500], assessment=s.assessment,
                aspects_json=json.dumps([[a.side, a.aspect, a.samples, a.score] for a in s.aspects],
                                        ensure_ascii=False, separators=(",", ":")),
                weakest_json=json.dumps([[w.aspect, w.name, w.score, w.advice] for w in s.weakest],
                                        ensure_ascii=False, separators=(",", ":")),
                cases=f.cases, complaints_per_1000=f.complaints_per_1000, response_rate=f.response_rate,
                resolution_rate=f.resolution_rate, satisfaction_rate=f.satisfaction_rate,
                overdue_rectification_orders=f.overdue_rectification_orders,
            )
        )  # fmt: skip
    await session.exec(insert(CompanyResult), params=rows)  # type: ignore[call-overload]


async def results(db: Database, review_id: str) -> list[tuple[object, ...]]:
    async with db.session() as session:
        return [tuple(r.model_dump().values()) for r in await review_store.results(session, review_id)]


async def timed_round(db: Database, path: str) -> tuple[float, float]:
    """(wall seconds, this process's CPU seconds): the CPU share does not wait for a busy core."""
    t, cpu = time.perf_counter(), time.process_time()
    async with db.session() as session:
        review = await session.get(Review, f"{SUBDISTRICT}-{QUARTER}")
        assert review is not None
        if path == "current":
            await compute.compute(session, review)
        else:
            await anchor(session, review)
    return time.perf_counter() - t, time.process_time() - cpu


async def run(admin_url: str, rounds: int) -> None:
    name = f"fq_bench_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(admin_url)
    await admin.execute(f'CREATE DATABASE "{name}"')
    url = make_url(admin_url).set(database=name)
    dsn = url.render_as_string(hide_password=False)
    try:
        await upgrade_async("evaluation", dsn)
        t0 = time.perf_counter()
        rows = await load(dsn, seed=7)
        print(f"loaded {sum(EVALUATIONS.values()):,} evaluations ({rows:,} aspect scores), {CASES:,} case outcomes, "
              f"{COMPANIES:,} companies in {time.perf_counter() - t0:.1f} s")  # fmt: skip
        db = Database(dsn)
        timings: dict[str, list[tuple[float, float]]] = {"current": [], "anchor": []}
        written: dict[str, list[tuple[object, ...]]] = {}
        try:
            t = time.perf_counter()
            async with db.session() as session:
                tallies = await review_store.recount(session, f"{SUBDISTRICT}-{QUARTER}")
            print(f"recounted the tallies from every score ({tallies:,} rows) in {time.perf_counter() - t:.3f} s "
                  "(submissions keep them current one form at a time; this is the bulk-load path)")  # fmt: skip
            for _ in range(rounds):
                for path in ("current", "anchor"):
                    timings[path].append(await timed_round(db, path))
                    written[path] = await results(db, f"{SUBDISTRICT}-{QUARTER}")
            assert written["current"] == written["anchor"], "the two paths wrote different results"
            async with db.session() as session:
                summary = await compute.compute(session, await review_store.review(session, f"{SUBDISTRICT}-{QUARTER}"))
        finally:
            await db.dispose()
        print(f"scored {summary.companies:,} companies: {summary.red} red, {summary.black} black, "
              f"{summary.insufficient} insufficient; both paths wrote the same {len(written['current']):,} results")  # fmt: skip
        print(f"ComputeReview over {rounds} rounds each, alternating (target < 0.5 s, issue 19), load average "
              f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}:")  # fmt: skip
        for path, label in (("current", "current"), ("anchor", "anchor (before issue 19)")):
            wall, cpu = [t for t, _ in timings[path]], [c for _, c in timings[path]]
            low, mid, high = min(wall), statistics.median(wall), max(wall)
            print(f"  {label:26} min {low:.3f} s, median {mid:.3f} s, max {high:.3f} s; "
                  f"client CPU min {min(cpu):.3f} s, median {statistics.median(cpu):.3f} s")  # fmt: skip
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    asyncio.run(run(args.postgres, args.rounds))


if __name__ == "__main__":
    main()

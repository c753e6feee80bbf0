"""The tallies kept form by form equal a recount of every score, on SQLite and PostgreSQL."""

from __future__ import annotations

import random
from collections.abc import Awaitable, Callable

from services.common.db import Database
from services.evaluation import catalogue, review_store
from services.evaluation import setup as evaluation_setup
from services.evaluation.models import EvaluationScore


async def test_incremental_tallies_match_a_full_recount(
    db_kind: str, database_factory: Callable[[str], Awaitable[str]]
) -> None:
    url = await database_factory(db_kind)
    await evaluation_setup.migrate(url)
    db = Database(url)
    rng = random.Random(3)
    try:
        for n in range(60):
            side = rng.choice(catalogue.SIDES)
            company = rng.choice(["PC-A", "PC-B", "PC-C"])
            scores = {a: rng.randint(1, 5) for a in catalogue.scored_by_people(side)}
            async with db.session() as session:
                session.add_all(
                    EvaluationScore(
                        evaluation_id=f"f{n}", aspect=a, review_id="R", company_code=company, side=side, score=v
                    )
                    for a, v in scores.items()
                )
                await review_store.count_form(session, "R", company, side, scores)
        async with db.session() as session:
            kept = await review_store.histograms(session, "R")
            rows = await review_store.recount(session, "R")
        async with db.session() as session:
            recounted = await review_store.histograms(session, "R")
        assert rows == sum(len(h) for h in recounted.values()) > 0
        assert {c: dict(h) for c, h in kept.items()} == {c: dict(h) for c, h in recounted.items()}
    finally:
        await db.dispose()

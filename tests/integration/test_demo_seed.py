"""The evaluation demo seed for a simulation run (`make demo`): the 2026Q3 review keeps its forms,
but no case outcome is written by hand — each one comes from a case workflow the simulator drives."""

from __future__ import annotations

from sqlmodel import func, select

from services.common.db import Database
from services.evaluation import demo_review
from services.evaluation import setup as evaluation_setup
from services.evaluation.models import CaseOutcome, Evaluation, Review
from tests.integration.conftest import DatabaseFactory


async def test_a_simulation_seed_writes_no_case_outcome(db_kind: str, database_factory: DatabaseFactory) -> None:
    url = await database_factory(db_kind)
    await evaluation_setup.migrate(url)
    await evaluation_setup.seed_demo(url, case_outcomes=False)
    db = Database(url)
    try:
        async with db.session() as session:
            outcomes = (await session.exec(select(func.count()).select_from(CaseOutcome))).one()
            forms = (await session.exec(select(func.count()).select_from(Evaluation))).one()
            review = await session.get(Review, demo_review.DEMO_REVIEW_ID)
    finally:
        await db.dispose()
    assert outcomes == 0 and forms == 338
    assert review is not None and review.status == "PUBLISHED" and review.opened_at < review.closes_at

"""The evaluation demo seed for a simulation run (`make demo`): the registry, households and people,
but no review, form or case outcome written by hand — the simulator opens each review through the
API, submits its forms, and every case outcome comes from a case workflow it drives."""

from __future__ import annotations

from sqlmodel import func, select

from services.common.db import Database
from services.evaluation import demo_review
from services.evaluation import setup as evaluation_setup
from services.evaluation.models import CaseOutcome, Evaluation, Household, Review
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
            households = (await session.exec(select(func.count()).select_from(Household))).one()
    finally:
        await db.dispose()
    assert outcomes == 0 and forms == 0 and review is None
    assert households == len(demo_review.households())

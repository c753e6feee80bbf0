"""One-shot setup of the evaluation service: migrate, then (development) seed the Dongjie registry."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict
from typing import Any, TypeVar

from sqlmodel import SQLModel, select
from sqlmodel.ext.asyncio.session import AsyncSession

from services.common.clock import utcnow
from services.common.db import Database
from services.common.migrations import upgrade_async
from services.evaluation import compute, demo_data, demo_review, policy, quarters, review_store
from services.evaluation.models import (
    Appointment,
    CaseOutcome,
    Community,
    Household,
    ManagementContract,
    Organisation,
    Person,
    Review,
)


async def migrate(database_url: str) -> None:
    await upgrade_async("evaluation", database_url)


Row = TypeVar("Row", bound=SQLModel)


async def _add_missing(session: AsyncSession, key: Any, rows: Iterable[Row]) -> list[Row]:
    """Adds the rows whose `key` (a model's column, e.g. `Organisation.code`) holds a value the
    table has not yet; returns those."""
    known = set((await session.exec(select(key))).all())
    fresh = [row for row in rows if getattr(row, key.key) not in known]
    session.add_all(fresh)
    return fresh


async def seed_demo(database_url: str, *, case_outcomes: bool = True) -> int:
    """Inserts the demo organisations and communities that are not there yet; returns how many.
    Without `case_outcomes` there is no seeded review at all: a simulation run (`make demo`) makes
    every case outcome, review form and standing through real workflows instead."""
    db = Database(database_url)
    try:
        async with db.session() as session:
            orgs = (Organisation(**asdict(o)) for o in demo_data.ORGANISATIONS)
            added = len(await _add_missing(session, Organisation.code, orgs))
            sub = demo_data.SUBDISTRICT_CODE
            communities = (Community(**asdict(c), subdistrict_code=sub) for c in demo_data.COMMUNITIES)
            added += len(await _add_missing(session, Community.code, communities))
        added += await _seed_review_demo(db, case_outcomes)
    finally:
        await db.dispose()
    return added


async def _seed_review_demo(db: Database, case_outcomes: bool) -> int:
    """共同管 and 公开评 demo rows (issue #7), then the 2026Q3 review computed and published —
    unless `case_outcomes` is off (a simulation run): there the simulator opens each review through
    the API and submits its forms, and the review workflow computes and publishes it."""
    added = 0
    async with db.session() as session:
        if await session.get(Review, demo_review.DEMO_REVIEW_ID) is not None:
            return 0
        if await session.get(Person, demo_review.PEOPLE[0][0]) is not None:
            return 0  # a simulation seed ran before
        now = utcnow()
        await _add_missing(session, Organisation.code, (Organisation(**asdict(o)) for o in demo_review.BODIES))
        people = set((await session.exec(select(Person.id))).all())
        for person_id, name, member, posts in demo_review.PEOPLE:
            if person_id not in people:
                session.add(Person(id=person_id, name=name, is_party_member=member))
                session.add_all(Appointment(person_id=person_id, org_code=o, post=p) for o, p in posts)
        contracts = (
            ManagementContract(id=cid, community_code=community, company_code=company, starts_on=starts, ends_on=ends)
            for cid, community, company, starts, ends in demo_review.contracts()
        )
        await _add_missing(session, ManagementContract.id, contracts)
        await _add_missing(session, Household.code, demo_review.households())
        if not case_outcomes:
            return added
        weights = policy.weights_for(demo_review.DEMO_QUARTER)
        start, end = quarters.bounds(demo_review.DEMO_QUARTER)
        review = Review(
            id=demo_review.DEMO_REVIEW_ID,
            subdistrict_code=demo_data.SUBDISTRICT_CODE,
            quarter=demo_review.DEMO_QUARTER,
            status="CLOSED",
            weights_version=weights.version,
            opened_at=start,
            closes_at=end,
        )
        session.add(review)
        await session.flush()
        for form in demo_review.forms():
            review_store.add_form(session, review.id, form, demo_review.form_moment(form))
            added += 1
        index = 0
        for company, (cases, responded, resolved, satisfied, answered, overdue) in demo_review.CASES.items():
            for i in range(cases):
                index += 1
                session.add(
                    CaseOutcome(
                        case_no=f"DEMO-Q3-{company}-{i + 1:03d}",
                        company_code=company,
                        community_code=next(c.code for c in demo_data.COMMUNITIES if c.company_code == company),
                        responded_on_time=i < responded,
                        resolved=i < resolved,
                        satisfaction="satisfied" if i < satisfied else "unsatisfied" if i < answered else "no_answer",
                        recorded_at=demo_review.case_moment(index),
                        overdue_rectification_orders=1 if i < overdue else 0,
                    )
                )
        await session.flush()
        await review_store.recount(session, review.id)
        await compute.compute(session, review)
        review.status, review.computed_at = "COMPUTED", now
        await compute.publish(session, review, demo_review.DEMO_APPROVER, now)
    return added


async def review_subdistricts(database_url: str) -> list[tuple[str, str]]:
    """(subdistrict, its street centre) for every subdistrict that has one: each gets a review schedule."""
    db = Database(database_url)
    try:
        async with db.session() as session:
            stmt = select(Organisation.parent_code, Organisation.code).where(Organisation.kind == "street_center")
            return [(sub, centre) for sub, centre in (await session.exec(stmt)).all() if sub]
    finally:
        await db.dispose()


def demo_organisations() -> list[tuple[str, str, str]]:
    """(code, name, kind) of every organisation in the demo registry: the gateway seeds a staff
    account for each (the setup step hands them over; the gateway never imports evaluation)."""
    return [(org.code, org.name, org.kind) for org in demo_data.ORGANISATIONS]

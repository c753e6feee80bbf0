"""One-shot setup of the evaluation service: migrate, then (development) seed the Dongjie registry."""

from __future__ import annotations

from sqlmodel import select

from services.common.clock import utcnow
from services.common.db import Database
from services.common.migrations import upgrade_async
from services.evaluation import compute, demo_data, demo_review, policy, quarters, review_store
from services.evaluation.models import (
    Appointment,
    CaseOutcome,
    Community,
    Evaluation,
    EvaluationScore,
    Household,
    ManagementContract,
    Organisation,
    Person,
    Review,
)


async def migrate(database_url: str) -> None:
    await upgrade_async("evaluation", database_url)


async def seed_demo(database_url: str) -> int:
    """Inserts the demo organisations and communities that are not there yet; returns how many."""
    db = Database(database_url)
    added = 0
    try:
        async with db.session() as session:
            orgs = set((await session.exec(select(Organisation.code))).all())
            for org in demo_data.ORGANISATIONS:
                if org.code not in orgs:
                    session.add(Organisation(code=org.code, name=org.name, kind=org.kind, parent_code=org.parent_code))
                    added += 1
            communities = set((await session.exec(select(Community.code))).all())
            for c in demo_data.COMMUNITIES:
                if c.code not in communities:
                    session.add(
                        Community(
                            code=c.code,
                            name=c.name,
                            neighbourhood_code=c.neighbourhood_code,
                            subdistrict_code=demo_data.SUBDISTRICT_CODE,
                            company_code=c.company_code,
                            households=c.households,
                            residents=c.residents,
                            buildings=c.buildings,
                            is_old=c.is_old,
                            management_status=c.management_status,
                        )
                    )
                    added += 1
        added += await _seed_review_demo(db)
    finally:
        await db.dispose()
    return added


async def _seed_review_demo(db: Database) -> int:
    """共同管 and 公开评 demo rows (issue #7), then the 2026Q3 review computed and published."""
    added = 0
    async with db.session() as session:
        if await session.get(Review, demo_review.DEMO_REVIEW_ID) is not None:
            return 0
        now = utcnow()
        orgs = set((await session.exec(select(Organisation.code))).all())
        for org in demo_review.BODIES:
            if org.code not in orgs:
                session.add(Organisation(code=org.code, name=org.name, kind=org.kind, parent_code=org.parent_code))
        people = set((await session.exec(select(Person.id))).all())
        for person_id, name, member, posts in demo_review.PEOPLE:
            if person_id not in people:
                session.add(Person(id=person_id, name=name, is_party_member=member))
                session.add_all(Appointment(person_id=person_id, org_code=o, post=p) for o, p in posts)
        contracts = set((await session.exec(select(ManagementContract.id))).all())
        for cid, community, company, starts, ends in demo_review.contracts():
            if cid not in contracts:
                session.add(
                    ManagementContract(
                        id=cid, community_code=community, company_code=company, starts_on=starts, ends_on=ends
                    )
                )
        known = set((await session.exec(select(Household.code))).all())
        for h in demo_review.households():
            if h.code not in known:
                session.add(
                    Household(
                        code=h.code, community_code=h.community_code, label=h.label, verified=True, verified_by="seed"
                    )
                )
        weights = policy.weights_for(demo_review.DEMO_QUARTER)
        start, _ = quarters.bounds(demo_review.DEMO_QUARTER)
        review = Review(
            id=demo_review.DEMO_REVIEW_ID,
            subdistrict_code=demo_data.SUBDISTRICT_CODE,
            quarter=demo_review.DEMO_QUARTER,
            status="CLOSED",
            weights_version=weights.version,
            opened_at=start,
            closes_at=start,
        )
        session.add(review)
        await session.flush()
        for form in demo_review.forms():
            session.add(
                Evaluation(
                    id=form.evaluation_id,
                    review_id=review.id,
                    company_code=form.company_code,
                    side=form.side,
                    rater=form.rater,
                    submitted_by=form.submitted_by,
                    submitted_at=start,
                )
            )
            session.add_all(
                EvaluationScore(
                    evaluation_id=form.evaluation_id,
                    aspect=aspect,
                    review_id=review.id,
                    company_code=form.company_code,
                    side=form.side,
                    score=score,
                )
                for aspect, score in form.scores.items()
            )
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

"""One-shot setup of the evaluation service: migrate, then (development) seed the Dongjie registry."""

from __future__ import annotations

from sqlmodel import select

from services.common.db import Database
from services.common.migrations import upgrade_async
from services.evaluation import demo_data
from services.evaluation.models import Community, Organisation


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
    finally:
        await db.dispose()
    return added

"""API keys in the gateway's own database: stored hashed, demo keys refused outside development."""

from __future__ import annotations

from sqlmodel import select

from services.common.db import Database
from services.evaluation import setup as evaluation_setup
from services.gateway import setup as gateway_setup
from services.gateway.api_keys import LIAISON, OPEN311, identity_for_key
from services.gateway.models import ApiKey
from tests.integration.conftest import DatabaseFactory


async def test_the_demo_open311_key_is_stored_hashed_and_for_development_only(
    db_kind: str, database_factory: DatabaseFactory
) -> None:
    url = await database_factory(db_kind)
    await gateway_setup.migrate(url)
    await gateway_setup.seed_demo(url, evaluation_setup.demo_organisations())
    await gateway_setup.seed_demo(url, evaluation_setup.demo_organisations())  # a second run adds nothing
    db = Database(url)
    try:
        async with db.session() as session:
            rows = (await session.exec(select(ApiKey))).all()
        assert sorted(r.name for r in rows) == ["court-demo", "open311-demo", "police-demo"]
        assert all(len(r.key_hash) == 64 and r.is_demo for r in rows)
        assert not any(k in r.key_hash for r in rows for k in ("demo-open311-key", "demo-court-key"))
        identity = await identity_for_key(db, "demo-open311-key", OPEN311, development=True)
        assert identity is not None and identity.roles == ("resident",) and identity.subject == "apikey:open311-demo"
        assert await identity_for_key(db, "demo-open311-key", OPEN311, development=False) is None
        assert await identity_for_key(db, "demo-open311-key", "liaison", development=True) is None
        assert await identity_for_key(db, "wrong", OPEN311, development=True) is None
        court = await identity_for_key(db, "demo-court-key", LIAISON, development=True)
        assert court is not None and court.roles == ("court_liaison",) and court.organisations == ("CT-LUZHOU",)
        police = await identity_for_key(db, "demo-police-key", LIAISON, development=True)
        assert police is not None and police.organisations == ("PS-DONGJIE",)
        assert await identity_for_key(db, "demo-court-key", LIAISON, development=False) is None
        assert await identity_for_key(db, "", OPEN311, development=True) is None
    finally:
        await db.dispose()

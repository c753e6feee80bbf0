"""The audit log is append-only and hash-chained: the database refuses changes, and the verify
command finds an entry that was changed or deleted anyway (e.g. by someone who dropped the trigger)."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import text

from services.common.db import Database
from services.gateway import audit, audit_verify
from services.gateway import setup as gateway_setup
from tests.integration.conftest import DatabaseFactory


async def _audited_db(db_kind: str, database_factory: DatabaseFactory) -> tuple[str, Database]:
    url = await database_factory(db_kind)
    await gateway_setup.migrate(url)
    db = Database(url)
    for n in range(5):
        await audit.append(db, actor="admin", action=audit.WORKFLOW_TERMINATE, target=f"case-T-{n}", detail={"n": n})
    return url, db


async def _lift_append_only(db: Database) -> None:
    """What a tamperer with owner rights would do first."""
    async with db.session() as session:
        if db.is_sqlite:
            await session.exec(text("DROP TRIGGER audit_entry_no_update"))  # type: ignore[call-overload]
            await session.exec(text("DROP TRIGGER audit_entry_no_delete"))  # type: ignore[call-overload]
        else:
            await session.exec(text("ALTER TABLE audit_entry DISABLE TRIGGER USER"))  # type: ignore[call-overload]


async def test_chain_verifies_and_the_database_refuses_changes(db_kind: str, database_factory: DatabaseFactory) -> None:
    url, db = await _audited_db(db_kind, database_factory)
    try:
        report = await audit.verify(db)
        assert report.ok and report.entries == 5 and report.head_seq == 5
        for statement in (
            "UPDATE audit_entry SET actor = 'someone' WHERE seq = 2",
            "DELETE FROM audit_entry WHERE seq = 2",
        ):
            with pytest.raises(Exception, match="append-only"):
                async with db.session() as session:
                    await session.exec(text(statement))  # type: ignore[call-overload]
        assert (await audit.verify(db)).ok
    finally:
        await db.dispose()
    assert await asyncio.to_thread(audit_verify.main, ["--database-url", url]) == 0


async def test_concurrent_appends_keep_one_chain(db_kind: str, database_factory: DatabaseFactory) -> None:
    url = await database_factory(db_kind)
    await gateway_setup.migrate(url)
    db = Database(url)
    try:
        await asyncio.gather(
            *(audit.append(db, actor=f"u{n}", action=audit.CODEC_DECODE, target="t", detail={}) for n in range(12))
        )
        report = await audit.verify(db)
        assert report.ok and report.entries == 12, report.problems
    finally:
        await db.dispose()


async def test_verify_detects_a_changed_entry(db_kind: str, database_factory: DatabaseFactory) -> None:
    url, db = await _audited_db(db_kind, database_factory)
    try:
        await _lift_append_only(db)
        async with db.session() as session:
            await session.exec(text("UPDATE audit_entry SET target = 'case-OTHER' WHERE seq = 3"))  # type: ignore[call-overload]
        report = await audit.verify(db)
        assert not report.ok
        assert report.problems == ["entry 3 was changed after it was written (hash mismatch)"]
    finally:
        await db.dispose()
    assert await asyncio.to_thread(audit_verify.main, ["--database-url", url]) == 1


async def test_verify_detects_a_deleted_entry_and_a_deleted_tail(
    db_kind: str, database_factory: DatabaseFactory
) -> None:
    url, db = await _audited_db(db_kind, database_factory)
    try:
        head = await audit.verify(db)
        await _lift_append_only(db)
        async with db.session() as session:
            await session.exec(text("DELETE FROM audit_entry WHERE seq = 2"))  # type: ignore[call-overload]
        report = await audit.verify(db)
        assert "entries 2–2 are missing (deleted)" in report.problems
        assert "entry 3 does not link to the entry before it" in report.problems
        async with db.session() as session:
            await session.exec(text("DELETE FROM audit_entry WHERE seq >= 2"))  # type: ignore[call-overload]
        # Only entry 1 is left: a consistent chain, unless checked against the recorded head.
        assert (await audit.verify(db)).ok
        tail = await audit.verify(db, expect_head=(head.head_seq, head.head_hash))
        assert not tail.ok and "tail deleted" in tail.problems[0]
    finally:
        await db.dispose()
    expect = f"{head.head_seq}:{head.head_hash}"
    assert await asyncio.to_thread(audit_verify.main, ["--database-url", url, "--expect-head", expect]) == 1

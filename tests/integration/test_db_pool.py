"""Pooled PostgreSQL connections (issue #19): no ping before a connection used a moment ago, and a
connection that died while idle is replaced before anyone's session sees it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import asyncpg
import pytest
from sqlalchemy import text

from services.common import db as db_module
from services.common.db import Database


async def _backend_pid(database: Database) -> int:
    async with database.session() as session:
        return int((await session.exec(text("SELECT pg_backend_pid()"))).scalar_one())  # type: ignore[call-overload]


async def test_a_connection_used_a_moment_ago_is_not_pinged(
    database_factory: Callable[..., Awaitable[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    database = Database(await database_factory("postgres"))
    dialect = database.engine.sync_engine.dialect
    pings: list[object] = []
    ping = dialect.do_ping

    def counted(dbapi_connection: Any) -> bool:
        pings.append(dbapi_connection)
        return ping(dbapi_connection)

    monkeypatch.setattr(dialect, "do_ping", counted)
    try:
        first = await _backend_pid(database)
        assert await _backend_pid(database) == first  # the same warm connection (last in, first out)
        assert pings == []
        monkeypatch.setattr(db_module, "IDLE_PING_SECONDS", 0.0)  # now it counts as idle
        assert await _backend_pid(database) == first
        assert len(pings) == 1
    finally:
        await database.dispose()


async def test_a_connection_that_died_while_idle_is_replaced_unseen(
    database_factory: Callable[..., Awaitable[str]],
    postgres_admin_url: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url = await database_factory("postgres")
    database = Database(url)
    try:
        first = await _backend_pid(database)
        admin = await asyncpg.connect(postgres_admin_url)
        try:  # PostgreSQL restarted, a proxy timed it out: the pooled connection is gone
            assert await admin.fetchval("SELECT pg_terminate_backend($1)", first)
        finally:
            await admin.close()
        monkeypatch.setattr(db_module, "IDLE_PING_SECONDS", 0.0)  # it has now been idle "long"
        second = await _backend_pid(database)  # no error: the ping found it dead, a new one serves
        assert second != first
    finally:
        await database.dispose()

"""Statements run straight on the driver (issue 19): rows stored exactly as SQLAlchemy stores them,
in the session's transaction, and a broken constraint raised as SQLAlchemy's IntegrityError."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

import pytest
import pytest_asyncio
from sqlalchemy import JSON, Boolean, Column, Float, Integer, MetaData, String, Table, bindparam, insert, select, text
from sqlalchemy.exc import IntegrityError
from sqlmodel.sql.sqltypes import UTCDateTime

from services.common.db import Database, DriverConnection, DriverStatement

metadata = MetaData()
things = Table(
    "thing",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(20), unique=True, nullable=False),
    Column("at", UTCDateTime(), nullable=False),
    Column("data", JSON, nullable=False),
    Column("flag", Boolean, nullable=False),
    Column("score", Float, nullable=True),
)
COLUMNS = [c for c in things.columns if c.name != "id"]
INSERT = DriverStatement(insert(things).values({c.name: bindparam(c.name, type_=c.type) for c in COLUMNS}))
VALUES: dict[str, Any] = {
    "at": datetime(2026, 12, 2, 19, 30, 15, 123456, tzinfo=UTC),
    "data": {"receipt_no": "SL20261202-ABCD2345", "top": [{"category": "leak", "probability": 0.83}]},
    "flag": True,
    "score": None,
}


@pytest_asyncio.fixture(params=["sqlite", "postgres"])
async def database(
    request: pytest.FixtureRequest, database_factory: Callable[..., Awaitable[str]]
) -> AsyncIterator[Database]:
    database = Database(await database_factory(request.param))
    async with database.engine.begin() as connection:
        await connection.run_sync(metadata.create_all)
    yield database
    await database.dispose()


async def _stored(database: Database) -> dict[str, tuple[Any, ...]]:
    """Each row as the database holds it (the driver's values, no SQLAlchemy result processing)."""
    async with database.session() as session:
        connection = await session.connection()
        rows = (await connection.exec_driver_sql("SELECT name, at, data, flag, score FROM thing")).all()
    return {row[0]: tuple(row[1:]) for row in rows}


async def test_a_row_is_stored_as_sqlalchemy_stores_it(database: Database) -> None:
    async with database.session() as session:
        connection = await session.connection()
        await connection.execute(insert(things), {"name": "orm"} | VALUES)
        await INSERT.rows(await DriverConnection.of(session), {"name": "driver"} | VALUES)
    stored = await _stored(database)
    assert stored["driver"] == stored["orm"]
    async with database.session() as session:
        connection = await session.connection()
        read = (await connection.execute(select(things).where(things.c.name == "driver"))).one()
    assert (read.at, read.data, read.flag, read.score) == tuple(VALUES.values())


async def test_it_runs_in_the_session_transaction(database: Database) -> None:
    with pytest.raises(RuntimeError):
        async with database.session() as session:
            await INSERT.rows(await DriverConnection.of(session), {"name": "rolled back"} | VALUES)
            raise RuntimeError("the filing failed after the insert")
    assert await _stored(database) == {}


async def test_a_broken_constraint_is_sqlalchemys_integrity_error(database: Database) -> None:
    async with database.session() as session:
        await INSERT.rows(await DriverConnection.of(session), {"name": "first"} | VALUES)
    with pytest.raises(IntegrityError):
        async with database.session() as session:
            await INSERT.rows(await DriverConnection.of(session), {"name": "first"} | VALUES)
    async with database.session() as session:  # the pool's connection is usable after it
        await INSERT.rows(await DriverConnection.of(session), {"name": "second"} | VALUES)
    assert set(await _stored(database)) == {"first", "second"}


async def test_returned_rows_and_values_the_statement_holds(database: Database) -> None:
    newest = DriverStatement(
        select(things.c.name).where(things.c.flag == bindparam("flag")).order_by(things.c.name.desc()).limit(1)
    )
    async with database.session() as session:
        for name in ("a", "b", "c"):
            await INSERT.rows(await DriverConnection.of(session), {"name": name} | VALUES)
        assert [tuple(row) for row in await newest.rows(await DriverConnection.of(session), {"flag": True})] == [("c",)]
        assert await newest.rows(await DriverConnection.of(session), {"flag": False}) == []
        with pytest.raises(KeyError):
            await newest.rows(await DriverConnection.of(session), {})


async def test_in_list_parameters_are_refused(database: Database) -> None:
    statement = DriverStatement(
        text("SELECT name FROM thing WHERE name IN :names").bindparams(bindparam("names", expanding=True))
    )
    async with database.session() as session:
        with pytest.raises(ValueError, match="expanding"):
            await statement.rows(await DriverConnection.of(session), {"names": ["a"]})

"""The async engine and sessions of one service's own database (SQLite file or PostgreSQL)."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Select, Table, event, exc, insert
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, async_sessionmaker, create_async_engine
from sqlmodel.ext.asyncio.session import AsyncSession
from sqlmodel.sql.expression import SelectOfScalar

T = TypeVar("T")

# A pooled PostgreSQL connection idle longer than this is pinged before it is handed out; one used
# more recently is not (issue #19). SQLAlchemy's pool_pre_ping pinged every checkout — on asyncpg
# a BEGIN, a query and a ROLLBACK, three round trips before every session's first statement, a
# third of a claim's database time. A connection that dies while in use (PostgreSQL restarted
# within these seconds) fails its statement as a disconnect: SQLAlchemy then drops it and every
# connection pooled before that moment, so at most the sessions already under way see the error.
IDLE_PING_SECONDS = 10.0


def normalise_url(url: str) -> str:
    """Accepts plain postgresql:// and sqlite:// URLs and picks the async drivers."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+asyncpg")
    elif parsed.drivername == "sqlite":
        parsed = parsed.set(drivername="sqlite+aiosqlite")
    return parsed.render_as_string(hide_password=False)


def create_engine(url: str) -> AsyncEngine:
    """An engine for the service's database; SQLite gets WAL and a busy timeout for concurrency."""
    url = normalise_url(url)
    parsed = make_url(url)
    kwargs: dict[str, Any] = {}
    if parsed.drivername.startswith("sqlite"):
        if parsed.database:
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        kwargs["connect_args"] = {"timeout": 30}
    else:
        # Last in, first out: under light load the same few connections stay warm (and unpinged);
        # the rest idle past IDLE_PING_SECONDS and are checked when a burst needs them.
        kwargs["pool_use_lifo"] = True
    engine = create_async_engine(url, **kwargs)
    if not parsed.drivername.startswith("sqlite"):
        _ping_when_idle(engine)
    if parsed.drivername.startswith("sqlite"):

        @event.listens_for(engine.sync_engine, "connect")
        def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
            cursor = dbapi_conn.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

    return engine


def _ping_when_idle(engine: AsyncEngine) -> None:
    """Pings a pooled connection at checkout only when it has been idle (IDLE_PING_SECONDS); one
    that fails the ping is replaced (the pool retries the checkout with a new connection)."""
    dialect = engine.sync_engine.dialect

    @event.listens_for(engine.sync_engine, "checkin")
    def _returned(_dbapi_conn: Any, record: Any) -> None:
        record.info["returned_at"] = time.monotonic()

    @event.listens_for(engine.sync_engine, "checkout")
    def _check_if_idle(dbapi_conn: Any, record: Any, _proxy: Any) -> None:
        returned = record.info.get("returned_at")
        if returned is None or time.monotonic() - returned < IDLE_PING_SECONDS:
            return  # new (just connected) or recently used
        try:
            dialect.do_ping(dbapi_conn)
        except Exception as error:
            raise exc.DisconnectionError(f"pooled connection failed its ping: {error}") from error


class Database:
    """Owns the engine; hands out sessions that commit on success and roll back on error."""

    def __init__(self, url: str) -> None:
        self.url = normalise_url(url)
        self.engine = create_engine(self.url)
        self._sessions = async_sessionmaker(self.engine, class_=AsyncSession, expire_on_commit=False)

    @property
    def is_sqlite(self) -> bool:
        return self.url.startswith("sqlite")

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        async with self._sessions() as session:
            try:
                yield session
                await session.commit()
            except BaseException:
                await session.rollback()
                raise

    async def fetch_all(self, stmt: SelectOfScalar[T]) -> Sequence[T]:
        """Every row `stmt` selects, read in a session of its own."""
        async with self.session() as session:
            return (await session.exec(stmt)).all()

    async def dispose(self) -> None:
        await self.engine.dispose()


async def plain_rows(session: AsyncSession, stmt: Select[Any]) -> Sequence[Sequence[Any]]:
    """The rows of a Core select of plain columns (text, numbers: no type that converts), in the
    session's transaction. On PostgreSQL they come straight from asyncpg: 35,000 rows cost ~30 ms
    there against 100–160 ms through SQLAlchemy's Row objects (the quarterly review's tallies)."""
    connection = await session.connection()
    if connection.dialect.name != "postgresql":
        return (await connection.execute(stmt)).all()
    compiled = stmt.compile(dialect=connection.dialect)
    params = [compiled.params[name] for name in compiled.positiontup or ()]
    driver = await _in_transaction(connection)
    return await driver.fetch(str(compiled), *params)  # type: ignore[no-any-return]


async def driver_rows(session: AsyncSession, sql: str, *params: Any) -> Sequence[Sequence[Any]]:
    """The rows of PostgreSQL SQL written by hand (array parameters, CASE arithmetic) straight from
    asyncpg, in the session's transaction; parameters are $1, $2, …"""
    connection = await session.connection()
    driver = await _in_transaction(connection)
    return await driver.fetch(sql, *params)  # type: ignore[no-any-return]


async def insert_rows(session: AsyncSession, table: Table, columns: list[str], rows: list[tuple[Any, ...]]) -> None:
    """Inserts many rows of plain values in the session's transaction: COPY on PostgreSQL (1,000
    review results: a third of a multi-row INSERT's time), one executemany elsewhere."""
    if not rows:
        return
    connection = await session.connection()
    if connection.dialect.name != "postgresql":
        await connection.execute(insert(table), [dict(zip(columns, row, strict=True)) for row in rows])
        return
    driver = await _in_transaction(connection)
    await driver.copy_records_to_table(table.name, records=rows, columns=columns, schema_name=table.schema)


async def _in_transaction(connection: AsyncConnection) -> Any:
    """The asyncpg connection under `connection`, inside the session's transaction (SQLAlchemy
    opens it on the first statement it runs, so one is run if none has been)."""
    driver = (await connection.get_raw_connection()).driver_connection
    assert driver is not None
    if not driver.is_in_transaction():
        await connection.exec_driver_sql("SELECT 1")
    return driver

"""The async engine and sessions of one service's own database (SQLite file or PostgreSQL)."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar, cast

import asyncpg
from sqlalchemy import Select, Table, event, exc, insert
from sqlalchemy.engine import Dialect, make_url
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, async_sessionmaker, create_async_engine
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.expression import ClauseElement
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


@dataclass(frozen=True)
class _Compiled:
    sql: str
    names: tuple[str, ...]  # the parameters in the order the SQL takes them
    processors: tuple[Callable[[Any], Any] | None, ...]
    given: dict[str, Any]  # values the statement holds itself (a LIMIT)


@dataclass(frozen=True)
class DriverConnection:
    """The driver's connection under a session (aiosqlite or asyncpg), inside the session's
    transaction: looked up once for the statements a transaction runs on it."""

    dialect: Dialect
    driver: Any

    @classmethod
    async def of(cls, session: AsyncSession) -> DriverConnection:
        connection = await session.connection()
        if connection.dialect.name == "postgresql":
            return cls(connection.dialect, await _in_transaction(connection))
        # SQLite's driver begins a transaction at the first write by itself (as under SQLAlchemy),
        # which the session's commit ends.
        return cls(connection.dialect, (await connection.get_raw_connection()).driver_connection)


class DriverStatement:
    """A Core statement compiled once per dialect and run straight on the driver's connection
    (DriverConnection), its values bound by name.

    Why: SQLAlchemy's execution of a statement costs ~200 µs of CPU and, on aiosqlite, four
    hops to the connection's thread (cursor, execute, fetch, close) where the driver needs one
    (issue 19: filing a complaint runs five statements). Values pass through the column types'
    bind processors as under SQLAlchemy (datetimes and JSON stored alike), and a broken
    constraint raises SQLAlchemy's IntegrityError, so callers handle it as before. Statements
    with expanding (IN-list) parameters are refused: their SQL depends on the values."""

    def __init__(self, statement: ClauseElement) -> None:
        self.statement = statement
        self._compiled: dict[str, _Compiled] = {}

    def _for(self, dialect: Dialect) -> _Compiled:
        # By the dialect's name: the engines of create_engine differ in no setting that changes a
        # statement's SQL or how its values are processed (no custom JSON serializer).
        found = self._compiled.get(dialect.name)
        if found is None:
            compiled = cast(SQLCompiler, self.statement.compile(dialect=dialect))
            names = tuple(compiled.positiontup or ())
            binds = [compiled.binds[name] for name in names]
            if any(b.expanding for b in binds):
                raise ValueError("a DriverStatement cannot take expanding (IN-list) parameters")
            found = _Compiled(
                sql=str(compiled),
                names=names,
                processors=tuple(b.type.dialect_impl(dialect).bind_processor(dialect) for b in binds),
                given={name: b.value for name, b in zip(names, binds, strict=True) if not b.required},
            )
            self._compiled[dialect.name] = found
        return found

    async def rows(self, connection: DriverConnection, params: Mapping[str, Any]) -> Sequence[Sequence[Any]]:
        """The rows the statement returns: a write's are those of its RETURNING (on PostgreSQL an
        insert returns its new key, as under SQLAlchemy)."""
        compiled = self._for(connection.dialect)
        values = [params[name] if name in params else compiled.given[name] for name in compiled.names]
        args = [v if p is None else p(v) for p, v in zip(compiled.processors, values, strict=True)]
        try:
            if connection.dialect.name == "postgresql":
                return await connection.driver.fetch(compiled.sql, *args)  # type: ignore[no-any-return]
            return list(await connection.driver.execute_fetchall(compiled.sql, args))
        except (sqlite3.IntegrityError, asyncpg.IntegrityConstraintViolationError) as error:
            raise exc.IntegrityError(compiled.sql, args, error) from error

"""Fresh PostgreSQL databases for a benchmark's stack, and what each one's tables hold
(benchmarks/replicas.py, benchmarks/capacity.py). PostgreSQL at 127.0.0.1:5432, trust auth, as
the tests use it."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field

import asyncpg

POSTGRES = "postgresql://postgres@127.0.0.1:5432/postgres"


def dsn(url: str) -> str:
    """asyncpg's form of a service's database URL."""
    return re.sub(r"^postgresql\+asyncpg://", "postgresql://", url)


@dataclass
class Databases:
    """Makes databases named fq_<prefix>_<hex>_<n>; drops every one it made."""

    prefix: str
    made: list[str] = field(default_factory=list)

    async def __call__(self, kind: str = "postgres") -> str:
        if kind != "postgres":
            raise ValueError(f"only PostgreSQL databases here, not {kind!r}")
        name = f"fq_{self.prefix}_{uuid.uuid4().hex[:8]}_{len(self.made)}"
        admin = await asyncpg.connect(POSTGRES)
        try:
            await admin.execute(f'CREATE DATABASE "{name}"')
        finally:
            await admin.close()
        self.made.append(name)
        return f"postgresql+asyncpg://postgres@127.0.0.1:5432/{name}"

    async def drop(self) -> None:
        admin = await asyncpg.connect(POSTGRES)
        try:
            for name in self.made:
                await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await admin.close()
        self.made.clear()


@dataclass(frozen=True)
class TableStats:
    rows: int  # live rows, counted
    inserted: int  # rows inserted, updated, deleted since the database was made (statistics)
    updated: int
    deleted: int
    bytes: int  # pg_total_relation_size: the table, its indexes and TOAST


async def table_stats(url: str) -> dict[str, TableStats]:
    """Every user table of the database. The statistics counters reach pg_stat_user_tables up to
    10 s after a backend's transaction (PostgreSQL 15 flushes idle backends' counters then)."""
    conn = await asyncpg.connect(dsn(url))
    try:
        rows = await conn.fetch(
            "SELECT relname, n_tup_ins, n_tup_upd, n_tup_del, pg_total_relation_size(relid) AS size "
            "FROM pg_stat_user_tables WHERE schemaname = 'public'"
        )
        found = {}
        for r in rows:
            count = await conn.fetchval(f'SELECT count(*) FROM "{r["relname"]}"')
            found[r["relname"]] = TableStats(count, r["n_tup_ins"], r["n_tup_upd"], r["n_tup_del"], r["size"])
        return found
    finally:
        await conn.close()


def delta(before: dict[str, TableStats], after: dict[str, TableStats]) -> dict[str, TableStats]:
    """What changed per table; tables that did not change are left out."""
    zero = TableStats(0, 0, 0, 0, 0)
    out = {}
    for name, a in after.items():
        b = before.get(name, zero)
        d = TableStats(
            a.rows - b.rows, a.inserted - b.inserted, a.updated - b.updated, a.deleted - b.deleted, a.bytes - b.bytes
        )
        if d != zero:
            out[name] = d
    return out

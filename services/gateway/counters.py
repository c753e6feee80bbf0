"""Counts every gateway replica shares, kept in the gateway's database: how often a key (a client's
public requests, an account's failed sign-ins) happened in the current fixed window. One atomic
upsert per count, so N replicas allow the rate once, not N times. A window is kept until the window
after it is over too: a sliding count still weighs it all that time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import col, select

from services.common.clock import utcnow
from services.common.db import Database
from services.gateway.models import EdgeCounter


def _window(now: datetime, seconds: int) -> tuple[int, float]:
    """The window's start (epoch seconds) and the seconds left in it."""
    epoch = now.timestamp()
    start = int(epoch // seconds) * seconds
    return start, start + seconds - epoch


async def hit(db: Database, key: str, seconds: int, now: datetime | None = None) -> tuple[int, float]:
    """Counts one for `key` in its current window of `seconds`; returns the window's count with this
    one and the seconds until the window ends."""
    now = now or utcnow()
    start, left = _window(now, seconds)
    make = sqlite_insert if db.is_sqlite else pg_insert
    # Kept through the next window as well, which the sliding count weighs it against; dropped
    # when that one ends, it could be forgotten mid-window and let a client's limit double.
    stmt = make(EdgeCounter).values(
        key=key, window_start=start, count=1, expires_at=datetime.fromtimestamp(start + 2 * seconds, UTC)
    )
    upsert = stmt.on_conflict_do_update(
        index_elements=["key", "window_start"], set_={"count": col(EdgeCounter.count) + 1}
    ).returning(col(EdgeCounter.count))
    async with db.session() as session:
        count = int((await session.exec(upsert)).scalar_one())  # type: ignore[call-overload]
        if count == 1:
            # A new window: windows no count needs any more are dropped now, so the table stays small.
            await session.exec(delete(EdgeCounter).where(col(EdgeCounter.expires_at) < now))  # type: ignore[call-overload]
    return count, left


async def count(db: Database, key: str, seconds: int, now: datetime | None = None) -> tuple[int, float]:
    """`key`'s count in its current window, counting nothing; and the seconds until the window ends."""
    start, left = _window(now or utcnow(), seconds)
    rows = await db.fetch_all(
        select(EdgeCounter.count).where(EdgeCounter.key == key, EdgeCounter.window_start == start)
    )
    return (rows[0] if rows else 0), left


async def sliding_hit(
    db: Database, key: str, seconds: int, most: float, now: datetime | None = None
) -> tuple[bool, float]:
    """Counts one for `key` and answers (within the limit, seconds to wait if not) by a sliding
    window: the previous window's count weighs as much as it still overlaps the last `seconds`,
    so a burst across a window's end is limited like one inside a window."""
    now = now or utcnow()
    current, left = await hit(db, key, seconds, now)
    previous, _ = await count(db, key, seconds, now - timedelta(seconds=seconds))
    if previous * left / seconds + current <= most:
        return True, 0.0
    if current > most or not previous:
        return False, left
    # The previous window's weight falls as it slides out; wait until it has fallen enough.
    return False, max(0.0, left - (most - current) * seconds / previous)


async def clear(db: Database, key: str) -> int:
    """Forgets every window of `key`; returns how many there were."""
    async with db.session() as session:
        result = await session.exec(delete(EdgeCounter).where(col(EdgeCounter.key) == key))  # type: ignore[call-overload]
        return int(result.rowcount or 0)

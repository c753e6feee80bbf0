"""Ops counts kept as snapshots, so that no ops view waits on a visibility scan (issue 19).

Temporal's visibility groups counts by execution status only, so the overview asks one count per
case status, track and level: 13 count queries. On the dev server's SQLite each scans every open
workflow (about a second each at 15,000 open cases, several at 100,000), and every ops view would
pay that again. A dashboard can be a little old; it cannot be slow or load Temporal on every look.
So each gateway process keeps the last counts with the time they were taken:

- the overview's counts are counted once when the gateway starts (`warm`) and again behind a view
  that finds them older than `max_age` seconds: one recount at a time, its queries one after
  another with a rest after each (Pacer), and never sooner than RECOUNT_SHARE times the last
  recount's counting time after it, so Temporal counts for ops at most a twentieth of the time. A
  view gets the last counts at once, however old, and the page says when they were counted and
  whether a recount is under way. Only a view before the very first count has ever finished waits
  for it — and a view in a small deployment, whose last recount counted in under `wait_below`
  seconds: it waits for the recount it starts (flat out, bounded), so an ops person there sees the
  cases filed a minute ago, not "0 workflows" beside the records. At 100,000 open cases a recount
  takes seconds and no view waits. With `max_age` 0 every view counts afresh and waits (for tests).
- a list's count of its own query (/ops/cases) is taken the same way, behind the view, one query at
  a time: the list shows the last count of that query with its time, or says that it has more
  rows than shown and is being counted. A list never counts while the view waits.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

from temporalio.client import Client

from contracts.case import CASE_STATUSES, ESCALATION_LEVELS, TRACKS
from services.common import search_attributes as sa
from services.common.clock import utcnow
from services.gateway.ops import workflows as wf

log = logging.getLogger("fengqiao.gateway.ops")
T = TypeVar("T")
# A recount starts no sooner than this many times the last one's counting time after it: at
# 100,000 open cases a recount takes seconds, and ops views must not keep Temporal counting (every
# page's query that meets a count waits for it): Temporal counts for ops at most 1/20 of the time.
RECOUNT_SHARE = 20
# A recount rests after each of its queries for this many times as long as the query took.
PACE = 1.0
# Queries of the case list whose last count is kept (the least recently asked is forgotten).
QUERIES_KEPT = 64
# A view waits for the recount it starts when the last one counted in under this many seconds (and
# waits at most four times as long): a quick count is worth a fresh page, a slow one is not.
WAIT_BELOW_SECONDS = 0.25
# How often the gateway tries its first count at start while Temporal is not reachable yet.
WARM_RETRY_SECONDS = 5.0


@dataclass(frozen=True)
class VisibilityCounts:
    by_execution: dict[str, int]
    by_status: dict[str, int]
    by_track: dict[str, int]
    by_level: dict[str, int]
    overdue: int
    counted_at: datetime


@dataclass
class Pacer:
    """Runs a recount's queries one after another, resting after each for as long as it took
    (PACE times): the dev server's SQLite answers one query at a time, so counts sent together
    would hold a page's query behind all 13, and counts back to back would hold every round trip
    of a page that makes several (a describe per workflow) behind one each."""

    pace: float = PACE
    counting: float = 0.0  # seconds spent in the queries, not the rests

    async def __call__(self, query: Awaitable[T]) -> T:
        started = time.monotonic()
        result = await query
        took = time.monotonic() - started
        self.counting += took
        await asyncio.sleep(took * self.pace)
        return result


async def running_counts(
    client: Client, attribute: str, values: tuple[str, ...], every: int, pacer: Pacer
) -> dict[str, int]:
    """Running case workflows per value of a keyword search attribute, one count query each
    (visibility groups by ExecutionStatus only); "" counts those with none of the values, out of
    `every` running ones."""
    running = "ExecutionStatus = 'Running'"
    each = [await pacer(wf.count(client, f"{running} AND {attribute} = '{v}'")) for v in values]
    found = {v: n for v, n in zip(values, each, strict=True) if n}
    if rest := every - sum(each):
        found[""] = rest
    return found


async def count_now(client: Client, pacer: Pacer | None = None) -> VisibilityCounts:
    """Every count of the overview, one after another at the pacer's pace; the running total comes
    from the one grouped count."""
    pacer = pacer or Pacer()
    counted_at = utcnow()
    by_execution = await pacer(wf.counts_by_execution_status(client))
    running = by_execution.get("RUNNING", 0)
    by_status = await running_counts(client, sa.CASE_STATUS.name, CASE_STATUSES, running, pacer)
    by_track = await running_counts(client, sa.TRACK.name, TRACKS, running, pacer)
    by_level = await running_counts(client, sa.ESCALATION_LEVEL.name, ESCALATION_LEVELS, running, pacer)
    overdue = await pacer(wf.count(client, "ExecutionStatus = 'Running' AND Overdue = true"))
    return VisibilityCounts(by_execution, by_status, by_track, by_level, overdue, counted_at)


@dataclass(frozen=True)
class QueryCount:
    """How many case workflows matched a list's query when it was counted."""

    count: int
    counted_at: datetime


@dataclass
class CountsSnapshot:
    """The last counts of one gateway process (the overview's and each list query's) and the
    recount under way, if any."""

    _last: VisibilityCounts | None = None
    _taken: float = 0.0  # monotonic seconds when _last was asked for
    _took: float = 0.0  # how long the last recount's queries took (its rests left out)
    _recount: asyncio.Task[VisibilityCounts] | None = field(default=None, repr=False)
    _queries: OrderedDict[str, tuple[QueryCount, float]] = field(default_factory=OrderedDict, repr=False)
    _query_recount: asyncio.Task[None] | None = field(default=None, repr=False)
    _warming: asyncio.Task[None] | None = field(default=None, repr=False)
    wait_below: float = WAIT_BELOW_SECONDS

    @property
    def recounting(self) -> bool:
        """A recount of the overview's counts is under way (the page says so)."""
        return self._recount is not None and not self._recount.done()

    async def get(self, client: Client, max_age: float) -> VisibilityCounts:
        """The last counts at once (recounted behind this view when old); a view waits only before
        the first count ever finished, or for a recount expected to take under `wait_below`."""
        if max_age <= 0:  # counted afresh, as fast as it can: this view waits for it
            if self._recount is None or self._recount.done():
                self._recount = asyncio.create_task(self._count(client, pace=0))
                self._recount.add_done_callback(_log_failure)
            return await asyncio.shield(self._recount)
        if self._last is None:  # never counted: this view waits for the first count
            return await asyncio.shield(self._start(client, pace=0.0))
        if time.monotonic() - self._taken > max(max_age, self._took * RECOUNT_SHARE):
            quick = self._took < self.wait_below
            recount = self._start(client, pace=0.0 if quick else PACE)
            if quick:
                # Slower than expected, or failed (_log_failure says so): the last counts, as at scale.
                with contextlib.suppress(Exception):
                    return await asyncio.wait_for(asyncio.shield(recount), self.wait_below * 4)
        return self._last

    def warm(self, client: Client) -> asyncio.Task[None]:
        """The first count, taken when the gateway starts so that no view waits for it; retried
        while Temporal is not reachable. The caller cancels it at shutdown."""

        async def first() -> None:
            while self._last is None:
                try:
                    await asyncio.shield(self._start(client, pace=0.0))
                except Exception as exc:
                    log.warning("ops counts at start failed, retrying: %s", exc)
                    await asyncio.sleep(WARM_RETRY_SECONDS)

        self._warming = asyncio.create_task(first())
        return self._warming

    def stop(self) -> None:
        """At shutdown: the first count and any recount still under way are dropped."""
        for task in (self._warming, self._recount, self._query_recount):
            if task is not None:
                task.cancel()

    def _start(self, client: Client, pace: float) -> asyncio.Task[VisibilityCounts]:
        """The recount under way, or a new one at `pace` (0: flat out, for a count a view waits for)."""
        if self._recount is None or self._recount.done():
            self._recount = asyncio.create_task(self._count(client, pace))
            self._recount.add_done_callback(_log_failure)
        return self._recount

    async def _count(self, client: Client, pace: float = PACE) -> VisibilityCounts:
        started, pacer = time.monotonic(), Pacer(pace)
        counts = await count_now(client, pacer)
        self._last, self._taken, self._took = counts, started, pacer.counting
        log.info(
            "ops counts taken",
            extra={"seconds": round(self._took, 3), "running": counts.by_execution.get("RUNNING", 0)},
        )
        return counts

    def query_count(self, client: Client, query: str, max_age: float) -> QueryCount | None:
        """The last count of the case workflows matching `query` (None if never counted); a
        recount starts behind the view when it is older than `max_age` (RECOUNT_SHARE as above)
        and no other query is being counted. Never waits."""
        kept = self._queries.get(query)
        if kept is not None:
            self._queries.move_to_end(query)
        now = time.monotonic()
        due = kept is None or now - kept[1] > max(max_age, self._took * RECOUNT_SHARE)
        if due and (self._query_recount is None or self._query_recount.done()):
            self._query_recount = asyncio.create_task(self._count_query(client, query))
            self._query_recount.add_done_callback(_log_failure)
        return kept[0] if kept is not None else None

    async def _count_query(self, client: Client, query: str) -> None:
        started, counted_at = time.monotonic(), utcnow()
        matched = await wf.count(client, query)
        self._queries[query] = (QueryCount(matched, counted_at), started)
        self._queries.move_to_end(query)
        while len(self._queries) > QUERIES_KEPT:
            self._queries.popitem(last=False)


def _log_failure(task: asyncio.Task[Any]) -> None:
    """A recount behind a view that got the last counts fails unseen by it: say so in the log (the
    page keeps showing when its counts were taken, and the next view tries again)."""
    if not task.cancelled() and (exc := task.exception()) is not None:
        log.warning("ops overview recount failed: %s", exc)

"""The ops overview's visibility counts, kept as a snapshot a few seconds old (issue 19).

Temporal's visibility groups counts by execution status only, so the overview asks one count per
case status, track and level: 13 count queries. On the dev server's SQLite each scans every open
workflow (at 15,000 open cases the overview took 1.1 s at p99), and every ops view would pay that
again. A dashboard can be a few seconds old; it cannot be slow or load Temporal on every look. So
each gateway process keeps the last counts with the time they were taken: a view within
`max_age` seconds gets them as they are; a later view gets them too while one recount runs behind
it (only one at a time), and the next view gets the new ones; counts nobody looked at for a
minute are too old to show, and the view waits for a recount. The page says when they were
counted. With `max_age` 0 every view counts afresh and waits for it (the old behaviour).
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass, field
from datetime import datetime

from temporalio.client import Client

from contracts.case import CASE_STATUSES, ESCALATION_LEVELS, TRACKS
from services.common import search_attributes as sa
from services.common.clock import utcnow
from services.gateway.ops import workflows as wf

log = logging.getLogger("fengqiao.gateway.ops")
# Counts older than this many times the allowed age (a minute at the default 5 s: nobody looked
# for a while) are not shown while recounting: the view waits for fresh ones.
STALE_FACTOR = 12


@dataclass(frozen=True)
class VisibilityCounts:
    by_execution: dict[str, int]
    by_status: dict[str, int]
    by_track: dict[str, int]
    by_level: dict[str, int]
    overdue: int
    counted_at: datetime


async def count_now(client: Client) -> VisibilityCounts:
    """Every count of the overview, side by side; the running total comes from the one grouped count."""
    counted_at = utcnow()
    by_execution = await wf.counts_by_execution_status(client)
    running = by_execution.get("RUNNING", 0)
    by_status, by_track, by_level, overdue = await asyncio.gather(
        wf.running_counts(client, sa.CASE_STATUS.name, CASE_STATUSES, running),
        wf.running_counts(client, sa.TRACK.name, TRACKS, running),
        wf.running_counts(client, sa.ESCALATION_LEVEL.name, ESCALATION_LEVELS, running),
        wf.count(client, "ExecutionStatus = 'Running' AND Overdue = true"),
    )
    return VisibilityCounts(by_execution, by_status, by_track, by_level, overdue, counted_at)


@dataclass
class CountsSnapshot:
    """The last counts of one gateway process and the recount under way, if any."""

    _last: VisibilityCounts | None = None
    _taken: float = 0.0  # monotonic seconds when _last was asked for
    _recount: asyncio.Task[VisibilityCounts] | None = field(default=None, repr=False)

    async def get(self, client: Client, max_age: float) -> VisibilityCounts:
        age = time.monotonic() - self._taken
        if self._last is not None and max_age > 0 and age <= max_age:
            return self._last
        recount = self._start(client)
        if self._last is not None and max_age > 0 and age <= max_age * STALE_FACTOR:
            return self._last  # a little older while the recount runs
        return await asyncio.shield(recount)  # none, or too old to show: wait for the count

    def _start(self, client: Client) -> asyncio.Task[VisibilityCounts]:
        if self._recount is None or self._recount.done():
            self._recount = asyncio.create_task(self._count(client))
            self._recount.add_done_callback(_log_failure)
        return self._recount

    async def _count(self, client: Client) -> VisibilityCounts:
        started = time.monotonic()
        counts = await count_now(client)
        self._last, self._taken = counts, started
        return counts


def _log_failure(task: asyncio.Task[VisibilityCounts]) -> None:
    """A recount behind a view that got the last counts fails unseen by it: say so in the log (the
    page keeps showing when its counts were taken, and the next view tries again)."""
    if not task.cancelled() and (exc := task.exception()) is not None:
        log.warning("ops overview recount failed: %s", exc)

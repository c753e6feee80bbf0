"""The ops counts on a real Temporal (services/gateway/ops/counts.py): a view within the snapshot's
age gets the counts as they were, a later one gets them too (however old) while a single recount
runs behind it, and the view after that sees the new workflows; where counting is quick, the view
waits for the recount instead; a list's query is counted behind the view the same way, one query
at a time."""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid

from temporalio.client import Client
from temporalio.common import SearchAttributePair, TypedSearchAttributes
from temporalio.service import RPCError

from contracts.case import WORKFLOW_NAME
from services.common import search_attributes as sa
from services.gateway.ops.counts import RECOUNT_SHARE, CountsSnapshot

AT_SCALE = 0.0  # wait_below: no view waits for a recount, as when counting takes seconds

UNPOLLED = "ops-counts-unpolled"  # no worker polls it: the workflows stay open, as cases waiting


async def _start_triage_cases(client: Client, n: int) -> list[str]:
    ids = [f"case-OPSCOUNT-{uuid.uuid4().hex[:8]}" for _ in range(n)]
    attrs = TypedSearchAttributes([SearchAttributePair(sa.CASE_STATUS, "TRIAGE")])
    for wid in ids:
        await client.start_workflow(WORKFLOW_NAME, id=wid, task_queue=UNPOLLED, search_attributes=attrs)
    return ids


async def _visible(client: Client, ids: list[str]) -> None:
    query = " OR ".join(f"WorkflowId = '{wid}'" for wid in ids)
    for _ in range(100):
        if (await client.count_workflows(query)).count == len(ids):
            return
        await asyncio.sleep(0.1)
    raise AssertionError("the new workflows never showed in visibility")


async def test_the_overview_counts_are_a_snapshot_recounted_behind_the_view(temporal_dev: Client) -> None:
    snapshot = CountsSnapshot(wait_below=AT_SCALE)
    asked = time.monotonic()
    first = await snapshot.get(temporal_dev, max_age=60)  # nothing counted yet: the only view that waits
    answered = time.monotonic()
    assert not snapshot.recounting
    ids = await _start_triage_cases(temporal_dev, 3)
    try:
        await _visible(temporal_dev, ids)
        # Within its age the snapshot answers as it was, without asking Temporal.
        assert await snapshot.get(temporal_dev, max_age=60) is first
        # Past its age (0.5 s): the views get the last counts at once, and share one recount.
        hold_off = max(0.5, snapshot._took * RECOUNT_SHARE)  # RECOUNT_SHARE × the count's own time
        await asyncio.sleep(max(0.0, answered + hold_off + 0.1 - time.monotonic()))
        assert time.monotonic() - asked < 6 + hold_off, "too slow a machine to take the counts' age apart"
        views = await asyncio.gather(*(snapshot.get(temporal_dev, max_age=0.5) for _ in range(5)))
        assert all(v is first for v in views)
        assert snapshot.recounting
        recount = snapshot._recount
        assert recount is not None
        fresh = await recount
        assert not snapshot.recounting
        assert fresh.counted_at > first.counted_at
        assert fresh.by_status.get("TRIAGE", 0) >= 3 and first.by_status.get("TRIAGE", 0) < fresh.by_status["TRIAGE"]
        assert await snapshot.get(temporal_dev, max_age=60) is fresh
        # However old the counts, a view never waits on a recount: it gets them with their time
        # (the page shows it) while the recount runs behind it.
        await asyncio.sleep(snapshot._took * RECOUNT_SHARE + 0.05)
        old = await snapshot.get(temporal_dev, max_age=0.001)
        assert old is fresh  # the last counts, not the recount's
        assert snapshot.recounting
        fresh = await snapshot._recount  # type: ignore[misc]
        assert fresh is not old and fresh.counted_at > old.counted_at
        # A recount that took long holds the next one off for RECOUNT_SHARE times as long, so
        # views cannot keep Temporal counting.
        snapshot._took = 3600.0
        await asyncio.sleep(0.05)
        assert await snapshot.get(temporal_dev, max_age=0.001) is fresh and not snapshot.recounting
        # With no age allowed, every view counts afresh and waits for it.
        again = await snapshot.get(temporal_dev, max_age=0)
        assert again is not fresh and again.counted_at > fresh.counted_at
        assert again.by_status.get("TRIAGE", 0) >= 3
        # Every running workflow is in one status bucket ("" for none of the known ones).
        assert sum(again.by_status.values()) == again.by_execution["RUNNING"]
    finally:
        for wid in ids:
            await temporal_dev.get_workflow_handle(wid).terminate("test over")


async def test_counts_are_taken_at_start_so_the_first_view_does_not_wait(temporal_dev: Client) -> None:
    snapshot = CountsSnapshot(wait_below=AT_SCALE)
    warming = snapshot.warm(temporal_dev)
    await asyncio.wait_for(warming, 60)
    taken = snapshot._last
    assert taken is not None
    assert await snapshot.get(temporal_dev, max_age=60) is taken  # no count behind this view
    # Each query of a recount is followed by a rest as long as it took: its counting time (which
    # sets when the next recount may start) is under half of its wall time.
    await asyncio.sleep(snapshot._took * RECOUNT_SHARE + 0.05)
    asked = time.monotonic()
    recounted = await snapshot.get(temporal_dev, max_age=0.001)
    assert recounted is taken and snapshot.recounting
    await snapshot._recount  # type: ignore[misc]
    assert snapshot._took <= (time.monotonic() - asked) / 2 + 0.01
    snapshot.stop()  # at shutdown nothing is left running


async def test_where_counting_is_quick_an_old_snapshot_is_recounted_while_the_view_waits(
    temporal_dev: Client,
) -> None:
    # The threshold is the test's, not the default's: a busy CI machine may count slower than 0.25 s.
    snapshot = CountsSnapshot(wait_below=5.0)
    first = await snapshot.get(temporal_dev, max_age=60)
    ids = await _start_triage_cases(temporal_dev, 3)
    try:
        await _visible(temporal_dev, ids)
        assert await snapshot.get(temporal_dev, max_age=60) is first  # within its age: as it was
        await asyncio.sleep(max(0.1, snapshot._took * RECOUNT_SHARE))
        fresh = await snapshot.get(temporal_dev, max_age=0.05)  # old, and counting is quick: waits
        assert fresh is not first and fresh.counted_at > first.counted_at and not snapshot.recounting
        assert fresh.by_status.get("TRIAGE", 0) >= first.by_status.get("TRIAGE", 0) + 3
        # A count that took longer than the threshold is not waited for: the last counts at once.
        snapshot._took = 5.0
        snapshot._taken -= 3600
        assert await snapshot.get(temporal_dev, max_age=0.05) is fresh and snapshot.recounting
        snapshot.stop()
    finally:
        for wid in ids:
            await temporal_dev.get_workflow_handle(wid).terminate("test over")


async def test_a_list_query_is_counted_behind_the_view_one_query_at_a_time(temporal_dev: Client) -> None:
    snapshot = CountsSnapshot(wait_below=AT_SCALE)
    ids = await _start_triage_cases(temporal_dev, 3)
    try:
        await _visible(temporal_dev, ids)
        listed = ", ".join(f"'{wid}'" for wid in ids)
        query = f"CaseStatus = 'TRIAGE' AND WorkflowId IN ({listed})"
        other = f"WorkflowId IN ({listed})"
        # Never counted: the view gets nothing at once and the count starts behind it; another
        # query asked meanwhile waits for its own turn (one count at a time).
        assert snapshot.query_count(temporal_dev, query, max_age=60) is None
        counting = snapshot._query_recount
        assert counting is not None and not counting.done()
        assert snapshot.query_count(temporal_dev, other, max_age=60) is None
        assert snapshot._query_recount is counting
        await counting
        kept = snapshot.query_count(temporal_dev, query, max_age=60)
        assert kept is not None and kept.count == 3
        assert snapshot._query_recount is counting  # within its age: not counted again
        # The other query's turn comes with the next view of it.
        assert snapshot.query_count(temporal_dev, other, max_age=60) is None
        await snapshot._query_recount  # type: ignore[misc]
        counted = snapshot.query_count(temporal_dev, other, max_age=60)
        assert counted is not None and counted.count == 3 and counted.counted_at >= kept.counted_at
        # A count grown old is shown with its time while the next one runs.
        await temporal_dev.get_workflow_handle(ids[0]).terminate("one fewer in triage")
        await asyncio.sleep(0.05)
        again = snapshot.query_count(temporal_dev, f"{query} AND ExecutionStatus = 'Running'", max_age=0.001)
        assert again is None
        await snapshot._query_recount  # type: ignore[misc]
        for _ in range(100):
            snapshot.query_count(temporal_dev, f"{query} AND ExecutionStatus = 'Running'", max_age=0.001)
            await snapshot._query_recount  # type: ignore[misc]
            now = snapshot.query_count(temporal_dev, f"{query} AND ExecutionStatus = 'Running'", max_age=60)
            if now is not None and now.count == 2:
                break
            await asyncio.sleep(0.1)
        else:
            raise AssertionError("the recount never saw the terminated workflow leave")
    finally:
        for wid in ids:
            with contextlib.suppress(RPCError):  # the one terminated above
                await temporal_dev.get_workflow_handle(wid).terminate("test over")

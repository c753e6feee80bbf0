"""The ops overview's visibility counts on a real Temporal (services/gateway/ops/counts.py): a view
within the snapshot's age gets the counts as they were, a later one gets them too while a single
recount runs behind it, and the view after that sees the new workflows."""

from __future__ import annotations

import asyncio
import time
import uuid

from temporalio.client import Client
from temporalio.common import SearchAttributePair, TypedSearchAttributes

from contracts.case import WORKFLOW_NAME
from services.common import search_attributes as sa
from services.gateway.ops.counts import CountsSnapshot

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
    snapshot = CountsSnapshot()
    asked = time.monotonic()
    first = await snapshot.get(temporal_dev, max_age=60)  # nothing kept yet: the view waits for a count
    answered = time.monotonic()
    ids = await _start_triage_cases(temporal_dev, 3)
    try:
        await _visible(temporal_dev, ids)
        # Within its age the snapshot answers as it was, without asking Temporal.
        assert await snapshot.get(temporal_dev, max_age=60) is first
        # Past its age (0.5 s) but not too old to show (12 × 0.5 s): the views still get the last
        # counts at once, and share one recount.
        await asyncio.sleep(max(0.0, answered + 0.6 - time.monotonic()))
        assert time.monotonic() - asked < 6, "too slow a machine to take the counts' age apart"
        views = await asyncio.gather(*(snapshot.get(temporal_dev, max_age=0.5) for _ in range(5)))
        assert all(v is first for v in views)
        recount = snapshot._recount
        assert recount is not None
        fresh = await recount
        assert fresh.counted_at > first.counted_at
        assert fresh.by_status.get("TRIAGE", 0) >= 3 and first.by_status.get("TRIAGE", 0) < fresh.by_status["TRIAGE"]
        assert await snapshot.get(temporal_dev, max_age=60) is fresh
        # Counts too old to show while recounting (nobody looked for a while): the view waits.
        await asyncio.sleep(0.02)
        waited = await snapshot.get(temporal_dev, max_age=0.001)
        assert waited is not fresh and waited.counted_at > fresh.counted_at
        fresh = waited
        # With no age allowed, every view counts afresh and waits for it.
        again = await snapshot.get(temporal_dev, max_age=0)
        assert again is not fresh and again.counted_at > fresh.counted_at
        assert again.by_status.get("TRIAGE", 0) >= 3
        # Every running workflow is in one status bucket ("" for none of the known ones).
        assert sum(again.by_status.values()) == again.by_execution["RUNNING"]
    finally:
        for wid in ids:
            await temporal_dev.get_workflow_handle(wid).terminate("test over")

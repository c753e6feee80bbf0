"""A rectification report completed while a daily check's write is finishing stops the daily checks.

Seen in a Dongjie simulation run: the report's completion reached the workflow in the same
workflow task as the result of the daily check's timeline write. Cancelling an asyncio task in a
workflow is only a request to cancel what it awaits; an activity whose result is already there
returns it, and the daily checks ran on — one a day for ever — while the case waited for them to
stop. Here the same workflow task is made on purpose on a real Temporal: the write is held, the
workflow worker stopped, the write released and the completion sent, then a new worker gets both.
"""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass, field

from temporalio import activity
from temporalio.api.enums.v1 import EventType
from temporalio.client import Client
from temporalio.worker import Worker

from tests.workflows.fakes import FakeServices
from tests.workflows.test_case_workflow import Running, complete
from tests.workflows.test_designated_track import case_input, open_kinds, task_of
from tests.workflows.test_rectification_limit import _order
from workflows.case.activities import CaseEvent
from workflows.case.workflows import DisputeCaseWorkflow


@dataclass
class HeldWrites(FakeServices):
    """Timeline writes wait at a gate while `hold` is set."""

    hold: bool = False
    held: asyncio.Event = field(default_factory=asyncio.Event)
    release: asyncio.Event = field(default_factory=asyncio.Event)

    @activity.defn(name="record_case_events")
    async def record_case_events(self, events: list[CaseEvent]) -> None:
        if self.hold:
            self.held.set()
            await self.release.wait()
        await super().record_case_events(events)


async def _writes_completed(run: Running) -> int:
    history = await run.handle.fetch_history()
    return sum(1 for e in history.events if e.event_type == EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED)


async def test_a_report_done_as_a_daily_check_is_written_stops_the_checks(temporal_dev: Client) -> None:
    fake = HeldWrites()
    queue = f"cases-{uuid.uuid4().hex[:8]}"
    case_no = f"DJ-2026-{uuid.uuid4().int % 1_000_000:06d}"
    activities = Worker(temporal_dev, task_queue=queue, activities=fake.activities())
    workflows = Worker(temporal_dev, task_queue=queue, workflows=[DisputeCaseWorkflow])
    running = [asyncio.create_task(activities.run()), asyncio.create_task(workflows.run())]
    handle = await temporal_dev.start_workflow(
        DisputeCaseWorkflow.run, case_input(case_no), id=f"case-{case_no}", task_queue=queue
    )
    run = Running(None, fake, handle)  # type: ignore[arg-type]  # a real server: no time skipping here
    try:
        report = await _order(run)
        check = await task_of(run, "daily_check")
        fake.hold = True
        await complete(handle, check, "checked")  # answered at once (v6); its write is then held
        await asyncio.wait_for(fake.held.wait(), 10)
        await workflows.shutdown()
        done_before = await _writes_completed(run)
        fake.release.set()
        for _ in range(100):  # the write's result waits in history for a workflow worker
            if await _writes_completed(run) > done_before:
                break
            await asyncio.sleep(0.1)
        reported = asyncio.create_task(complete(handle, report, "done"))
        await asyncio.sleep(1.0)  # the update reaches the server before a worker takes the task
        workflows = Worker(temporal_dev, task_queue=queue, workflows=[DisputeCaseWorkflow])
        running.append(asyncio.create_task(workflows.run()))
        await asyncio.wait_for(reported, 30)
        # The order is reported: its verification comes next, and no daily check stays open.
        await task_of(run, "rectification_verification")
        assert "daily_check" not in await open_kinds(run)
        checks = [t for t in fake.tasks.values() if t.kind == "daily_check"]
        assert len(checks) == 1 and checks[0].task_id == check
    finally:
        await handle.terminate("test over")
        await asyncio.gather(workflows.shutdown(), activities.shutdown(), return_exceptions=True)
        await asyncio.gather(*running, return_exceptions=True)

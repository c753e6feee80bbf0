"""A completion being written as its task's deadline fires wins, once (on the dev server: the
time-skipping server cannot fire a timer while the update's local activity runs). Since v6 the
update answers at once and the row is written by the next step: a row written after the deadline
still stands for a completion accepted before it."""

import asyncio
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from temporalio import activity
from temporalio.client import Client
from temporalio.worker import Worker

from contracts.tasks import TaskCompletion
from tests.workflows.fakes import FakeServices
from tests.workflows.test_case_workflow import complete
from tests.workflows.test_designated_track import case_input, task_in
from workflows.case.workflows import DisputeCaseWorkflow


@dataclass
class SlowRecording(FakeServices):
    """Holds every completion write until `release` is set."""

    release: asyncio.Event = field(default_factory=asyncio.Event)
    written_at: dict[str, datetime] = field(default_factory=dict)

    @activity.defn(name="record_task_completion")
    async def record_task_completion(self, completion: TaskCompletion) -> None:
        await self.release.wait()
        self.completions.append(completion)
        self.written_at[completion.task_id] = datetime.now(UTC)


async def test_completion_racing_the_deadline_wins_once(temporal_dev: Client) -> None:
    """On the dev server (real time; since v4 the completion is written by a local activity, which
    the time-skipping server cannot take with a timer firing during it) the 2 s deadline fires
    while the completion is still being written."""
    fake = SlowRecording(due_by_kind={"handling": timedelta(seconds=2)})
    release = fake.release
    queue = f"cases-{uuid.uuid4().hex[:8]}"
    case_no = f"DJ-2026-{uuid.uuid4().int % 1_000_000:06d}"
    async with Worker(temporal_dev, task_queue=queue, workflows=[DisputeCaseWorkflow], activities=fake.activities()):
        handle = await temporal_dev.start_workflow(
            DisputeCaseWorkflow.run, case_input(case_no), id=f"case-{case_no}-{uuid.uuid4().hex[:6]}", task_queue=queue
        )
        release.set()
        await complete(handle, await task_in(handle, "triage"), "designated")
        await complete(handle, await task_in(handle, "site_visit"), "visited")
        handling = await task_in(handle, "handling")
        release.clear()
        pending = asyncio.ensure_future(complete(handle, handling, "resolved"))
        await asyncio.sleep(4)  # past the deadline, with the completion still being written
        release.set()
        await pending
        await complete(handle, await task_in(handle, "callback"), "satisfied")
        assert await handle.result() == "CLOSED"
    assert handling not in fake.cancelled
    assert "escalated" not in fake.kinds and "task_expired" not in fake.kinds
    # The race happened: the handling completion's row was written after its deadline had passed
    # (v6: the update answered before it, the row is written by the step after).
    due = datetime.fromisoformat(fake.due_at[handling])
    assert fake.written_at[handling] > due, "the completion must be written after the handling deadline"
    assert [c.task_id for c in fake.completions].count(handling) == 1

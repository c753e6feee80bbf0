"""The subdistrict's review schedule on a real Temporal dev server (the time-skipping server has no
schedules): created once, quarterly at 09:00 Shanghai time, starting QuarterlyReviewWorkflow."""

from __future__ import annotations

import uuid

from temporalio.client import Client, ScheduleActionStartWorkflow

from contracts.review import WORKFLOW_NAME, ReviewInput, schedule_id
from workflows.review.schedule import ensure_review_schedule


async def test_one_schedule_per_subdistrict_fires_every_quarter(temporal_dev: Client) -> None:
    subdistrict = f"SD-T{uuid.uuid4().hex[:6].upper()}"
    assert await ensure_review_schedule(temporal_dev, subdistrict, "SC-T", "review-no-worker") is True
    assert await ensure_review_schedule(temporal_dev, subdistrict, "SC-T", "review-no-worker") is False
    handle = temporal_dev.get_schedule_handle(schedule_id(subdistrict))
    try:
        described = await handle.describe()
        action = described.schedule.action
        assert isinstance(action, ScheduleActionStartWorkflow) and action.workflow == WORKFLOW_NAME
        [arg] = await temporal_dev.data_converter.decode(action.args, [ReviewInput])  # type: ignore[arg-type]
        assert arg == ReviewInput(subdistrict, "SC-T")  # the quarter comes from the workflow's clock
        spec = described.schedule.spec
        assert spec.time_zone_name == "Asia/Shanghai"
        [calendar] = spec.calendars
        assert [r.start for r in calendar.month] == [3, 6, 9, 12] and calendar.hour[0].start == 9
        upcoming = [t.astimezone().isoformat() for t in described.info.next_action_times]
        assert upcoming, "the schedule has a next run"
    finally:
        await handle.delete()

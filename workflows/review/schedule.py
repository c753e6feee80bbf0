"""The Temporal Schedule that starts each subdistrict's QuarterlyReviewWorkflow.

It fires at 09:00 Shanghai time on the 1st of the last month of every quarter (March, June,
September, December): the windows stay open for two weeks, so the review closes and is published
in the quarter it judges. Created by the one-shot setup step; idempotent.
"""

from __future__ import annotations

from temporalio.client import (
    Client,
    Schedule,
    ScheduleActionStartWorkflow,
    ScheduleAlreadyRunningError,
    ScheduleCalendarSpec,
    ScheduleOverlapPolicy,
    SchedulePolicy,
    ScheduleRange,
    ScheduleSpec,
)

from contracts.review import WORKFLOW_NAME, ReviewInput, schedule_id

QUARTER_MONTHS = (3, 6, 9, 12)


def review_schedule(subdistrict_code: str, street_center_code: str, task_queue: str) -> Schedule:
    return Schedule(
        action=ScheduleActionStartWorkflow(
            WORKFLOW_NAME,
            ReviewInput(subdistrict_code=subdistrict_code, street_center_code=street_center_code),
            id=f"review-{subdistrict_code}",
            task_queue=task_queue,
        ),
        spec=ScheduleSpec(
            calendars=[
                ScheduleCalendarSpec(
                    month=[ScheduleRange(m) for m in QUARTER_MONTHS],
                    day_of_month=[ScheduleRange(1)],
                    hour=[ScheduleRange(9)],
                    minute=[ScheduleRange(0)],
                    second=[ScheduleRange(0)],
                )
            ],
            time_zone_name="Asia/Shanghai",
        ),
        # A review still waiting on its director when the next quarter fires is not started twice.
        policy=SchedulePolicy(overlap=ScheduleOverlapPolicy.SKIP),
    )


async def ensure_review_schedule(
    client: Client, subdistrict_code: str, street_center_code: str, task_queue: str
) -> bool:
    """Creates the subdistrict's schedule; False when it exists already."""
    try:
        await client.create_schedule(
            schedule_id(subdistrict_code), review_schedule(subdistrict_code, street_center_code, task_queue)
        )
    except ScheduleAlreadyRunningError:
        return False
    return True

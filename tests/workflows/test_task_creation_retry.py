"""Task creation retries on a short schedule (issue #18): after Temporal or mediation comes back,
a task reaches the inbox — and the workflow knows it created it — within seconds, not after the
minute the common retry policy backs off to."""

from __future__ import annotations

from datetime import timedelta

from tests.workflows.test_case_workflow import Running, case, open_task

__all__ = ["case"]  # the fixture this module's test uses


async def test_create_task_is_scheduled_with_a_short_timeout_and_retry(case: Running) -> None:
    await open_task(case.handle, "triage")
    history = await case.handle.fetch_history()
    scheduled = [
        e.activity_task_scheduled_event_attributes
        for e in history.events
        if e.HasField("activity_task_scheduled_event_attributes")
        # since v4 a case task is created by open_case_task, with its timeline entries
        and e.activity_task_scheduled_event_attributes.activity_type.name in ("create_task", "open_case_task")
    ]
    assert scheduled
    for attributes in scheduled:
        assert attributes.retry_policy.maximum_interval.ToTimedelta() <= timedelta(seconds=2)
        assert attributes.start_to_close_timeout.ToTimedelta() <= timedelta(seconds=10)

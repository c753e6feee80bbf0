"""A flag that tells a workflow's background step (a coroutine run beside the main one) to end.

Cancelling the asyncio task of such a step goes wrong in a workflow when the cancel finds it at an
activity whose result is there in the same workflow task. Depending on the order of that workflow
task's jobs, the SDK either returns the result and the step runs on (a main step waiting for it to
end waits for ever: an order's daily checks went on after its report, seen in a simulation run), or
raises the cancel although the activity ran (a task created in the mediation service that the
workflow never holds, left claimed after the case closed: seen in a test run under load). So where
the flag is honoured the main step does not cancel: it sets the flag and waits; the step waits on
the flag beside each of its own waits and ends at the first one after it is set, never in the
middle of an activity. Honoured only where the workflow's patch says so, so that a history
recorded before the flag existed replays as it ran (with the cancel)."""

from __future__ import annotations

import contextlib
from datetime import datetime, timedelta

from temporalio import workflow


class StopFlag:
    def __init__(self, honoured: bool) -> None:
        self._honoured = honoured
        self._set = False

    @property
    def honoured(self) -> bool:
        return self._honoured

    def set(self) -> None:
        self._set = self._honoured

    def is_set(self) -> bool:
        return self._set


async def rest_until(moment: datetime, stop: StopFlag, least: timedelta = timedelta(seconds=1)) -> None:
    """A background step's wait for `moment` (a timer of at least `least`), or (where `stop` is
    honoured) until `stop` is set, if that comes first."""
    wait = max(moment - workflow.now(), least)
    if not stop.honoured:
        await workflow.sleep(wait)
        return
    with contextlib.suppress(TimeoutError):
        await workflow.wait_condition(stop.is_set, timeout=wait)

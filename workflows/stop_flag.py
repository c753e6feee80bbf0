"""A flag that tells a workflow's background step (a coroutine run beside the main one) to end.

Cancelling the asyncio task of such a step is not enough in a workflow: a cancel that finds the task
at an activity whose result came in the same workflow task is turned into a cancel request of that
finished activity, its result is returned and the step runs on — and a main step that waits for it
to end waits for ever (seen in a simulation run: an order's daily checks went on after its report).
So the main step sets the flag, then cancels; the background step looks at the flag after each
step it awaits. Honoured only where the workflow's patch says so, so that a history recorded before
the flag existed replays as it ran."""

from __future__ import annotations


class StopFlag:
    def __init__(self, honoured: bool) -> None:
        self._honoured = honoured
        self._set = False

    def set(self) -> None:
        self._set = self._honoured

    def is_set(self) -> bool:
        return self._set

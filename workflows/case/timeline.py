"""How the case workflow writes its timeline and search attributes.

Up to v3 every timeline entry was an activity of its own and every change of state an upsert.
Since v4 (PATCH_TIMELINE_WITH_STEP) entries wait in order until the next step that calls a
service carries them in its own activity (opening a task, writing a completion, marking one
overdue, closing the case), or until the workflow is about to wait, when one record_case_events
activity writes them. Since v6 (PATCH_COMPLETION_ANSWERS_FIRST) a completion's `task_completed`
entry waits like any other, carrying the completion: the update answers at once, the caller writes
the task row from the answer, and the step that writes the entry writes the row again (a no-op
when the caller did). Search attributes are staged and upserted together, only those whose value
changed, when the workflow is about to wait. The intake service records each entry once by its
event id, so a retried activity writes nothing twice; one writer at a time keeps entries in order.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

from temporalio import workflow
from temporalio.common import SearchAttributeUpdate

with workflow.unsafe.imports_passed_through():
    from workflows.activity_options import ACTIVITY_TIMEOUT, RETRY
    from workflows.case.activities import CaseActivities, CaseEvent
    from workflows.case.patches import PATCH_COMPLETION_ANSWERS_FIRST, PATCH_TIMELINE_WITH_STEP
    from workflows.tasks.open_tasks import OpenTasksWorkflow

T = TypeVar("T")


class CaseTimeline(OpenTasksWorkflow):
    """The timeline entries and search attribute values waiting to be written, and their writing."""

    def __init__(self) -> None:
        super().__init__()
        self._history: list[str] = []  # every entry's kind, in order (the status query's)
        self._lean = False  # v4: entries and attributes go with the step that causes them
        self._answers_first = False  # v6: a completion is answered, then written by the next step
        self._waiting: list[CaseEvent] = []
        self._staged: dict[str, SearchAttributeUpdate] = {}
        self._writer = asyncio.Lock()

    def _choose_version(self) -> None:
        """Decided once, first thing in a run: a history recorded before v4 replays as it was."""
        # v6 implies v4: a new run records the one marker (each patch costs a marker and an upsert).
        self._answers_first = workflow.patched(PATCH_COMPLETION_ANSWERS_FIRST)
        self._lean = self._answers_first or workflow.patched(PATCH_TIMELINE_WITH_STEP)

    def _upsert(self, *updates: SearchAttributeUpdate) -> None:
        """Up to v3 upserts at once; since v4 stages the values for the next `_sync`."""
        if not self._lean:
            workflow.upsert_search_attributes(list(updates))
            return
        for update in updates:
            self._staged[update.key.name] = update

    def _flush_attributes(self) -> None:
        """One upsert of the staged values that differ from the workflow's current ones."""
        current = workflow.info().typed_search_attributes
        changed = [u for u in self._staged.values() if current.get(u.key) != u.value]  # type: ignore[arg-type]
        self._staged.clear()
        if changed:
            workflow.upsert_search_attributes(changed)

    async def _write(self, step: Callable[[list[CaseEvent]], Awaitable[T]]) -> T:
        """Runs `step` with the entries waiting, one writer at a time. A step makes its own
        entries inside (it is the writer then), so the timeline's order is the order the entries
        were made in, their event ids'."""
        async with self._writer:
            waiting, self._waiting = self._waiting, []
            return await step(waiting)

    async def _sync(self) -> None:
        """Before the workflow waits (v4): staged attributes upserted, waiting entries written."""
        if not self._lean:
            return
        self._flush_attributes()
        if self._waiting:
            await self._write(self._record_events)

    async def _before_wait(self) -> None:
        await self._sync()

    async def _record_events(self, entries: list[CaseEvent]) -> None:
        if entries:
            await workflow.execute_activity_method(
                CaseActivities.record_case_events, entries, start_to_close_timeout=ACTIVITY_TIMEOUT, retry_policy=RETRY
            )

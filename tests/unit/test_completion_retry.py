"""A completion sent the moment a task appears: the workflow may not hold it open yet. The
mediation service retries that refusal for a fresh task, and shows it for an old one."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest
from temporalio.client import WorkflowUpdateFailedError
from temporalio.exceptions import ApplicationError

from contracts.tasks import CompletionAccepted, TaskCompletion
from services.common.errors import PreconditionFailed, Unavailable
from services.mediation.tasks.completion import send_completion

COMPLETION = TaskCompletion("case-DJ-2026-000001-t1", "resolved_on_spot", "xiadong.caseworker", '{"note": "x"}')


class Handle:
    def __init__(self, refusals: int, reason: str) -> None:
        self.refusals, self.reason, self.calls = refusals, reason, 0

    async def execute_update(self, *args: Any, **kwargs: Any) -> CompletionAccepted:
        self.calls += 1
        if self.calls <= self.refusals:
            raise WorkflowUpdateFailedError(ApplicationError(self.reason))
        return CompletionAccepted(COMPLETION.task_id, COMPLETION.outcome, "RESOLVED")


class Client:
    def __init__(self, handle: Handle | Unreachable) -> None:
        self.handle = handle

    def get_workflow_handle(self, workflow_id: str) -> Handle | Unreachable:
        return self.handle


async def test_a_fresh_task_not_yet_open_is_retried() -> None:
    handle = Handle(2, "task case-DJ-2026-000001-t1 is not an open task of case DJ-2026-000001")
    accepted = await send_completion(Client(handle), "case-DJ-2026-000001", COMPLETION, task_age_seconds=0.1)  # type: ignore[arg-type]
    assert accepted.outcome == "resolved_on_spot" and handle.calls == 3


async def test_an_old_task_or_another_refusal_is_shown_at_once() -> None:
    old = Handle(1, "task case-DJ-2026-000001-t1 is not an open task of case DJ-2026-000001")
    with pytest.raises(PreconditionFailed, match="not an open task"):
        await send_completion(Client(old), "case-DJ-2026-000001", COMPLETION, task_age_seconds=3600)  # type: ignore[arg-type]
    assert old.calls == 1
    wrong = Handle(1, "outcome 'x' is not allowed for triage")
    with pytest.raises(PreconditionFailed, match="not allowed"):
        await send_completion(Client(wrong), "case-DJ-2026-000001", COMPLETION, task_age_seconds=0.1)  # type: ignore[arg-type]
    assert wrong.calls == 1


class Unreachable:
    """A Temporal that does not answer: the SDK keeps retrying the call on its own schedule."""

    def __init__(self) -> None:
        self.cancelled = False

    async def execute_update(self, *args: Any, **kwargs: Any) -> CompletionAccepted:
        try:
            await asyncio.sleep(3600)
        except asyncio.CancelledError:
            self.cancelled = True
            raise
        raise AssertionError("never answers")


async def test_the_whole_wait_is_bounded_even_when_the_sdk_keeps_retrying() -> None:
    """Issue #18: the caller hears "not confirmed, send it again" before the gateway's deadline,
    not a 504, however long the SDK would go on retrying an unreachable Temporal."""
    handle = Unreachable()
    started = time.monotonic()
    with pytest.raises(Unavailable, match="send the same completion again") as waited:
        await send_completion(Client(handle), "case-DJ-2026-000001", COMPLETION, wait_seconds=0.3)  # type: ignore[arg-type]
    assert time.monotonic() - started < 1.0 and handle.cancelled
    assert waited.value.details["retry_after_seconds"] == 2.0

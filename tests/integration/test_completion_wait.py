"""A completion the workflow does not confirm in time is a definite answer, not a timeout at the
gateway (issue #18): "not confirmed yet, send it again", with a retry hint; sending the same
completion again joins the first update and learns its outcome, and it is applied once."""

from __future__ import annotations

import time
import uuid

import pytest
from temporalio.client import Client
from temporalio.worker import Worker

from contracts.tasks import TaskCompletion
from services.common.errors import Unavailable
from services.mediation.tasks.completion import COMPLETION_WAIT_SECONDS, send_completion
from tests.integration.slow_completion_probe import SlowCompletionProbeWorkflow


async def test_an_unconfirmed_completion_says_retry_and_the_retry_learns_the_outcome(temporal_dev: Client) -> None:
    assert COMPLETION_WAIT_SECONDS < 15  # the gateway's deadline for the call
    queue = f"slow-{uuid.uuid4().hex[:8]}"
    async with Worker(temporal_dev, task_queue=queue, workflows=[SlowCompletionProbeWorkflow]):
        handle = await temporal_dev.start_workflow(
            SlowCompletionProbeWorkflow.run, id=f"case-slow-{uuid.uuid4().hex[:8]}", task_queue=queue
        )
        completion = TaskCompletion(task_id=f"{handle.id}-t1", outcome="resolved_on_spot", completed_by="李红")
        started = time.monotonic()
        with pytest.raises(Unavailable) as waited:
            await send_completion(temporal_dev, handle.id, completion, wait_seconds=1.0)
        assert time.monotonic() - started < 5
        assert "send the same completion again" in waited.value.message
        assert waited.value.details["retry_after_seconds"] == 2.0
        await handle.signal(SlowCompletionProbeWorkflow.release)
        accepted = await send_completion(temporal_dev, handle.id, completion, wait_seconds=5.0)
        assert (accepted.task_id, accepted.outcome) == (completion.task_id, "resolved_on_spot")
        assert await handle.result() == 1  # the retry joined the first update: applied once

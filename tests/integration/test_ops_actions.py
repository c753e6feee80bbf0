"""Ops on a real Temporal: a failing activity shows with its attempts and (decrypted) last failure,
and an admin's "retry now" runs it again before Temporal's back-off would have; terminate and the
audit entries they leave."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, cast

import pytest
import pytest_asyncio
from temporalio import activity
from temporalio.client import Client, WorkflowExecutionStatus
from temporalio.worker import Worker

from contracts.case import CaseInput
from contracts.tasks import CreatedTask, NewTask
from services.common import temporal
from services.common.db import Database
from services.common.grpc_client import CallerMetadata
from services.common.identity import Identity
from services.gateway import audit
from services.gateway import setup as gateway_setup
from services.gateway.deps import Backends
from services.gateway.errors import ApiError
from services.gateway.ops import actions, views
from services.gateway.schemas.ops import FailingPublic, RetryPublic
from services.gateway.settings import GatewaySettings
from tests.integration.conftest import DatabaseFactory, temporal_target
from tests.workflows.fakes import FakeServices
from workflows.case.workflows import DisputeCaseWorkflow

ADMIN = Identity("admin", ("admin",), ("SD-DONGJIE",), "系统管理员")


@dataclass
class FlakyServices(FakeServices):
    """Task creation fails (as a mediation outage would) and records when each attempt came."""

    attempts: list[datetime] | None = None

    @activity.defn(name="create_task")
    async def create_task(self, new: NewTask) -> CreatedTask:
        assert self.attempts is not None
        self.attempts.append(datetime.now(UTC))
        raise RuntimeError(f"UNAVAILABLE: mediation is down (call {len(self.attempts)})")


@dataclass
class Ops:
    backends: Backends
    client: Client
    services: FlakyServices
    workflow_id: str


@pytest_asyncio.fixture
async def ops(database_factory: DatabaseFactory, temporal_dev: Client) -> AsyncIterator[Ops]:
    url = await database_factory("sqlite")
    await gateway_setup.migrate(url)
    settings = GatewaySettings(database_url=url, temporal_address=temporal_target(temporal_dev))
    client = await temporal.connect(settings)
    db = Database(url)
    backends = Backends(
        settings=settings,
        db=db,
        intake=cast(Any, None),
        tasks=cast(Any, None),
        registry=cast(Any, None),
        evaluation=cast(Any, None),
        caller_metadata=CallerMetadata(settings.identity_key),
        temporal=client,
        calendar=cast(Any, None),
        liaison=cast(Any, None),
        liaison_admin=cast(Any, None),
        consultations=cast(Any, None),
        takeovers=cast(Any, None),
    )
    services = FlakyServices(attempts=[])
    queue = f"ops-{uuid.uuid4().hex[:8]}"
    case_no = f"OPS-{uuid.uuid4().hex[:8]}"
    async with Worker(client, task_queue=queue, workflows=[DisputeCaseWorkflow], activities=services.activities()):
        handle = await client.start_workflow(
            DisputeCaseWorkflow.run,
            CaseInput(case_no, "CM-DFSJ", "NB-XIADONG", "PC-DFSJ", "leak", "online"),
            id=f"case-{case_no}",
            task_queue=queue,
        )
        yield Ops(backends, client, services, handle.id)
        if (await handle.describe()).status == WorkflowExecutionStatus.RUNNING:
            await handle.terminate("test over")
    await db.dispose()


async def failing_row(ops: Ops, min_attempt: int, lead: float = 0.0) -> dict[str, Any]:
    """The workflow's failing activity once it has reached min_attempt and its next attempt is at
    least `lead` seconds away."""
    for _ in range(150):
        found = await views.failing(ops.backends)
        rows = [a for a in found["activities"] if a["workflow_id"] == ops.workflow_id]
        if rows and rows[0]["attempt"] >= min_attempt and _seconds_to_next(rows[0]) >= lead:
            FailingPublic.model_validate(found)  # the answer /api/v1/ops/failing declares
            return rows[0]
        await asyncio.sleep(0.1)
    raise AssertionError(f"no failing activity with attempt >= {min_attempt} and {lead} s to its next")


def _seconds_to_next(row: dict[str, Any]) -> float:
    if row["next_attempt_at"] is None:
        return 0.0
    return (row["next_attempt_at"].replace(tzinfo=UTC) - datetime.now(UTC)).total_seconds()


async def test_failing_activity_is_shown_and_retry_now_skips_the_backoff(ops: Ops) -> None:
    row = await failing_row(ops, 3)
    assert row["activity_type"] == "open_case_task"  # a case task opens with its timeline entries (v4)
    # The failure message is encrypted in history; the ops view decrypts it.
    assert "mediation is down" in row["last_failure"]
    assert row["next_attempt_at"] is not None and "/workflows/" in row["temporal_ui"]
    with pytest.raises(ApiError, match="reason"):
        await actions.retry_now(ops.backends, ADMIN, ops.workflow_id, " ")

    retries = await retry_within_the_backoff(ops, row)
    assert retries >= 1

    terminated = await actions.terminate(ops.backends, ADMIN, ops.workflow_id, "case filed twice")
    assert terminated["terminated"]
    description = await ops.client.get_workflow_handle(ops.workflow_id).describe()
    assert description.status == WorkflowExecutionStatus.TERMINATED
    with pytest.raises(ApiError, match="not running"):
        await actions.retry_now(ops.backends, ADMIN, ops.workflow_id, "again")

    entries = await audit.recent(ops.backends.db)
    assert [(e.action, e.target) for e in reversed(entries)] == [
        *[(audit.WORKFLOW_RETRY, ops.workflow_id)] * retries,
        (audit.WORKFLOW_TERMINATE, ops.workflow_id),
    ]
    assert '"reason":"mediation is back"' in entries[-1].detail
    assert (await audit.verify(ops.backends.db)).ok


async def retry_within_the_backoff(ops: Ops, row: dict[str, Any]) -> int:
    """Retries now and checks the activity ran before its back-off ended. Task creation backs off at
    most 2 s, so on a busy machine the call itself can outlast the back-off; such a try proves
    nothing either way and is repeated on the next attempt. Answers how many retries were asked."""
    assert ops.services.attempts is not None
    for tries in range(1, 6):
        if tries > 1 or _seconds_to_next(row) < 1.0:
            row = await failing_row(ops, 2, lead=1.0)
        next_attempt = row["next_attempt_at"].replace(tzinfo=UTC)
        calls_before = len(ops.services.attempts)
        done = await actions.retry_now(ops.backends, ADMIN, ops.workflow_id, "mediation is back")
        RetryPublic.model_validate(done)
        assert done["retried"] == [row["activity_id"]] and done["how"] == "reset_activity"
        answered_at = datetime.now(UTC)
        for _ in range(100):
            if len(ops.services.attempts) > calls_before:
                break
            await asyncio.sleep(0.05)
        assert len(ops.services.attempts) > calls_before, "retry now did not run the activity"
        # Temporal takes some milliseconds to dispatch the reset attempt: a call answered with less
        # than half a second of back-off left cannot tell the two apart.
        if answered_at < next_attempt - timedelta(seconds=0.5):
            assert ops.services.attempts[calls_before] < next_attempt, "it ran no earlier than the back-off would have"
            return tries
    raise AssertionError("the retry call never answered within a 2 s back-off in 5 tries")

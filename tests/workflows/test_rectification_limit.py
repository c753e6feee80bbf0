"""An unreported rectification order is bounded (v5): the policy's limit after the report was due
takes the order away and escalates the case, instead of a daily check every working day forever.
A case on a policy version without the limit (2026.1) keeps waiting as before."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest_asyncio
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from tests.workflows.fakes import FakeServices
from tests.workflows.test_case_workflow import Running, complete, record, wait_for
from tests.workflows.test_designated_track import case_input, finish_with_callback, open_kinds, task_of
from workflows.case.workflows import DisputeCaseWorkflow

# The fake times the limit in calendar days from the report's due time (the service: working days).
LIMIT = timedelta(days=5)


async def _start(env: WorkflowEnvironment, policy: str) -> AsyncIterator[Running]:
    fake = FakeServices(
        due_by_kind={"handling": timedelta(days=5), "rectification_report": timedelta(days=7)},
        current_policy=policy,
        due_rules={"2026.2": {"rectification_report_limit": LIMIT}},
    )
    queue = f"cases-{uuid.uuid4().hex[:8]}"
    case_no = f"DJ-2026-{uuid.uuid4().int % 1_000_000:06d}"
    async with Worker(env.client, task_queue=queue, workflows=[DisputeCaseWorkflow], activities=fake.activities()):
        handle = await env.client.start_workflow(
            DisputeCaseWorkflow.run, case_input(case_no), id=f"case-{case_no}-{uuid.uuid4().hex[:6]}", task_queue=queue
        )
        yield Running(env, fake, handle)


@pytest_asyncio.fixture
async def limited(temporal_time_skipping: WorkflowEnvironment) -> AsyncIterator[Running]:
    async for run in _start(temporal_time_skipping, "2026.2"):
        yield run


@pytest_asyncio.fixture
async def unlimited(temporal_time_skipping: WorkflowEnvironment) -> AsyncIterator[Running]:
    async for run in _start(temporal_time_skipping, "2026.1"):
        yield run


async def _order(run: Running) -> str:
    """Designated handling at the community ends in a rectification order; its report task."""
    await complete(run.handle, await task_of(run, "triage"), "designated")
    await complete(run.handle, await task_of(run, "site_visit"), "visited")
    await run.handle.execute_update(
        "complete_task",
        {
            "task_id": await task_of(run, "handling"),
            "outcome": "rectification_order",
            "completed_by": "xiadong.caseworker",
            "form_json": '{"note": "下水道堵塞", "requirements": "7日内疏通主管道"}',
        },
    )
    return await task_of(run, "rectification_report")


async def test_an_unreported_order_escalates_at_the_policy_limit(limited: Running) -> None:
    run = limited
    report = await _order(run)
    await run.env.sleep(timedelta(days=7, hours=1))  # the report is due: overdue, still open
    await wait_for(lambda: report in run.fake.overdue)
    assert "rectification_report" in await open_kinds(run)
    await run.env.sleep(LIMIT)  # the limit passes with nothing reported
    street_visit = await task_of(run, "site_visit")
    assert run.fake.tasks[street_visit].candidate_groups == ["SC-DONGJIE:street_center"]
    assert report in run.fake.cancelled
    assert "daily_check" not in await open_kinds(run) and "rectification_report" not in await open_kinds(run)
    unreported = [e for e in run.fake.events if e.kind == "rectification_unreported"]
    assert len(unreported) == 1 and unreported[0].attributes["task_id"] == report
    escalated = [e for e in run.fake.events if e.kind == "escalated"]
    assert escalated[-1].attributes["level"] == "STREET" and "not reported" in escalated[-1].attributes["reason"]
    checks = [t for t in run.fake.tasks.values() if t.kind == "daily_check"]
    assert 7 <= len(checks) <= 14  # one a day while the order was open, then no more

    await complete(run.handle, street_visit, "visited")
    await complete(run.handle, await task_of(run, "handling"), "resolved")
    await finish_with_callback(run)
    assert await run.handle.result() == "CLOSED"
    assert len([t for t in run.fake.tasks.values() if t.kind == "daily_check"]) == len(checks)
    # Daily checks run beside the report task, so the interleaving varies with timing: replayed
    # in CI, not fingerprinted (as case_v4_rectification).
    await record(run.handle, "case_v7_rectification_unreported", fingerprinted=False)


async def test_a_case_on_a_policy_without_the_limit_keeps_waiting(unlimited: Running) -> None:
    run = unlimited
    report = await _order(run)
    await run.env.sleep(timedelta(days=7, hours=1) + LIMIT + timedelta(days=2))
    await wait_for(lambda: report in run.fake.overdue)
    assert "rectification_report" in await open_kinds(run) and report not in run.fake.cancelled
    assert "rectification_unreported" not in run.fake.kinds and "escalated" not in run.fake.kinds
    await complete(run.handle, report, "done", note="已疏通")
    await complete(run.handle, await task_of(run, "rectification_verification"), "pass")
    await finish_with_callback(run)
    assert await run.handle.result() == "CLOSED"

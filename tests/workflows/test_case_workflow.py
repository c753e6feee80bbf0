"""Every path and timer of the case slice, on Temporal's time-skipping test server."""

from __future__ import annotations

import asyncio
import json
import os
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
import pytest_asyncio
from temporalio.client import WorkflowHandle, WorkflowHistory, WorkflowUpdateFailedError
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from contracts.case import STATUS_QUERY, CaseInput, CaseState, StatusPage
from contracts.tasks import COMPLETE_TASK_UPDATE, CompletionAccepted, TaskCompletion
from tests.workflows.fakes import FakeServices
from workflows.case.workflows import DisputeCaseWorkflow

HISTORIES = Path(__file__).resolve().parents[1] / "histories"


@dataclass
class Running:
    env: WorkflowEnvironment
    fake: FakeServices
    handle: WorkflowHandle[DisputeCaseWorkflow, str]


@pytest_asyncio.fixture
async def case(temporal_time_skipping: WorkflowEnvironment) -> AsyncIterator[Running]:
    env = temporal_time_skipping
    fake = FakeServices()
    queue = f"cases-{uuid.uuid4().hex[:8]}"
    case_no = f"DJ-2026-{uuid.uuid4().int % 1_000_000:06d}"
    async with Worker(env.client, task_queue=queue, workflows=[DisputeCaseWorkflow], activities=fake.activities()):
        handle = await env.client.start_workflow(
            DisputeCaseWorkflow.run,
            CaseInput(case_no, "CM-DFSJ", "NB-XIADONG", "PC-DFSJ", "leak", "online"),
            id=f"case-{case_no}-{uuid.uuid4().hex[:6]}",
            task_queue=queue,
        )
        yield Running(env, fake, handle)


async def open_task(handle: WorkflowHandle[DisputeCaseWorkflow, str], kind: str, after_step: int = 0) -> CaseState:
    """Waits until the workflow has an open task of `kind` beyond `after_step`."""
    for _ in range(200):
        state: CaseState = await handle.query(STATUS_QUERY, result_type=CaseState)
        if state.open_task_kind == kind and state.step > after_step:
            return state
        await asyncio.sleep(0.05)
    raise AssertionError(f"no open {kind} task; last state {state}")


async def complete(
    handle: WorkflowHandle[DisputeCaseWorkflow, str], task_id: str, outcome: str, note: str = "已处理"
) -> CompletionAccepted:
    return await handle.execute_update(
        COMPLETE_TASK_UPDATE,
        TaskCompletion(
            task_id=task_id, outcome=outcome, completed_by="xiadong.caseworker", form_json=f'{{"note": "{note}"}}'
        ),
        result_type=CompletionAccepted,
    )


# Command-generating events: what a change to workflow code can reorder.
_COMMAND_EVENTS = {
    "activity_task_scheduled_event_attributes": lambda a: f"activity:{a.activity_type.name}",
    "timer_started_event_attributes": lambda a: "timer",
    "timer_canceled_event_attributes": lambda a: "timer-cancel",
    "marker_recorded_event_attributes": lambda a: f"marker:{a.marker_name}",
    "upsert_workflow_search_attributes_event_attributes": lambda a: (
        "upsert:" + ",".join(sorted(a.search_attributes.indexed_fields))
    ),
    "start_child_workflow_execution_initiated_event_attributes": lambda a: f"child:{a.workflow_type.name}",
    "workflow_execution_completed_event_attributes": lambda a: "completed",
}
FINGERPRINTS = HISTORIES / "fingerprints.json"


def fingerprint(history: WorkflowHistory) -> list[str]:
    """The command order of one run: activities, timers, markers, upserts, children, completion."""
    steps = []
    for event in history.events:
        for field, describe in _COMMAND_EVENTS.items():
            if event.HasField(field):  # type: ignore[arg-type]
                steps.append(describe(getattr(event, field)))
    return steps


async def record(handle: WorkflowHandle[DisputeCaseWorkflow, str], name: str, *, fingerprinted: bool = True) -> None:
    """Checks the run's command order against its committed fingerprint: a change fails here
    unless re-recorded on purpose (`make histories`, with a workflow.patched gate). With
    FENGQIAO_RECORD_HISTORIES=1, saves the history (replayed in CI) and the fingerprint."""
    history = await handle.fetch_history()
    prints = json.loads(FINGERPRINTS.read_text()) if FINGERPRINTS.exists() else {}
    if os.environ.get("FENGQIAO_RECORD_HISTORIES"):
        (HISTORIES / f"{name}.json").write_text(history.to_json())
        index_path = HISTORIES / "workflow_ids.json"
        index = json.loads(index_path.read_text()) if index_path.exists() else {}
        index[name] = handle.id
        index_path.write_text(json.dumps(index, indent=2, sort_keys=True) + "\n")
        if fingerprinted:
            prints[name] = fingerprint(history)
        FINGERPRINTS.write_text(json.dumps(prints, indent=1, sort_keys=True) + "\n")
        return
    if not fingerprinted:
        return
    assert name in prints, f"no committed fingerprint for {name}; run `make histories`"
    assert fingerprint(history) == prints[name], (
        f"the command order of {name} changed: gate the change with workflow.patched, then `make histories`"
    )


async def wait_for(predicate: Callable[[], bool]) -> None:
    for _ in range(200):
        if predicate():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("condition not reached")


async def test_triage_resolved_on_spot_then_satisfied_callback_closes(case: Running) -> None:
    triage = await open_task(case.handle, "triage")
    assert triage.open_task_id.endswith("-t1")
    accepted = await complete(case.handle, triage.open_task_id, "resolved_on_spot", "已联系物业维修")
    assert accepted.outcome == "resolved_on_spot"
    callback = await open_task(case.handle, "callback", triage.step)
    await complete(case.handle, callback.open_task_id, "satisfied")
    assert await case.handle.result() == "CLOSED"

    assert case.fake.statuses == ["TRIAGE", "RESOLVED", "CALLBACK", "CLOSED"]
    assert case.fake.kinds == [
        "triage_started",
        "task_created",
        "task_completed",
        "reply",
        "task_created",
        "task_completed",
        "closed",
    ]
    reply = next(e for e in case.fake.events if e.kind == "reply")
    assert "已联系物业维修" in reply.summary
    triage_task = case.fake.tasks[triage.open_task_id]
    assert triage_task.deadline_policy == "first_response"
    assert triage_task.priority == 65  # handled on receipt: above the default 50 every task had
    assert triage_task.candidate_groups == ["NB-XIADONG:caseworker", "NB-XIADONG:grid_worker"]
    assert case.fake.tasks[callback.open_task_id].deadline_policy == "callback"
    assert [c.outcome for c in case.fake.completions] == ["resolved_on_spot", "satisfied"]
    assert case.fake.overdue == []
    [outcome] = case.fake.outcomes
    assert (outcome.responded_on_time, outcome.resolved, outcome.satisfaction) == (True, True, "satisfied")

    await record(case.handle, "case_v6_closed_on_the_spot")
    # v4: search attributes are upserted together and only with values that changed.
    seen: dict[str, bytes] = {}
    upserts = [
        e.upsert_workflow_search_attributes_event_attributes.search_attributes.indexed_fields
        for e in (await case.handle.fetch_history()).events
        if e.HasField("upsert_workflow_search_attributes_event_attributes")
    ]
    for fields in upserts:
        for name, payload in fields.items():
            assert seen.get(name) != payload.data, f"{name} upserted again with the same value"
            seen[name] = payload.data
    assert len(upserts) <= 4  # triage, callback, closed (+ the patch's TemporalChangeVersion)


async def test_triage_deadline_marks_the_task_overdue_and_it_stays_open(case: Running) -> None:
    triage = await open_task(case.handle, "triage")
    await case.env.sleep(timedelta(days=1, hours=1))
    await wait_for(lambda: case.fake.overdue == [triage.open_task_id])
    assert "overdue" in case.fake.kinds
    # Still the same open task: overdue work is done late, not dropped.
    assert (await open_task(case.handle, "triage")).open_task_id == triage.open_task_id
    await complete(case.handle, triage.open_task_id, "resolved_on_spot")
    callback = await open_task(case.handle, "callback", triage.step)
    await complete(case.handle, callback.open_task_id, "fairly_satisfied")
    assert await case.handle.result() == "CLOSED"
    assert case.fake.outcomes[0].responded_on_time is False
    assert case.fake.overdue == [triage.open_task_id]  # marked once, not on every wake-up
    await record(case.handle, "case_v6_triage_overdue")


async def test_callback_deadline_closes_the_case_as_unreachable(case: Running) -> None:
    triage = await open_task(case.handle, "triage")
    await complete(case.handle, triage.open_task_id, "resolved_on_spot")
    callback = await open_task(case.handle, "callback", triage.step)
    await case.env.sleep(timedelta(days=2))
    assert await case.handle.result() == "CLOSED"
    assert case.fake.cancelled == [callback.open_task_id]
    assert "unreachable" in case.fake.kinds
    assert case.fake.outcomes[0].satisfaction == "no_answer"
    assert case.fake.outcomes[0].responded_on_time is True
    await record(case.handle, "case_v6_callback_unreachable")


async def test_unsatisfied_callback_reopens_the_case(case: Running) -> None:
    triage = await open_task(case.handle, "triage")
    await complete(case.handle, triage.open_task_id, "resolved_on_spot")
    callback = await open_task(case.handle, "callback", triage.step)
    await complete(case.handle, callback.open_task_id, "unsatisfied")
    again = await open_task(case.handle, "triage", callback.step)
    assert again.open_task_id.endswith("-t3") and again.reopen_count == 1
    await complete(case.handle, again.open_task_id, "resolved_on_spot")
    callback2 = await open_task(case.handle, "callback", again.step)
    # The status query's history comes a page at a time (issue 19), newest first.
    whole = await case.handle.query(STATUS_QUERY, StatusPage(), result_type=CaseState)
    newest = await case.handle.query(STATUS_QUERY, StatusPage(limit=3), result_type=CaseState)
    earlier = await case.handle.query(
        STATUS_QUERY, StatusPage(limit=3, before=newest.history_from), result_type=CaseState
    )
    assert len(whole.history) == whole.history_total > 6 and whole.history_from == 0
    assert (newest.history, earlier.history) == (whole.history[-3:], whole.history[-6:-3])
    await complete(case.handle, callback2.open_task_id, "satisfied")
    assert await case.handle.result() == "CLOSED"
    assert case.fake.statuses == ["TRIAGE", "RESOLVED", "CALLBACK", "TRIAGE", "RESOLVED", "CALLBACK", "CLOSED"]
    assert "reopened" in case.fake.kinds
    await record(case.handle, "case_v6_reopened")


async def test_validator_refuses_wrong_task_outcome_and_anonymous(case: Running) -> None:
    triage = await open_task(case.handle, "triage")
    with pytest.raises(WorkflowUpdateFailedError) as err:
        await complete(case.handle, "case-elsewhere-t1", "resolved_on_spot")
    assert "is not an open task" in str(err.value.cause)
    with pytest.raises(WorkflowUpdateFailedError) as err:
        await complete(case.handle, triage.open_task_id, "satisfied")
    assert "not allowed for triage" in str(err.value.cause)
    with pytest.raises(WorkflowUpdateFailedError) as err:
        await case.handle.execute_update(
            COMPLETE_TASK_UPDATE,
            TaskCompletion(triage.open_task_id, "resolved_on_spot", completed_by=""),
            result_type=CompletionAccepted,
        )
    assert "must name who" in str(err.value.cause)
    # Refused before entering history: nothing recorded, the task is still open.
    assert case.fake.completions == []
    assert (await open_task(case.handle, "triage")).open_task_id == triage.open_task_id
    await case.handle.terminate("test over")

"""Every path and timer of ConsultationWorkflow (专项调) on the time-skipping server: standalone
start, the notice period, quorum failure, an objection during publicity (signal and task),
action items with their deadlines, and a case that hands triage to a council and waits."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator
from contextlib import suppress
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
import pytest_asyncio
from fengqiao.evaluation.v1 import registry_pb2
from temporalio import activity
from temporalio.client import WorkflowHandle, WorkflowUpdateFailedError
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from contracts.case import CaseInput
from contracts.consultation import (
    OBJECTION_SIGNAL,
    STATUS_QUERY,
    ConsultationInput,
    ConsultationResult,
    ConsultationState,
    CouncilSeat,
    Objection,
)
from contracts.tasks import TaskCompletion
from services.common import temporal as temporal_setup
from tests.conftest import BIN
from tests.workflows.fakes import FakeServices, complete_when_open
from tests.workflows.test_case_workflow import record
from workflows.case.workflows import DisputeCaseWorkflow
from workflows.consultation.activities import seats_from_profile
from workflows.consultation.workflows import ConsultationWorkflow

# 常平苑 as the registry's GetCommunityProfile answers it (demo seed): an owners' committee, no
# management committee, 常平物业 managing.
CPY_PROFILE = registry_pb2.GetCommunityProfileResponse(
    community=registry_pb2.Community(
        code="CM-CPY", name="常平苑", neighbourhood_code="NB-XIADONG", company_code="PC-CPY"
    ),
    bodies=[registry_pb2.Organisation(code="OC-CPY", name="常平苑业主委员会", kind="owners_committee")],
)
PRESENT = ["community_party_committee", "residents_committee", "owners_committee", "property_company"]


@activity.defn(name="council_seats")
async def council_seats(community_code: str) -> list[CouncilSeat]:
    assert community_code == "CM-CPY"
    return seats_from_profile(CPY_PROFILE)


@dataclass
class Env:
    env: WorkflowEnvironment
    fake: FakeServices
    queue: str


@pytest_asyncio.fixture(scope="module")
async def temporal_time_skipping() -> AsyncIterator[WorkflowEnvironment]:
    """This module's own time-skipping server: its many-day sleeps and cross-workflow signals
    left the shared server slow to skip time for the modules after it (Timeout expired)."""
    env = await WorkflowEnvironment.start_time_skipping(test_server_existing_path=str(BIN / "temporal-test-server"))
    try:
        await temporal_setup.register_search_attributes(env.client, env.client.namespace)
        yield env
    finally:
        await env.shutdown()


@pytest_asyncio.fixture
async def env(temporal_time_skipping: WorkflowEnvironment) -> AsyncIterator[Env]:
    fake = FakeServices(
        due_by_kind={"consultation_notice": timedelta(days=3), "publicity_objection": timedelta(days=5)}
    )
    queue = f"consult-{uuid.uuid4().hex[:8]}"
    async with Worker(
        temporal_time_skipping.client,
        task_queue=queue,
        workflows=[DisputeCaseWorkflow, ConsultationWorkflow],
        activities=[*fake.activities(), council_seats],
    ):
        try:
            yield Env(temporal_time_skipping, fake, queue)
        finally:
            # A workflow left running without its worker stops the shared time-skipping server
            # from skipping time in later tests.
            for running in {t.workflow_id for t in fake.tasks.values()}:
                with suppress(Exception):
                    await temporal_time_skipping.client.get_workflow_handle(running).terminate("test over")


async def start(e: Env) -> WorkflowHandle[Any, Any]:
    cid = f"CPY-PARKING-{uuid.uuid4().hex[:6]}"
    return await e.env.client.start_workflow(
        ConsultationWorkflow.run,
        ConsultationInput(cid, "CM-CPY", "NB-XIADONG", "PC-CPY", "SC-DONGJIE", "停车难 · parking"),
        id=f"consultation-{cid}",
        task_queue=e.queue,
    )


async def task_of(e: Env, kind: str, count: int = 1) -> str:
    for _ in range(300):
        found = [t for t in e.fake.tasks.values() if t.kind == kind]
        if len(found) >= count:
            return found[count - 1].task_id
        await asyncio.sleep(0.05)
    raise AssertionError(f"no {kind} task #{count}; tasks: {[t.kind for t in e.fake.tasks.values()]}")


async def complete(handle: WorkflowHandle[Any, Any], task_id: str, outcome: str, form: object) -> None:
    await complete_when_open(
        handle, TaskCompletion(task_id, outcome, "dongjie.center", json.dumps(form, ensure_ascii=False))
    )


async def state(handle: WorkflowHandle[Any, Any]) -> ConsultationState:
    result: ConsultationState = await handle.query(STATUS_QUERY, result_type=ConsultationState)
    return result


async def hold_meeting(e: Env, handle: WorkflowHandle[Any, Any], round_no: int, record_form: dict[str, Any]) -> None:
    notice = await task_of(e, "consultation_notice", round_no)
    meeting_at = (await e.env.get_current_time() + timedelta(days=3, hours=1)).isoformat()
    await complete(handle, notice, "recorded", {"meeting_at": meeting_at, "venue": "常平苑党群服务站"})
    await e.env.sleep(timedelta(days=3, hours=2))  # the notice period, then the meeting
    await complete(handle, await task_of(e, "meeting_record", round_no), "recorded", record_form)


def tidal(*items: dict[str, str], votes: tuple[int, int, int] = (4, 0, 0)) -> dict[str, Any]:
    return {
        "attendance": PRESENT,
        "resolution": "实行潮汐停车：夜间开放周边单位车位，白天错峰",
        "votes": dict(zip(("for", "against", "abstain"), votes, strict=True)),
        "action_items": list(items),
    }


def item(title: str, owner: str, days: int) -> dict[str, str]:
    return {"title": title, "owner": owner, "due_on": f"2099-01-{days:02d}"}


async def test_standalone_council_publicity_and_action_items_resolve(env: Env) -> None:
    handle = await start(env)
    notice = await task_of(env, "consultation_notice")
    seats = (await state(handle)).seats
    assert [s.org_code for s in seats] == ["NB-XIADONG", "NB-XIADONG", "OC-CPY", "", "PC-CPY"]
    assert env.fake.tasks[notice].candidate_groups == ["SC-DONGJIE:street_center"]
    too_soon = (await env.env.get_current_time() + timedelta(days=2)).isoformat()
    with pytest.raises(WorkflowUpdateFailedError) as err:
        await complete(handle, notice, "recorded", {"meeting_at": too_soon, "venue": "x"})
    assert "notice" in str(err.value.cause)
    await hold_meeting(
        env,
        handle,
        1,
        tidal(item("划定潮汐车位并设标识", "property_company", 20), item("业主告知与登记", "owners_committee", 25)),
    )
    assert (await state(handle)).status == "PUBLICITY"
    await env.env.sleep(timedelta(days=5, hours=1))
    company_item = await task_of(env, "action_item", 1)
    owners_item = await task_of(env, "action_item", 2)
    assert env.fake.tasks[company_item].candidate_groups == ["PC-CPY:company"]
    assert env.fake.tasks[owners_item].candidate_groups == ["NB-XIADONG:caseworker"]
    assert env.fake.tasks[company_item].due_at == "2099-01-20T18:00:00+08:00"
    await complete(handle, company_item, "done", {"note": "已划线 120 个车位"})
    await complete(handle, owners_item, "done", {"note": "已告知全体业主"})
    result: ConsultationResult = await handle.result()
    assert (result.status, result.rounds, result.action_items_done) == ("RESOLVED", 1, 2)
    assert "潮汐停车" in result.resolution
    final = await state(handle)
    assert final.quorum and final.votes == {"for": 4, "against": 0, "abstain": 0}
    assert final.history[-3:] == ["action_item_done", "action_item_done", "resolved"]
    assert "publicity_passed" in final.history
    await record(handle, "consultation_v1_resolved")


async def test_no_quorum_and_a_rejected_vote_each_call_a_new_meeting(env: Env) -> None:
    handle = await start(env)
    await hold_meeting(env, handle, 1, {**tidal(votes=(2, 0, 0)), "attendance": PRESENT[:2]})
    await hold_meeting(env, handle, 2, tidal(votes=(1, 2, 1)))
    await hold_meeting(env, handle, 3, tidal())
    current = await state(handle)
    assert (current.round, current.status) == (3, "PUBLICITY")
    assert "quorum_failed" in current.history and "resolution_rejected" in current.history
    with pytest.raises(WorkflowUpdateFailedError):
        await complete(handle, "nope", "recorded", {})
    await env.env.sleep(timedelta(days=6))
    assert (await handle.result()).rounds == 3


async def test_record_must_hold_votes_of_the_parties_present(env: Env) -> None:
    handle = await start(env)
    notice = await task_of(env, "consultation_notice")
    meeting_at = (await env.env.get_current_time() + timedelta(days=4)).isoformat()
    await complete(handle, notice, "recorded", {"meeting_at": meeting_at, "venue": "x"})
    await env.env.sleep(timedelta(days=4, hours=1))
    record_task = await task_of(env, "meeting_record")
    for bad, says in (
        (tidal(votes=(5, 0, 0)), "votes"),
        ({**tidal(), "attendance": [*PRESENT, "management_committee"]}, "no seat"),
        (tidal(item("x", "management_committee", 9)), "owner"),
    ):
        with pytest.raises(WorkflowUpdateFailedError) as err:
            await complete(handle, record_task, "recorded", bad)
        assert says in str(err.value.cause)
    await complete(handle, record_task, "recorded", tidal())
    await env.env.sleep(timedelta(days=6))
    assert (await handle.result()).status == "RESOLVED"


async def test_objections_during_publicity_send_the_resolution_back(env: Env) -> None:
    handle = await start(env)
    await hold_meeting(env, handle, 1, tidal())
    await env.env.sleep(timedelta(days=2))
    await handle.signal(OBJECTION_SIGNAL, Objection("obj-1", "resident:3-2-501", "夜间车辆噪音"))
    await handle.signal(OBJECTION_SIGNAL, Objection("obj-1", "resident:3-2-501", "夜间车辆噪音"))
    await hold_meeting(env, handle, 2, tidal())  # back to the council
    objection_task = await task_of(env, "publicity_objection", 2)
    await complete(handle, objection_task, "objection", {"reason": "白天车位不足"})
    await hold_meeting(env, handle, 3, tidal(item("增设临时车位", "residents_committee", 28)))
    await env.env.sleep(timedelta(days=5, hours=1))
    await complete(handle, await task_of(env, "action_item"), "done", {"note": "完成"})
    result = await handle.result()
    final = await state(handle)
    assert [o.objection_id for o in final.objections] == ["obj-1", final.objections[1].objection_id]
    assert (result.rounds, final.history.count("objection")) == (3, 2)
    assert len(env.fake.cancelled) >= 2  # the publicity tasks closed by the signal and the final period


async def test_an_overdue_action_item_is_marked_and_still_awaited(env: Env) -> None:
    handle = await start(env)
    now = await env.env.get_current_time()
    due_on = (now + timedelta(days=12)).date().isoformat()
    await hold_meeting(env, handle, 1, tidal({"title": "安装道闸", "owner": "property_company", "due_on": due_on}))
    await env.env.sleep(timedelta(days=5, hours=1))
    action = await task_of(env, "action_item")
    await env.env.sleep(timedelta(days=10))
    assert action in env.fake.overdue
    await complete(handle, action, "done", {"note": "道闸已安装"})
    assert (await handle.result()).action_items_done == 1
    assert "overdue:action_item" in (await state(handle)).history


async def test_a_case_triaged_to_consultation_waits_for_the_council_then_replies(env: Env) -> None:
    case_no = f"DJ-2026-{uuid.uuid4().int % 1_000_000:06d}"
    handle = await env.env.client.start_workflow(
        DisputeCaseWorkflow.run,
        CaseInput(case_no, "CM-CPY", "NB-XIADONG", "PC-CPY", "parking", "online", "SC-DONGJIE", "DC-LUZHOU"),
        id=f"case-{case_no}-{uuid.uuid4().hex[:6]}",
        task_queue=env.queue,
    )
    triage = await task_of(env, "triage")
    await complete(handle, triage, "consultation", {"note": "停车难涉及全小区"})
    child = env.env.client.get_workflow_handle(f"consultation-{case_no}-c1")
    await hold_meeting(env, child, 1, tidal(item("潮汐停车标识", "property_company", 15)))
    await env.env.sleep(timedelta(days=5, hours=1))
    await complete(child, await task_of(env, "action_item"), "done", {"note": "已完成"})
    callback = await task_of(env, "callback")
    assert "consultation_resolved" in env.fake.kinds and "consultation_started" in env.fake.kinds
    await complete(handle, callback, "satisfied", {"note": "满意"})
    assert await handle.result() == "CLOSED"
    closed = env.fake.events[-1]
    assert closed.attributes["track"] == "CONSULTATION"
    assert any("潮汐停车" in e.summary for e in env.fake.events if e.kind == "reply")
    # The child and the parent interleave with timing: replayed in CI, not fingerprinted.
    await record(handle, "case_v6_consultation_child", fingerprinted=False)


async def start_case(e: Env) -> WorkflowHandle[Any, Any]:
    case_no = f"DJ-2026-{uuid.uuid4().int % 1_000_000:06d}"
    return await e.env.client.start_workflow(
        DisputeCaseWorkflow.run,
        CaseInput(case_no, "CM-CPY", "NB-XIADONG", "PC-CPY", "parking", "online", "SC-DONGJIE", "DC-LUZHOU"),
        id=f"case-{case_no}-{uuid.uuid4().hex[:6]}",
        task_queue=e.queue,
    )


async def test_linked_cases_are_signalled_and_move_on_to_their_reply(env: Env) -> None:
    linked_at_start, joins_later, wrong = await start_case(env), await start_case(env), await start_case(env)
    cid = f"CPY-PARKING-{uuid.uuid4().hex[:6]}"
    handle = await env.env.client.start_workflow(
        ConsultationWorkflow.run,
        ConsultationInput(
            cid,
            "CM-CPY",
            "NB-XIADONG",
            "PC-CPY",
            "SC-DONGJIE",
            "停车难 · parking",
            linked_case_workflow_ids=[linked_at_start.id, "case-DJ-2026-000000-gone"],
        ),
        id=f"consultation-{cid}",
        task_queue=env.queue,
    )
    await task_of(env, "triage", 3)
    triages = {t.workflow_id: t.task_id for t in env.fake.tasks.values() if t.kind == "triage"}
    await complete(wrong, triages[wrong.id], "consultation", {"note": "停车", "consultation_id": "NO-SUCH-ONE"})
    await complete(joins_later, triages[joins_later.id], "consultation", {"note": "停车", "consultation_id": cid})
    await hold_meeting(env, handle, 1, tidal())
    await env.env.sleep(timedelta(days=5, hours=1))
    await handle.result()
    history = (await state(handle)).history
    assert f"linked_case_signalled:{linked_at_start.id}" in history
    assert f"linked_case_signalled:{joins_later.id}" in history
    assert "linked_case_unreachable:case-DJ-2026-000000-gone" in history
    # The case that joined moves on to its callback; the one linked at start does when triaged in.
    callbacks = [t for t in env.fake.tasks.values() if t.kind == "callback"]
    assert [t.workflow_id for t in callbacks] == [joins_later.id]
    # Its triage went past the deadline meanwhile, so the street center now holds it (v3).
    escalated = [t for t in env.fake.tasks.values() if t.kind == "triage" and t.workflow_id == linked_at_start.id]
    assert escalated[-1].candidate_groups == ["SC-DONGJIE:street_center"]
    await complete(linked_at_start, escalated[-1].task_id, "consultation", {"note": "停车", "consultation_id": cid})
    await task_of(env, "callback", 2)
    assert "consultation_join_refused" in [e.kind for e in env.fake.events if e.case_no in wrong.id]
    # The case whose consultation was not running went back to triage.
    assert len([t for t in env.fake.tasks.values() if t.kind == "triage" and t.workflow_id == wrong.id]) >= 2

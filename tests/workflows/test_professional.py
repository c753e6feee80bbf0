"""Every path and timer of ProfessionalMediationWorkflow (专业调) on the time-skipping server: the
panel's conflict check, sessions with the methods catalogue, an agreement confirmed by the court
(results early, replayed, from the wrong organisation), the application window lapsing, the court's
lateness and extension, an invalid ruling referred to litigation and filed (the case closes as
transferred), a refused filing, and the police settling a dispute mid-session.

Only the gRPC calls are replaced: the panel is drawn by the real roster and rule, due times come
from the real calendar and policy."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator
from contextlib import suppress
from datetime import timedelta

import pytest
import pytest_asyncio
from temporalio.client import WorkflowUpdateFailedError
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from contracts.case import CaseInput
from contracts.professional import (
    CASE_FILED,
    DECLINED,
    JC_ACCEPTED,
    JC_APPLIED,
    JC_INVALID,
    JC_VALID,
    LIAISON_RESULT_SIGNAL,
    POLICE_RESULT,
    RULING_EXTENDED,
    ProfessionalResult,
)
from contracts.tasks import COMPLETE_TASK_UPDATE, CompletionAccepted, TaskCompletion
from services.common import temporal as temporal_setup
from tests.conftest import BIN
from tests.workflows.fakes import FakeServices
from tests.workflows.professional_bench import (
    COURT_NO,
    METHODS,
    Env,
    FakeLiaison,
    agreement,
    complete,
    referral_of,
    result,
    start,
    state,
    task_of,
    wait_status,
)
from tests.workflows.test_case_workflow import record
from workflows.case.workflows import DisputeCaseWorkflow
from workflows.professional.workflows import ProfessionalMediationWorkflow


@pytest_asyncio.fixture(scope="module")
async def temporal_time_skipping() -> AsyncIterator[WorkflowEnvironment]:
    """This module's own time-skipping server: its month-long waits stay out of other modules."""
    env = await WorkflowEnvironment.start_time_skipping(test_server_existing_path=str(BIN / "temporal-test-server"))
    try:
        await temporal_setup.register_search_attributes(env.client, env.client.namespace)
        yield env
    finally:
        await env.shutdown()


@pytest_asyncio.fixture
async def env(temporal_time_skipping: WorkflowEnvironment) -> AsyncIterator[Env]:
    fake, liaison = FakeServices(due_in=timedelta(days=10)), FakeLiaison()
    queue = f"professional-{uuid.uuid4().hex[:8]}"
    async with Worker(
        temporal_time_skipping.client,
        task_queue=queue,
        workflows=[DisputeCaseWorkflow, ProfessionalMediationWorkflow],
        activities=[*fake.activities(compute_due=False), *liaison.activities()],
    ):
        try:
            yield Env(temporal_time_skipping, fake, liaison, queue)
        finally:
            for running in {t.workflow_id for t in fake.tasks.values()}:
                with suppress(Exception):
                    await temporal_time_skipping.client.get_workflow_handle(running).terminate("test over")


async def test_panel_excludes_cross_appointments_and_sessions_check_the_catalogue(env: Env) -> None:
    handle = await start(env)
    session = await task_of(env, "mediation_session")
    current = await state(handle)
    assert [m.person_id for m in current.panel] == ["M-001", "M-002", "P-003", "M-003", "M-004"]
    assert [(x.person_id, "OC-DFSJ" in x.reason) for x in current.excluded] == [("P-002", True)]
    assert env.fake.tasks[session].candidate_groups == [
        "MC-DONGJIE:mediator",
        "JS-DONGJIE:mediator",
        "JO-DONGJIE:mediator",
        "PS-DONGJIE:mediator",
    ]
    for outcome, form, message in (
        ("continue", {"record": "x", "methods": ["打一架 · fight"]}, "catalogue"),
        ("continue", {"record": "x"}, "catalogue"),
        ("agreement", {"record": "x", "methods": METHODS[:1]}, "agreement_text"),
        ("agreement", {**(await agreement(env)), "terms": []}, "terms"),
        ("agreement", {**(await agreement(env)), "terms": [{"term": "x", "due_on": "soon"}]}, "due_on"),
        ("failed", {"record": "x", "methods": METHODS[:1]}, "reason"),
        ("settled", {"record": "x", "methods": METHODS[:1]}, "not allowed"),
    ):
        with pytest.raises(WorkflowUpdateFailedError) as err:
            await complete(handle, session, outcome, form)
        assert message in str(err.value.cause)
    await complete(handle, session, "continue", {"record": "第一次调解，双方分歧较大", "methods": METHODS[5:6]})
    second = await task_of(env, "mediation_session", 2)
    assert (await state(handle)).sessions == 2
    await handle.terminate("checked")
    assert second.endswith("-t2")


async def test_agreement_confirmed_with_early_replayed_and_foreign_results(env: Env) -> None:
    handle = await start(env)
    await complete(handle, await task_of(env, "mediation_session"), "agreement", (await agreement(env)))
    rid = await referral_of(env, "judicial_confirmation")
    referral = env.liaison.referrals[rid]
    assert (referral.organisation_code, referral.agreement_text[:4]) == ("CT-LUZHOU", "楼上业主")
    await wait_status(handle, "AWAITING_APPLICATION")
    assert rid in env.liaison.notified
    # The ruling and acceptance come before the application: kept, then applied in stage order.
    await handle.signal(LIAISON_RESULT_SIGNAL, result("m-valid", rid, JC_VALID, reference_no=COURT_NO))
    await handle.signal(LIAISON_RESULT_SIGNAL, result("m-acc", rid, JC_ACCEPTED, reference_no=COURT_NO))
    for _ in range(100):  # signals are applied in the workflow's next task
        if set((await state(handle)).pending_results) == {"m-valid", "m-acc"}:
            break
        await asyncio.sleep(0.05)
    assert set((await state(handle)).pending_results) == {"m-valid", "m-acc"}
    await handle.signal(LIAISON_RESULT_SIGNAL, result("m-police", rid, JC_APPLIED, org="PS-DONGJIE"))
    await handle.signal(LIAISON_RESULT_SIGNAL, result("m-kind", rid, CASE_FILED, reference_no=COURT_NO))
    await handle.signal(LIAISON_RESULT_SIGNAL, result("m-app", rid, JC_APPLIED))
    await handle.signal(LIAISON_RESULT_SIGNAL, result("m-app", rid, JC_APPLIED))  # a replay: one effect
    await wait_status(handle, "PERFORMANCE")
    assert env.liaison.closed[rid] == "answered"
    # The term's performance date passes: the panel checks it.
    await env.env.sleep(timedelta(days=21))
    await complete(handle, await task_of(env, "performance_check"), "performed", {"note": "已修复"})
    ended: ProfessionalResult = await handle.result()
    assert (ended.outcome, ended.sessions) == ("agreement_confirmed", 1)
    history = (await state(handle)).history
    assert history.count("liaison_result") == 3
    assert history.count("liaison_result_refused") == 2
    assert history[-3:] == ["performance_performed", "ended:agreement_confirmed", "professional_ended"]
    await record(handle, "professional_v2_confirmed", fingerprinted=False)


async def test_no_application_in_the_window_leaves_the_agreement_unconfirmed(env: Env) -> None:
    handle = await start(env)
    await complete(handle, await task_of(env, "mediation_session"), "agreement", (await agreement(env, days=1)))
    rid = await referral_of(env, "judicial_confirmation")
    await env.env.sleep(timedelta(days=3))
    check = await task_of(env, "performance_check")  # the term falls due inside the window
    await env.env.sleep(timedelta(days=28))
    assert "confirmation_not_applied" in (await state(handle)).history
    assert env.liaison.closed[rid] == "closed"
    # A result after the referral closed is no longer taken (the service answers 409 before this).
    await handle.signal(LIAISON_RESULT_SIGNAL, result("late", rid, JC_APPLIED))
    await complete(handle, check, "not_performed", {"note": "未修复"})
    ended: ProfessionalResult = await handle.result()
    assert ended.outcome == "agreement"
    assert "performance_not_performed" in (await state(handle)).history


async def test_court_lateness_is_recorded_and_an_extension_moves_the_ruling_deadline(env: Env) -> None:
    handle = await start(env)
    await complete(handle, await task_of(env, "mediation_session"), "agreement", (await agreement(env)))
    rid = await referral_of(env, "judicial_confirmation")
    await handle.signal(LIAISON_RESULT_SIGNAL, result("a1", rid, JC_APPLIED))
    await wait_status(handle, "AWAITING_ACCEPTANCE")
    await env.env.sleep(timedelta(days=5))  # the court's 3 days pass: shown, not enforced
    assert (await state(handle)).history.count("court_late") == 1
    await handle.signal(LIAISON_RESULT_SIGNAL, result("a2", rid, JC_ACCEPTED, reference_no=COURT_NO))
    await wait_status(handle, "AWAITING_RULING")
    await handle.signal(
        LIAISON_RESULT_SIGNAL, result("a3", rid, JC_ACCEPTED, reference_no=COURT_NO, outcome=RULING_EXTENDED)
    )
    await env.env.sleep(timedelta(days=20))  # past 15 days, within 15 + 10
    current = await state(handle)
    assert current.history.count("court_extended") == 1 and current.history.count("court_late") == 1
    await env.env.sleep(timedelta(days=7))
    assert (await state(handle)).history.count("court_late") == 2
    await handle.terminate("checked")


async def test_invalid_ruling_goes_to_litigation_and_the_case_closes_as_transferred(env: Env) -> None:
    case_no = f"DJ-2026-{uuid.uuid4().int % 1_000_000:06d}"
    case = await env.env.client.start_workflow(
        DisputeCaseWorkflow.run,
        CaseInput(case_no, "CM-DFSJ", "NB-XIADONG", "PC-DFSJ", "neighbour", "online", "SC-DONGJIE", "DC-LUZHOU"),
        id=f"case-{case_no}",
        task_queue=env.queue,
    )
    triage = await task_of(env, "triage")
    await case.execute_update(
        COMPLETE_TASK_UPDATE,
        TaskCompletion(
            triage,
            "professional",
            "xiadong.caseworker",
            json.dumps({"note": "邻里漏水纠纷，申请专业调解", "case_type": "neighbour"}),
        ),
        result_type=CompletionAccepted,
    )
    child = env.env.client.get_workflow_handle(f"professional-{case_no}-p1")
    await complete(child, await task_of(env, "mediation_session"), "agreement", (await agreement(env)))
    rid = await referral_of(env, "judicial_confirmation")
    for message_id, kind in (("i1", JC_APPLIED), ("i2", JC_ACCEPTED), ("i3", JC_INVALID)):
        await child.signal(LIAISON_RESULT_SIGNAL, result(message_id, rid, kind, reference_no=COURT_NO))
    decision = await task_of(env, "mediation_decision")
    await complete(child, decision, "refer_litigation", {"note": "协议被裁定无效，转诉讼"})
    litigation = await referral_of(env, "litigation")
    assert env.fake.tasks[decision].track == "PROFESSIONAL"
    await child.signal(
        LIAISON_RESULT_SIGNAL, result("f1", litigation, CASE_FILED, reference_no="（2026）晋0403民初123号")
    )
    assert await case.result() == "CLOSED"
    closed = next(e for e in env.fake.events if e.kind == "closed")
    assert closed.attributes["closure"] == "transferred"
    assert closed.attributes["court_case_no"] == "（2026）晋0403民初123号"
    assert closed.attributes["track"] == "PROFESSIONAL"
    (panel,) = env.liaison.participants  # the panel's organisations now see the case
    assert panel.case_no == case_no and panel.organisation_codes[0] == "MC-DONGJIE"
    kinds = [e.kind for e in env.fake.events]
    assert "callback" not in [t.kind for t in env.fake.tasks.values()]
    assert {"panel_drawn", "panel_excluded", "agreement", "referral", "liaison_result"} <= set(kinds)
    assert kinds[-3:] == ["professional_resolved", "reply", "closed"]
    await record(case, "case_v6_professional_transferred")


async def test_failed_mediation_refused_by_the_court_can_close_unresolved(env: Env) -> None:
    handle = await start(env, case_type="group")
    session = await task_of(env, "mediation_session")
    await complete(handle, session, "failed", {"record": "x", "methods": METHODS[:1], "reason": "物业拒不让步"})
    rid = await referral_of(env, "litigation")
    assert "物业拒不让步" in env.liaison.referrals[rid].summary
    await handle.signal(LIAISON_RESULT_SIGNAL, result("d1", rid, DECLINED, reason="不属于法院受理范围"))
    await complete(handle, await task_of(env, "mediation_decision"), "close_unresolved", {"note": "告知当事人"})
    ended: ProfessionalResult = await handle.result()
    assert ended.outcome == "unresolved"
    await record(handle, "professional_v2_unresolved")


async def test_police_settle_the_dispute_during_a_session(env: Env) -> None:
    handle = await start(env, police=True)
    session = await task_of(env, "mediation_session")
    rid = await referral_of(env, "police")
    assert env.liaison.referrals[rid].organisation_code == "PS-DONGJIE"
    incident = "J1404035100002026112900012"
    await handle.signal(
        LIAISON_RESULT_SIGNAL,
        result("p1", rid, POLICE_RESULT, org="PS-DONGJIE", reference_no=incident, outcome="noted"),
    )
    await handle.signal(
        LIAISON_RESULT_SIGNAL,
        result("p2", rid, POLICE_RESULT, org="PS-DONGJIE", reference_no=incident, outcome="resolved"),
    )
    ended: ProfessionalResult = await handle.result()
    assert ended.outcome == "resolved_by_police" and incident in ended.summary
    assert session in env.fake.cancelled
    assert env.liaison.closed[rid] == "closed"


async def test_a_failing_webhook_leaves_the_pull_list(env: Env) -> None:
    env.liaison.webhook_fails = True
    handle = await start(env)
    await complete(handle, await task_of(env, "mediation_session"), "agreement", (await agreement(env)))
    rid = await referral_of(env, "judicial_confirmation")
    await env.env.sleep(timedelta(minutes=10))  # 8 attempts, 2 s doubling: about 4 minutes
    await wait_status(handle, "AWAITING_APPLICATION")
    assert env.liaison.notified.count(rid) == 8
    assert "webhook_failed" in (await state(handle)).history
    await handle.terminate("checked")


async def test_an_overdue_session_stays_open_and_an_invalid_ruling_can_go_back_to_mediation(env: Env) -> None:
    handle = await start(env)
    session = await task_of(env, "mediation_session")
    await env.env.sleep(timedelta(days=20))  # the session's 10 working days pass
    assert env.fake.overdue == [session]
    await complete(handle, session, "agreement", await agreement(env))
    rid = await referral_of(env, "judicial_confirmation")
    for message_id, kind in (("r1", JC_APPLIED), ("r2", JC_ACCEPTED), ("r3", JC_INVALID)):
        await handle.signal(LIAISON_RESULT_SIGNAL, result(message_id, rid, kind, reference_no=COURT_NO))
    decision = await task_of(env, "mediation_decision")
    await complete(handle, decision, "resume_mediation", {"note": "协议条款需调整，重新调解"})
    second = await task_of(env, "mediation_session", 2)
    assert second != session and (await state(handle)).sessions == 2
    await complete(handle, second, "agreement", await agreement(env, days=2))
    again = await referral_of(env, "judicial_confirmation", 2)
    assert again != rid and again.endswith("-2")
    await handle.terminate("checked")

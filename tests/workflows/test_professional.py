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
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import pytest_asyncio
from fengqiao.evaluation.v1 import registry_pb2
from temporalio import activity
from temporalio.client import WorkflowHandle, WorkflowUpdateFailedError
from temporalio.exceptions import ApplicationError
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
    STATUS_QUERY,
    CaseParticipants,
    Exclusion,
    LiaisonResult,
    Panel,
    PanelMember,
    PanelRequest,
    ProfessionalInput,
    ProfessionalResult,
    ProfessionalState,
    ReferralClosure,
    ReferralRequest,
)
from contracts.tasks import COMPLETE_TASK_UPDATE, CompletionAccepted, TaskCompletion
from services.common import temporal as temporal_setup
from services.mediation.calendar.domain import WorkCalendar, package_data
from services.mediation.deadlines.domain import load_policies
from services.mediation.panel.domain import Post, draw, load_methods, load_roster
from tests.conftest import BIN
from tests.workflows.fakes import FakeServices
from tests.workflows.test_case_workflow import record
from workflows.case.workflows import DisputeCaseWorkflow
from workflows.professional.activities import DueRequest, involved_posts
from workflows.professional.workflows import ProfessionalMediationWorkflow

# 东方世家 as the registry answers it (demo seed): 李淑芬 (P-002, on the roster as an elder) chairs
# its owners' committee, so she may not sit on a panel for its disputes.
DFSJ_PROFILE = registry_pb2.GetCommunityProfileResponse(
    community=registry_pb2.Community(
        code="CM-DFSJ", name="东方世家", neighbourhood_code="NB-XIADONG", company_code="PC-DFSJ"
    ),
    bodies=[
        registry_pb2.Organisation(code="OC-DFSJ", name="东方世家业主委员会", kind="owners_committee"),
        registry_pb2.Organisation(code="PB-DFSJ", name="东方世家党支部", kind="party_branch"),
    ],
    people=[
        registry_pb2.PersonPosts(
            person=registry_pb2.Person(id="P-002", name="李淑芬"),
            posts=[
                registry_pb2.Post(org_code="NB-XIADONG", org_kind="neighbourhood", post="社区党委委员"),
                registry_pb2.Post(org_code="OC-DFSJ", org_kind="owners_committee", post="主任"),
            ],
        )
    ],
)
METHODS = list(load_methods())
POLICY, CALENDAR = load_policies().select(""), WorkCalendar.compose(package_data(), {})


@dataclass
class FakeLiaison:
    referrals: dict[str, ReferralRequest] = field(default_factory=dict)
    closed: dict[str, str] = field(default_factory=dict)
    notified: list[str] = field(default_factory=list)
    webhook_fails: bool = False
    participants: list[CaseParticipants] = field(default_factory=list)

    @activity.defn(name="add_case_participants")
    async def add_case_participants(self, participants: CaseParticipants) -> None:
        self.participants.append(participants)

    @activity.defn(name="draw_panel")
    async def draw_panel(self, request: PanelRequest) -> Panel:
        assert request.community_code == "CM-DFSJ"
        orgs, posts = involved_posts(DFSJ_PROFILE)
        drawn = draw(
            load_roster(), request.case_type, orgs, [Post(p.person_id, p.org_code, p.org_kind, p.post) for p in posts]
        )
        return Panel(
            members=[PanelMember(m.person_id, m.name, m.org_code, m.role) for m in drawn.members],
            excluded=[Exclusion(e.member.person_id, e.member.name, e.reason) for e in drawn.excluded],
            methods=METHODS,
            court_code="CT-LUZHOU",
            police_station_code="PS-DONGJIE",
        )

    @activity.defn(name="compute_due")
    async def compute_due(self, request: DueRequest) -> str:
        due = POLICY.due_at(request.deadline_policy, datetime.fromisoformat(request.start), CALENDAR)
        if request.extended:
            due += timedelta(days=int(POLICY.rules[request.deadline_policy]["extension_calendar_days"]))
        return due.astimezone(UTC).isoformat()

    @activity.defn(name="create_referral")
    async def create_referral(self, request: ReferralRequest) -> None:
        self.referrals[request.referral_id] = request

    @activity.defn(name="close_referral")
    async def close_referral(self, closure: ReferralClosure) -> None:
        self.closed[closure.referral_id] = closure.status

    @activity.defn(name="notify_liaison")
    async def notify_liaison(self, referral_id: str) -> None:
        self.notified.append(referral_id)
        if self.webhook_fails:
            raise ApplicationError("liaison endpoint answered 503")

    def activities(self) -> list[object]:
        return [
            self.draw_panel,
            self.compute_due,
            self.create_referral,
            self.close_referral,
            self.notify_liaison,
            self.add_case_participants,
        ]


@dataclass
class Env:
    env: WorkflowEnvironment
    fake: FakeServices
    liaison: FakeLiaison
    queue: str


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
        activities=[*fake.activities(), *liaison.activities()],
    ):
        try:
            yield Env(temporal_time_skipping, fake, liaison, queue)
        finally:
            for running in {t.workflow_id for t in fake.tasks.values()}:
                with suppress(Exception):
                    await temporal_time_skipping.client.get_workflow_handle(running).terminate("test over")


async def start(e: Env, *, police: bool = False, case_type: str = "neighbour") -> WorkflowHandle[Any, Any]:
    mid = f"DJ-2026-{uuid.uuid4().int % 1_000_000:06d}-p1"
    return await e.env.client.start_workflow(
        ProfessionalMediationWorkflow.run,
        ProfessionalInput(
            mediation_id=mid,
            community_code="CM-DFSJ",
            neighbourhood_code="NB-XIADONG",
            company_code="PC-DFSJ",
            street_center_code="SC-DONGJIE",
            case_type=case_type,
            subject="楼上漏水 · leak from upstairs",
            involves_police=police,
        ),
        id=f"professional-{mid}",
        task_queue=e.queue,
    )


async def task_of(e: Env, kind: str, count: int = 1) -> str:
    """The `count`-th task of `kind`, once its workflow holds it open (the task row is written by
    an activity a moment before the workflow registers the task)."""
    for _ in range(300):
        found = [t for t in e.fake.tasks.values() if t.kind == kind]
        if len(found) >= count:
            task = found[count - 1]
            handle = e.env.client.get_workflow_handle(task.workflow_id)
            open_tasks = (await handle.query(STATUS_QUERY, result_type=CaseOrMediation)).open_tasks
            if any(t.startswith(task.task_id + ":") for t in open_tasks):
                return task.task_id
        await asyncio.sleep(0.05)
    raise AssertionError(f"no open {kind} task #{count}; tasks: {[t.kind for t in e.fake.tasks.values()]}")


@dataclass
class CaseOrMediation:
    """The part of both status queries (case and mediation) the tests wait on."""

    open_tasks: list[str] = field(default_factory=list)


async def referral_of(e: Env, purpose: str, count: int = 1) -> str:
    for _ in range(300):
        found = [r for r in e.liaison.referrals.values() if r.purpose == purpose]
        if len(found) >= count:
            return found[count - 1].referral_id
        await asyncio.sleep(0.05)
    raise AssertionError(f"no {purpose} referral #{count}; referrals: {list(e.liaison.referrals)}")


async def complete(handle: WorkflowHandle[Any, Any], task_id: str, outcome: str, form: dict[str, Any]) -> None:
    await handle.execute_update(
        COMPLETE_TASK_UPDATE,
        TaskCompletion(task_id, outcome, "mediator.1", json.dumps(form, ensure_ascii=False)),
        result_type=CompletionAccepted,
    )


async def state(handle: WorkflowHandle[Any, Any]) -> ProfessionalState:
    result: ProfessionalState = await handle.query(STATUS_QUERY, result_type=ProfessionalState)
    return result


async def wait_status(handle: WorkflowHandle[Any, Any], status: str) -> ProfessionalState:
    for _ in range(300):
        current = await state(handle)
        if current.status == status:
            return current
        await asyncio.sleep(0.05)
    raise AssertionError(f"status {status} not reached; last {current.status}")


async def agreement(e: Env, days: int = 20) -> dict[str, Any]:
    """An agreement whose one term is due `days` from the test clock's today."""
    due_on = (await e.env.get_current_time()).date() + timedelta(days=days)
    return {
        "record": "双方到场，调解员释法说理",
        "methods": METHODS[:2],
        "agreement_text": "楼上业主于期限内修复防水层并赔偿楼下损失 3000 元",
        "terms": [{"term": "修复防水层", "due_on": due_on.isoformat()}],
    }


def result(message_id: str, rid: str, kind: str, org: str = "CT-LUZHOU", **extra: str) -> LiaisonResult:
    return LiaisonResult(message_id=message_id, referral_id=rid, organisation_code=org, kind=kind, **extra)


COURT_NO = "（2026）晋0403民特88号"


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
    await record(handle, "professional_v1_confirmed", fingerprinted=False)


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
    await record(case, "case_v3_professional_transferred")


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
    await record(handle, "professional_v1_unresolved")


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

"""The professional mediation workflow's test bench: the registry's answer for 东方世家, a liaison
stand-in, and helpers that start a mediation, find its tasks and referrals and complete them."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from fengqiao.evaluation.v1 import registry_pb2
from temporalio import activity
from temporalio.client import WorkflowHandle
from temporalio.exceptions import ApplicationError
from temporalio.testing import WorkflowEnvironment

from contracts.professional import (
    STATUS_QUERY,
    CaseParticipants,
    Exclusion,
    LiaisonResult,
    Panel,
    PanelMember,
    PanelRequest,
    ProfessionalInput,
    ProfessionalState,
    ReferralClosure,
    ReferralRequest,
)
from contracts.tasks import COMPLETE_TASK_UPDATE, CompletionAccepted, TaskCompletion
from services.mediation.calendar.domain import WorkCalendar, package_data
from services.mediation.deadlines.domain import load_policies
from services.mediation.panel.domain import Post, draw, load_methods, load_roster
from tests.workflows.fakes import FakeServices
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

    def activities(self) -> list[Callable[..., Any]]:
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

"""Listed supervision between quarters and a takeover bundle, on the time-skipping server against
the real evaluation service: the service itself starts the workflows (ReportSeriousEvent,
StartTakeover), people complete tasks through the complete_task update."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta

import grpc
import pytest_asyncio
from fengqiao.evaluation.v1 import evaluation_pb2, evaluation_pb2_grpc, registry_pb2, registry_pb2_grpc
from temporalio.client import Client, WorkflowHandle
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from contracts.takeover import CHECKLIST, TakeoverState
from contracts.tasks import TaskCompletion
from services.common.grpc_client import CallerMetadata
from services.common.identity import Identity
from services.common.temporal import data_converter
from services.evaluation import main as evaluation_main
from services.evaluation.settings import EvaluationSettings
from tests.conftest import evaluation_with_demo
from tests.helpers import CENTER, COMPANY, IDENTITY_KEY, md
from tests.integration.conftest import PreparedDatabase, expect_status, temporal_target
from tests.workflows.fakes import complete_when_open
from tests.workflows.task_fakes import FakeTasks
from tests.workflows.test_case_workflow import record
from workflows.supervision.activities import SupervisionActivities
from workflows.supervision.workflows import SupervisionWorkflow
from workflows.takeover.activities import TakeoverActivities
from workflows.takeover.workflows import TakeoverWorkflow

SYSTEM = Identity("system:test", ("system",))


@dataclass
class Stack:
    env: WorkflowEnvironment
    tasks: FakeTasks
    evaluation: evaluation_pb2_grpc.EvaluationServiceStub
    registry: registry_pb2_grpc.RegistryServiceStub
    client: Client


@pytest_asyncio.fixture
async def stack(
    temporal_time_skipping: WorkflowEnvironment, prepared_database: PreparedDatabase
) -> AsyncIterator[Stack]:
    env = temporal_time_skipping
    url = await prepared_database("postgres", "evaluation+demo", evaluation_with_demo)
    queue = f"supervision-{uuid.uuid4().hex[:8]}"
    settings = EvaluationSettings(
        port=0,
        database_url=url,
        identity_key=IDENTITY_KEY,
        temporal_address=temporal_target(env.client),
        temporal_task_queue=queue,
    )
    running, db = await evaluation_main.start(settings)
    channel = grpc.aio.insecure_channel(f"127.0.0.1:{running.port}")
    evaluation = evaluation_pb2_grpc.EvaluationServiceStub(channel)
    registry = registry_pb2_grpc.RegistryServiceStub(channel)
    caller = CallerMetadata(IDENTITY_KEY)
    sup, takeover = SupervisionActivities(evaluation, caller), TakeoverActivities(registry, caller)
    tasks = FakeTasks()
    # The evaluation service starts workflows with the payload codec (issue #8); the worker must
    # decode with the same keys.
    client = Client(**{**env.client.config(), "data_converter": data_converter(settings)})
    async with Worker(
        client,
        task_queue=queue,
        workflows=[SupervisionWorkflow, TakeoverWorkflow],
        activities=[
            *tasks.activities(),
            sup.decide_standing_change,
            sup.publish_notice,
            sup.record_supervision,
            takeover.record_handover,
            takeover.set_management_status,
        ],
    ):
        try:
            yield Stack(env, tasks, evaluation, registry, client)
        finally:
            await tasks.stop_workflows(client)
    await channel.close()
    await running.stop()
    await db.dispose()


async def task_of(stack: Stack, kind: str, count: int = 1) -> str:
    """The id of the count-th task of `kind`, once the workflow has created it."""
    for _ in range(300):
        found = stack.tasks.of_kind(kind)
        if len(found) >= count:
            return found[count - 1].task_id
        await asyncio.sleep(0.05)
    raise AssertionError(f"no {kind} task #{count}; tasks: {list(stack.tasks.tasks)}")


async def complete(handle: WorkflowHandle[object, object], task_id: str, outcome: str, by: str, form: object) -> None:
    await complete_when_open(handle, TaskCompletion(task_id, outcome, by, json.dumps(form, ensure_ascii=False)))


async def standing(stack: Stack, company: str) -> int:
    standings = await stack.evaluation.ListStandings(evaluation_pb2.ListStandingsRequest(), metadata=md(SYSTEM))
    return next(s.standing for s in standings.standings if s.company_code == company)


async def test_a_serious_event_goes_black_after_approval_and_is_delisted_after_rectification(stack: Stack) -> None:
    request = evaluation_pb2.ReportSeriousEventRequest(
        company_code="PC-DFSJ",
        event_kind="safety_accident",
        description="电梯困人事故，救援超时",
        idempotency_key="ev-1",
    )
    await expect_status(
        stack.evaluation.ReportSeriousEvent(request, metadata=md(COMPANY)), grpc.StatusCode.PERMISSION_DENIED
    )
    await expect_status(
        stack.evaluation.ReportSeriousEvent(
            evaluation_pb2.ReportSeriousEventRequest(company_code="PC-DFSJ", event_kind="rumour", description="x"),
            metadata=md(CENTER),
        ),
        grpc.StatusCode.INVALID_ARGUMENT,
        "event_kind",
    )
    assert await standing(stack, "PC-DFSJ") == evaluation_pb2.LIST_STANDING_RED
    reported = await stack.evaluation.ReportSeriousEvent(request, metadata=md(CENTER))
    again = await stack.evaluation.ReportSeriousEvent(request, metadata=md(CENTER))
    assert (reported.replayed, again.replayed) == (False, True)
    assert reported.proposal.status == "PENDING"
    # The red standing goes at once; black waits for the director.
    assert await standing(stack, "PC-DFSJ") == evaluation_pb2.LIST_STANDING_NONE
    handle = stack.client.get_workflow_handle(reported.workflow_id)

    await complete(handle, await task_of(stack, "standing_approval"), "approve", "dongjie.center", {"note": "同意"})
    summons = await task_of(stack, "summons")
    assert await standing(stack, "PC-DFSJ") == evaluation_pb2.LIST_STANDING_BLACK
    await complete(handle, summons, "held", "dongjie.center", {"note": "已约谈总经理"})
    plan = await task_of(stack, "rectification_plan")
    assert stack.tasks.tasks[plan].candidate_groups == ["PC-DFSJ:company"]
    await complete(handle, plan, "submitted", "company.admin", {"plan": "更换电梯维保单位", "days": 20})
    await stack.env.sleep(timedelta(days=21))
    await complete(handle, await task_of(stack, "inspection"), "failed", "dongjie.center", {"note": "未完成"})
    await complete(
        handle,
        await task_of(stack, "rectification_plan", 2),
        "submitted",
        "company.admin",
        {"plan": "加装应急电源", "days": 10},
    )
    await stack.env.sleep(timedelta(days=11))
    await complete(handle, await task_of(stack, "inspection", 2), "passed", "dongjie.center", {"note": "验收合格"})
    assert await handle.result() == "DELISTED"

    assert await standing(stack, "PC-DFSJ") == evaluation_pb2.LIST_STANDING_NONE
    history = await stack.evaluation.GetStandingHistory(
        evaluation_pb2.GetStandingHistoryRequest(company_code="PC-DFSJ"), metadata=md(SYSTEM)
    )
    assert [c.source for c in history.changes if c.status == "APPLIED"][:3] == ["DELISTING", "EVENT", "EVENT"]
    [sup] = (
        await stack.evaluation.ListSupervisions(evaluation_pb2.ListSupervisionsRequest(), metadata=md(SYSTEM))
    ).supervisions
    assert (sup.status, sup.rounds, sup.plan) == ("DELISTED", 2, "加装应急电源")
    notices = await stack.evaluation.ListNotices(
        evaluation_pb2.ListNoticesRequest(company_code="PC-DFSJ"), metadata=md(SYSTEM)
    )
    assert {n.kind for n in notices.notices} == {"NOTICE", "SUMMONS"}
    await record(handle, "supervision_v1_delisted")


async def test_a_rejected_black_proposal_changes_nothing_more(stack: Stack) -> None:
    reported = await stack.evaluation.ReportSeriousEvent(
        evaluation_pb2.ReportSeriousEventRequest(
            company_code="PC-ANJU", event_kind="illegal_charging", description="多收停车费", idempotency_key="ev-2"
        ),
        metadata=md(CENTER),
    )
    handle = stack.client.get_workflow_handle(reported.workflow_id)
    await complete(handle, await task_of(stack, "standing_approval"), "reject", "dongjie.center", {"note": "证据不足"})
    assert await handle.result() == "REJECTED"
    assert await standing(stack, "PC-ANJU") == evaluation_pb2.LIST_STANDING_NONE
    history = await stack.evaluation.GetStandingHistory(
        evaluation_pb2.GetStandingHistoryRequest(company_code="PC-ANJU"), metadata=md(SYSTEM)
    )
    assert history.changes[0].status == "REJECTED" and history.changes[0].decided_by == "dongjie.center"


async def test_a_takeover_bundle_moves_old_communities_to_well_managed(stack: Stack) -> None:
    suggested = await stack.registry.SuggestTakeoverCompanies(
        registry_pb2.SuggestTakeoverCompaniesRequest(subdistrict_code="SD-DONGJIE"), metadata=md(CENTER)
    )
    codes = [c.company_code for c in suggested.companies]
    assert codes[0] == "PC-DFSJ" and suggested.companies[0].standing == "RED"  # red list first
    assert "PC-HUIFENG" not in codes  # black: never offered
    board = await stack.registry.GetTakeoverBoard(
        registry_pb2.GetTakeoverBoardRequest(subdistrict_code="SD-DONGJIE"), metadata=md(CENTER)
    )
    before = (board.unmanaged, board.taken_over, board.well_managed)
    await expect_status(
        stack.registry.StartTakeover(
            registry_pb2.StartTakeoverRequest(
                bundle_id="B-1", lead_company_code="PC-HUIFENG", community_codes=["CM-OLD-002"]
            ),
            metadata=md(CENTER),
        ),
        grpc.StatusCode.INVALID_ARGUMENT,
        "black list",
    )
    started = await stack.registry.StartTakeover(
        registry_pb2.StartTakeoverRequest(
            bundle_id="B-DFSJ-1", lead_company_code="PC-DFSJ", community_codes=["CM-OLD-002", "CM-OLD-007"]
        ),
        metadata=md(CENTER),
    )
    handle = stack.client.get_workflow_handle(started.workflow_id, result_type=TakeoverState)
    full = dict.fromkeys(CHECKLIST, True)
    first = await task_of(stack, "takeover_handover")
    await complete(handle, first, "handed_over", "company.admin", {"checklist": {**full, "archives": False}})
    # An incomplete checklist is not a handover: a fresh task for the same community.
    await complete(
        handle, await task_of(stack, "takeover_handover", 2), "handed_over", "company.admin", {"checklist": full}
    )
    await complete(
        handle, await task_of(stack, "takeover_handover", 3), "handed_over", "company.admin", {"checklist": full}
    )
    await stack.env.sleep(timedelta(days=91))
    await complete(
        handle, await task_of(stack, "takeover_acceptance"), "well_managed", "dongjie.center", {"note": "管理规范"}
    )
    result: TakeoverState = await handle.result()
    assert result.handed_over == ["CM-OLD-002", "CM-OLD-007"] and result.well_managed
    board = await stack.registry.GetTakeoverBoard(
        registry_pb2.GetTakeoverBoardRequest(subdistrict_code="SD-DONGJIE"), metadata=md(CENTER)
    )
    assert (board.unmanaged, board.well_managed) == (before[0] - 2, before[2] + 2)
    profile = await stack.registry.GetCommunityProfile(
        registry_pb2.GetCommunityProfileRequest(community_code="CM-OLD-002"), metadata=md(CENTER)
    )
    assert profile.community.company_code == "PC-DFSJ"
    assert [c.company_code for c in profile.contracts] == ["PC-DFSJ"]
    assert {b.kind for b in profile.bodies} == {"management_committee"}
    await record(handle, "takeover_v1_well_managed")

"""A full quarter of QuarterlyReviewWorkflow on the time-skipping server, against the real
evaluation service (gRPC, PostgreSQL): open the windows → evaluations by residents, peers and
departments → reminder → close → compute → the director approves → publish → supervision of the
newly black-listed company starts."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import suppress
from dataclasses import dataclass
from datetime import timedelta

import grpc
import pytest
import pytest_asyncio
from fengqiao.evaluation.v1 import evaluation_pb2, evaluation_pb2_grpc
from temporalio.client import WorkflowHandle, WorkflowUpdateFailedError
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from contracts.review import STATUS_QUERY, ReviewInput, ReviewState, ReviewSummary
from contracts.tasks import COMPLETE_TASK_UPDATE, CompletionAccepted, TaskCompletion
from services.common.grpc_client import CallerMetadata
from services.common.identity import Identity
from services.evaluation import catalogue, demo_data, demo_review
from services.evaluation import main as evaluation_main
from services.evaluation.settings import EvaluationSettings
from tests.conftest import evaluation_with_demo
from tests.helpers import IDENTITY_KEY, md
from tests.integration.conftest import PreparedDatabase, expect_status
from tests.workflows.fakes import complete_when_open
from tests.workflows.task_fakes import FakeTasks
from tests.workflows.test_case_workflow import record
from workflows.review.activities import ReviewActivities
from workflows.review.workflows import QuarterlyReviewWorkflow
from workflows.supervision.activities import SupervisionActivities
from workflows.supervision.workflows import SupervisionWorkflow

QUARTER = "2026Q4"
SYSTEM = Identity("system:test", ("system",))
# Form score per company: PC-HUIFENG is poor and lands on the black list; PC-DFSJ excels.
FORM_SCORE = {
    "PC-DFSJ": 5,
    "PC-CPY": 4,
    "PC-TAIHANG": 4,
    "PC-SHANGDANG": 4,
    "PC-ANJU": 4,
    "PC-ZHANGZE": 3,
    "PC-HUIFENG": 1,
}


@dataclass
class Quarter:
    env: WorkflowEnvironment
    tasks: FakeTasks
    evaluation: evaluation_pb2_grpc.EvaluationServiceStub
    handle: WorkflowHandle[QuarterlyReviewWorkflow, ReviewSummary]


@pytest_asyncio.fixture
async def quarter(
    temporal_time_skipping: WorkflowEnvironment, prepared_database: PreparedDatabase
) -> AsyncIterator[Quarter]:
    env = temporal_time_skipping
    url = await prepared_database("postgres", "evaluation+demo", evaluation_with_demo)
    running, db = await evaluation_main.start(EvaluationSettings(port=0, database_url=url, identity_key=IDENTITY_KEY))
    channel = grpc.aio.insecure_channel(f"127.0.0.1:{running.port}")
    stub = evaluation_pb2_grpc.EvaluationServiceStub(channel)
    caller = CallerMetadata(IDENTITY_KEY)
    review_acts, sup_acts = ReviewActivities(stub, caller), SupervisionActivities(stub, caller)
    tasks = FakeTasks()
    queue = f"review-{uuid.uuid4().hex[:8]}"
    async with Worker(
        env.client,
        task_queue=queue,
        workflows=[QuarterlyReviewWorkflow, SupervisionWorkflow],
        activities=[
            *tasks.activities(),
            review_acts.open_review,
            review_acts.remind_review,
            review_acts.close_review,
            review_acts.compute_review,
            review_acts.publish_review,
            sup_acts.decide_standing_change,
            sup_acts.publish_notice,
            sup_acts.record_supervision,
        ],
    ):
        handle = await env.client.start_workflow(
            QuarterlyReviewWorkflow.run,
            ReviewInput("SD-DONGJIE", "SC-DONGJIE", QUARTER),
            id=f"review-test-{uuid.uuid4().hex[:8]}",
            task_queue=queue,
        )
        try:
            yield Quarter(env, tasks, stub, handle)
        finally:
            children: list[str] = []
            with suppress(Exception):
                children = (await handle.query(STATUS_QUERY, result_type=ReviewState)).supervisions
            await tasks.stop_workflows(env.client, handle.id, *children)
    await channel.close()
    await running.stop()
    await db.dispose()


async def state_until(
    handle: WorkflowHandle[QuarterlyReviewWorkflow, ReviewSummary], ok: Callable[[ReviewState], bool]
) -> ReviewState:
    for _ in range(300):
        state: ReviewState = await handle.query(STATUS_QUERY, result_type=ReviewState)
        if ok(state):
            return state
        await asyncio.sleep(0.05)
    raise AssertionError(f"workflow never reached the state; last {state}")


def scores(side: str, value: int) -> dict[str, int]:
    return dict.fromkeys(catalogue.scored_by_people(side), value)


async def evaluate_everything(stub: evaluation_pb2_grpc.EvaluationServiceStub, review_id: str) -> int:
    """Residents of 12 verified households per company, every peer, two departments."""
    community_nb = {c.code: c.neighbourhood_code for c in demo_data.COMMUNITIES}
    company_of = {c.code: c.company_code for c in demo_data.COMMUNITIES}
    per_company: dict[str, int] = {}
    forms = 0
    for h in demo_review.households():
        company = company_of[h.community_code]
        if per_company.get(company, 0) >= 12:
            continue
        per_company[company] = per_company.get(company, 0) + 1
        collector = Identity("collector", ("caseworker",), (community_nb[h.community_code],))
        await stub.SubmitResidentEvaluation(
            evaluation_pb2.SubmitResidentEvaluationRequest(
                review_id=review_id, household_code=h.code, company_code=company,
                scores=scores(catalogue.RESIDENT, FORM_SCORE[company]),
            ),
            metadata=md(collector),
        )  # fmt: skip
        forms += 1
    for rater in FORM_SCORE:
        for company, value in FORM_SCORE.items():
            if rater != company:
                await stub.SubmitPeerEvaluation(
                    evaluation_pb2.SubmitPeerEvaluationRequest(
                        review_id=review_id, company_code=company, scores=scores(catalogue.PEER, value)
                    ),
                    metadata=md(Identity(f"staff.{rater.lower()}", ("company",), (rater,))),
                )
                forms += 1
    for staff, org in (("staff.hb-luzhou", "HB-LUZHOU"), ("staff.cmb-luzhou", "CMB-LUZHOU")):
        for company, value in FORM_SCORE.items():
            await stub.SubmitDepartmentEvaluation(
                evaluation_pb2.SubmitDepartmentEvaluationRequest(
                    review_id=review_id, company_code=company, scores=scores(catalogue.DEPARTMENT, value)
                ),
                metadata=md(Identity(staff, ("department",), (org,))),
            )
            forms += 1
    return forms


async def test_a_full_quarter_from_opening_the_windows_to_publication(quarter: Quarter) -> None:
    handle, stub = quarter.handle, quarter.evaluation
    opened = await state_until(handle, lambda s: s.status == "OPEN")
    review_id = opened.review_id
    assert review_id == f"SD-DONGJIE-{QUARTER}"
    forms = await evaluate_everything(stub, review_id)
    assert forms == 7 * 12 + 7 * 6 + 2 * 7

    # The rules of the windows: never oneself, one form per household, verified households only.
    await expect_status(
        stub.SubmitPeerEvaluation(
            evaluation_pb2.SubmitPeerEvaluationRequest(
                review_id=review_id, company_code="PC-DFSJ", scores=scores(catalogue.PEER, 5)
            ),
            metadata=md(Identity("staff.pc-dfsj", ("company",), ("PC-DFSJ",))),
        ),
        grpc.StatusCode.INVALID_ARGUMENT,
        "never rates itself",
    )
    first = demo_review.households()[0]
    await expect_status(
        stub.SubmitResidentEvaluation(
            evaluation_pb2.SubmitResidentEvaluationRequest(
                review_id=review_id,
                household_code=first.code,
                company_code="PC-DFSJ",
                scores=scores(catalogue.RESIDENT, 1),
            ),
            metadata=md(SYSTEM),
        ),
        grpc.StatusCode.ALREADY_EXISTS,
        "already evaluated",
    )

    # Day 7: the reminder; day 14: the windows close; then compute and the director's task.
    await quarter.env.sleep(timedelta(days=15))
    waiting = await state_until(handle, lambda s: s.open_task_id != "")
    [approval] = quarter.tasks.of_kind("review_approval")
    assert approval.candidate_groups == ["SC-DONGJIE:supervisor"] and approval.deadline_policy == "review_approval"
    assert waiting.status == "COMPUTED" and waiting.computations == 1
    await expect_status(
        stub.SubmitDepartmentEvaluation(
            evaluation_pb2.SubmitDepartmentEvaluationRequest(
                review_id=review_id, company_code="PC-CPY", scores=scores(catalogue.DEPARTMENT, 5)
            ),
            metadata=md(Identity("staff.msb-luzhou", ("department",), ("MSB-LUZHOU",))),
        ),
        grpc.StatusCode.FAILED_PRECONDITION,
        "closed",
    )
    notices = await stub.ListNotices(evaluation_pb2.ListNoticesRequest(), metadata=md(SYSTEM))
    assert f"{review_id}-reminder" in {n.id for n in notices.notices}
    # Before publication a company sees only its own score.
    own = await stub.ListCompanyScores(
        evaluation_pb2.ListCompanyScoresRequest(review_id=review_id),
        metadata=md(Identity("company.admin", ("company",), ("PC-DFSJ",))),
    )
    assert [s.company_code for s in own.scores] == ["PC-DFSJ"]

    with pytest.raises(WorkflowUpdateFailedError):
        await handle.execute_update(
            COMPLETE_TASK_UPDATE,
            TaskCompletion(approval.task_id, "publish_anyway", "dongjie.center", '{"note": "x"}'),
            result_type=CompletionAccepted,
        )
    await complete_when_open(
        handle, TaskCompletion(approval.task_id, "approve", "dongjie.center", '{"note": "同意发布"}')
    )
    summary = await handle.result()
    assert summary.companies == 7 and summary.approved_by == "dongjie.center"
    assert summary.black >= 1 and summary.red >= 1

    board = await stub.ListCompanyScores(
        evaluation_pb2.ListCompanyScoresRequest(review_id=review_id), metadata=md(Identity("public:board", ("public",)))
    )
    assert board.review.status == "PUBLISHED" and board.review.approved_by == "dongjie.center"
    by_code = {s.company_code: s for s in board.scores}
    assert by_code["PC-DFSJ"].rank == 1 and by_code["PC-DFSJ"].standing == evaluation_pb2.LIST_STANDING_RED
    assert by_code["PC-DFSJ"].stars == 5
    huifeng = by_code["PC-HUIFENG"]
    assert huifeng.standing == evaluation_pb2.LIST_STANDING_BLACK and huifeng.stars == 1
    assert huifeng.grade == "FAIL" and len(huifeng.weakest) == 3 and "薄弱项" in huifeng.assessment
    # PC-HUIFENG was black already (the demo 2026Q3 publication), so it is not newly black; PC-ZHANGZE is.
    history = await stub.GetStandingHistory(
        evaluation_pb2.GetStandingHistoryRequest(company_code="PC-ZHANGZE"), metadata=md(SYSTEM)
    )
    assert [c.review_id for c in history.changes][:2] == [review_id, demo_review.DEMO_REVIEW_ID]

    # Every newly black company is under listed supervision: notice published, summons task open.
    assert summary.supervisions
    for _ in range(200):
        sups = await stub.ListSupervisions(evaluation_pb2.ListSupervisionsRequest(), metadata=md(SYSTEM))
        if len(sups.supervisions) == len(summary.supervisions) and all(
            s.status == "SUMMONS" for s in sups.supervisions
        ):
            break
        await asyncio.sleep(0.05)
    assert {s.status for s in sups.supervisions} == {"SUMMONS"}
    for _ in range(200):  # the summons task follows the SUMMONS record
        if quarter.tasks.of_kind("summons"):
            break
        await asyncio.sleep(0.05)
    assert [t.candidate_groups for t in quarter.tasks.of_kind("summons")] == [["SC-DONGJIE:street_center"]]
    await record(handle, "review_v1_published")

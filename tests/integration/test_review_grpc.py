"""The review, list and 共同管 parts of the evaluation service's gRPC API, on SQLite and PostgreSQL,
over the seeded Dongjie demo (a published 2026Q3 review)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import grpc
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from fengqiao.evaluation.v1 import evaluation_pb2, registry_pb2
from openpyxl import load_workbook
from sqlalchemy import create_engine

from services.common.identity import Identity
from services.common.migrations import upgrade
from services.evaluation import catalogue, demo_review, models
from services.evaluation.models import metadata
from tests.helpers import CASEWORKER, CENTER, COMPANY, OTHER_CASEWORKER, SYSTEM, md
from tests.integration.conftest import Evaluation, expect_status

PUBLIC = Identity("public:board", ("public",))
Q3 = demo_review.DEMO_REVIEW_ID


async def test_catalogue_and_weights_of_a_quarter(evaluation: Evaluation) -> None:
    cat = await evaluation.evaluation.GetCatalogue(
        evaluation_pb2.GetCatalogueRequest(quarter="2026Q4"), metadata=md(PUBLIC)
    )
    sides = [a.side for a in cat.aspects]
    assert (sides.count(evaluation_pb2.SIDE_RESIDENT), sides.count(evaluation_pb2.SIDE_PEER)) == (10, 12)
    assert sides.count(evaluation_pb2.SIDE_DEPARTMENT) == 18 and sum(a.from_case_facts for a in cat.aspects) == 5
    assert cat.weights_version == "2026.1" and cat.min_sample["RESIDENT"] == 10
    await expect_status(
        evaluation.evaluation.GetCatalogue(evaluation_pb2.GetCatalogueRequest(quarter="Q4"), metadata=md(PUBLIC)),
        grpc.StatusCode.INVALID_ARGUMENT,
        "quarter",
    )


async def test_the_published_demo_review_is_public_ranked_and_exportable(evaluation: Evaluation) -> None:
    board = await evaluation.evaluation.ListCompanyScores(
        evaluation_pb2.ListCompanyScoresRequest(review_id=Q3), metadata=md(PUBLIC)
    )
    assert board.review.status == "PUBLISHED" and len(board.scores) == 7
    # Its true form count (40 resident forms per company, 7 × 6 peer, 4 × 7 department) and a
    # forms window that is the quarter, not an instant.
    assert board.review.evaluations == len(demo_review.forms()) == 338
    assert board.review.opened_at.ToDatetime() < board.review.closes_at.ToDatetime()
    assert board.review.closes_at.ToDatetime().isoformat() == "2026-09-30T16:00:00"
    assert [s.rank for s in board.scores] == sorted(s.rank for s in board.scores)
    top, bottom = board.scores[0], board.scores[-1]
    assert (top.company_code, top.standing, top.stars) == ("PC-DFSJ", evaluation_pb2.LIST_STANDING_RED, 5)
    assert (bottom.company_code, bottom.standing) == ("PC-HUIFENG", evaluation_pb2.LIST_STANDING_BLACK)
    assert bottom.cases == 25 and bottom.satisfaction_rate < 0.5 and bottom.weakest
    assert len(top.aspects) == 40
    exported = await evaluation.evaluation.ExportReview(
        evaluation_pb2.ExportReviewRequest(review_id=Q3), metadata=md(PUBLIC)
    )
    book = load_workbook(io.BytesIO(exported.xlsx))
    assert book.sheetnames == ["综合得分", "红黑榜", "分项得分"]
    assert book["综合得分"]["B3"].value == "PC-DFSJ" and book["综合得分"].max_row == 9
    assert book["红黑榜"].max_row == 8 and book["分项得分"].max_row == 1 + 7 * 40
    standings = await evaluation.evaluation.ListStandings(evaluation_pb2.ListStandingsRequest(), metadata=md(PUBLIC))
    assert {s.company_code: s.standing for s in standings.standings}["PC-HUIFENG"] == evaluation_pb2.LIST_STANDING_BLACK


async def test_review_steps_belong_to_the_workflow(evaluation: Evaluation) -> None:
    await expect_status(
        evaluation.evaluation.OpenReview(
            evaluation_pb2.OpenReviewRequest(subdistrict_code="SD-DONGJIE", quarter="2026Q4"), metadata=md(CENTER)
        ),
        grpc.StatusCode.PERMISSION_DENIED,
    )
    await expect_status(
        evaluation.evaluation.PublishReview(
            evaluation_pb2.PublishReviewRequest(review_id=Q3, approved_by="x"), metadata=md(CENTER)
        ),
        grpc.StatusCode.PERMISSION_DENIED,
    )
    await expect_status(
        evaluation.evaluation.ComputeReview(evaluation_pb2.ComputeReviewRequest(review_id=Q3), metadata=md(SYSTEM)),
        grpc.StatusCode.FAILED_PRECONDITION,
        "PUBLISHED",
    )
    opened = await evaluation.evaluation.OpenReview(
        evaluation_pb2.OpenReviewRequest(subdistrict_code="SD-DONGJIE", quarter="2026Q4"), metadata=md(SYSTEM)
    )
    again = await evaluation.evaluation.OpenReview(
        evaluation_pb2.OpenReviewRequest(subdistrict_code="SD-DONGJIE", quarter="2026Q4"), metadata=md(SYSTEM)
    )
    assert (opened.replayed, again.replayed, opened.review.status) == (False, True, "OPEN")
    await expect_status(
        evaluation.evaluation.ListCompanyScores(
            evaluation_pb2.ListCompanyScoresRequest(review_id=opened.review.id), metadata=md(PUBLIC)
        ),
        grpc.StatusCode.PERMISSION_DENIED,
    )


async def test_resident_forms_come_from_verified_households_through_their_neighbourhood(evaluation: Evaluation) -> None:
    review = (
        await evaluation.evaluation.OpenReview(
            evaluation_pb2.OpenReviewRequest(subdistrict_code="SD-DONGJIE", quarter="2026Q4"), metadata=md(SYSTEM)
        )
    ).review
    scores = dict.fromkeys(catalogue.scored_by_people(catalogue.RESIDENT), 4)
    household = next(h for h in demo_review.households() if h.community_code == "CM-DFSJ")

    def form(company: str = "PC-DFSJ", code: str = household.code) -> evaluation_pb2.SubmitResidentEvaluationRequest:
        return evaluation_pb2.SubmitResidentEvaluationRequest(
            review_id=review.id, household_code=code, company_code=company, scores=scores
        )

    await expect_status(
        evaluation.evaluation.SubmitResidentEvaluation(form(), metadata=md(OTHER_CASEWORKER)),
        grpc.StatusCode.PERMISSION_DENIED,
    )
    await expect_status(
        evaluation.evaluation.SubmitResidentEvaluation(form("PC-CPY"), metadata=md(CASEWORKER)),
        grpc.StatusCode.INVALID_ARGUMENT,
        "managed by PC-DFSJ",
    )
    first = await evaluation.evaluation.SubmitResidentEvaluation(form(), metadata=md(CASEWORKER))
    again = await evaluation.evaluation.SubmitResidentEvaluation(form(), metadata=md(CASEWORKER))
    assert (first.replayed, again.replayed) == (False, True)
    bad = evaluation_pb2.SubmitResidentEvaluationRequest(
        review_id=review.id, household_code=household.code, company_code="PC-DFSJ", scores={**scores, "attitude": 9}
    )
    await expect_status(
        evaluation.evaluation.SubmitResidentEvaluation(bad, metadata=md(CASEWORKER)),
        grpc.StatusCode.INVALID_ARGUMENT,
        "1–5",
    )
    await expect_status(
        evaluation.evaluation.SubmitPeerEvaluation(
            evaluation_pb2.SubmitPeerEvaluationRequest(
                review_id=review.id,
                company_code="PC-CPY",
                scores=dict.fromkeys(catalogue.scored_by_people(catalogue.PEER), 4),
            ),
            metadata=md(CASEWORKER),
        ),
        grpc.StatusCode.PERMISSION_DENIED,
    )
    await expect_status(
        evaluation.evaluation.SubmitDepartmentEvaluation(
            evaluation_pb2.SubmitDepartmentEvaluationRequest(review_id=review.id, company_code="PC-CPY", scores={}),
            metadata=md(COMPANY),
        ),
        grpc.StatusCode.PERMISSION_DENIED,
    )
    got = await evaluation.evaluation.GetReview(
        evaluation_pb2.GetReviewRequest(review_id=review.id), metadata=md(CENTER)
    )
    assert got.review.evaluations == 1


async def test_registry_profiles_cross_appointments_and_household_verification(evaluation: Evaluation) -> None:
    profile = await evaluation.registry.GetCommunityProfile(
        registry_pb2.GetCommunityProfileRequest(community_code="CM-DFSJ"), metadata=md(CASEWORKER)
    )
    assert {b.kind for b in profile.bodies} == {"owners_committee", "party_branch"}
    assert [c.company_code for c in profile.contracts] == ["PC-DFSJ"] and profile.verified_households > 0
    assert {p.person.name for p in profile.people} >= {"王建国", "李淑芬"}
    cross = await evaluation.registry.ListCrossAppointments(
        registry_pb2.ListCrossAppointmentsRequest(org_code="OC-DFSJ"), metadata=md(CASEWORKER)
    )
    assert {p.person.id for p in cross.people} == {"P-001", "P-002"}
    assert all(len(p.posts) >= 2 for p in cross.people)
    household = demo_review.households()[0]
    await expect_status(
        evaluation.registry.VerifyHousehold(
            registry_pb2.VerifyHouseholdRequest(household_code=household.code), metadata=md(OTHER_CASEWORKER)
        ),
        grpc.StatusCode.PERMISSION_DENIED,
    )
    done = await evaluation.registry.VerifyHousehold(
        registry_pb2.VerifyHouseholdRequest(household_code=household.code), metadata=md(CASEWORKER)
    )
    assert done.verified
    board = await evaluation.registry.GetTakeoverBoard(
        registry_pb2.GetTakeoverBoardRequest(subdistrict_code="SD-DONGJIE"), metadata=md(CENTER)
    )
    assert board.unmanaged + board.taken_over + board.well_managed == 76 == len(board.communities)


def test_the_migrations_match_the_models(tmp_path: Path) -> None:
    """A column the models and migrations disagree on (a length, say) fails only on PostgreSQL."""
    db = tmp_path / "evaluation.db"
    upgrade("evaluation", f"sqlite+aiosqlite:///{db}")
    with create_engine(f"sqlite:///{db}").connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), metadata)
    # SQLModel.metadata is shared by every service imported in this session: keep this service's tables.
    ours = {t.__tablename__ for t in vars(models).values() if isinstance(t, type) and hasattr(t, "__table__")}

    def table_of(d: Any) -> str:
        change = d[0] if isinstance(d, list) else d
        return str(change[1].name if hasattr(change[1], "name") else change[2])

    assert [d for d in diff if table_of(d) in ours] == []

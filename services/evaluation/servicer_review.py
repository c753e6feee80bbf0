"""The gRPC edge of the quarterly review: windows, submissions, computing, publishing, reading."""

from __future__ import annotations

import asyncio
import json
import re
from datetime import timedelta

from fengqiao.evaluation.v1 import evaluation_pb2
from grpc import aio
from sqlmodel import col, select

from contracts import review as review_contract
from contracts.review import quarter_of
from services.common import scope
from services.common.clock import as_utc, utcnow
from services.common.errors import Conflict, InvalidInput, NotFound, PermissionDenied, PreconditionFailed
from services.common.grpc_server import current_identity, require_role
from services.common.messages import message_from
from services.evaluation import catalogue, compute, export, policy, quarters, repository, review_store
from services.evaluation.domain import Form, check_scores, evaluation_id
from services.evaluation.models import (
    Evaluation,
    EvaluationScore,
    Notice,
    Organisation,
    Review,
    StandingChange,
)
from services.evaluation.pb import SIDE_PB, change_pb, review_pb, score_pb
from services.evaluation.servicer_base import ServicerBase

# Who reads every company's results before publication (and the whole board after).
REVIEW_WIDE = (scope.STREET_CENTER, scope.DISTRICT_CENTER, scope.SUPERVISOR, scope.OPS, scope.ADMIN, scope.SYSTEM)
DEPARTMENT_RATERS = (scope.DEPARTMENT, scope.STREET_CENTER, scope.DISTRICT_CENTER)
RESIDENT_COLLECTORS = (scope.CASEWORKER, scope.GRID_WORKER)
QUARTER = re.compile(r"20[0-9]{2}Q[1-4]")


def _require_system(what: str) -> None:
    require_role(scope.SYSTEM, denied=f"only the quarterly review workflow may {what}")


class ReviewMethods(ServicerBase):
    async def _review(self, review_id: str) -> Review:
        async with self.db.session() as session:
            return await review_store.review(session, review_id)

    async def GetCatalogue(
        self, request: evaluation_pb2.GetCatalogueRequest, context: aio.ServicerContext
    ) -> evaluation_pb2.GetCatalogueResponse:
        weights = policy.weights_for(request.quarter or quarter_of(utcnow()))
        return evaluation_pb2.GetCatalogueResponse(
            weights_version=weights.version,
            aspects=[
                evaluation_pb2.Aspect(
                    code=a.code,
                    name=a.name,
                    side=SIDE_PB[side],
                    weight=weights.aspect_weight(a.code),
                    from_case_facts=a.code in catalogue.CASE_FACT_ASPECTS,
                )
                for side, aspects in catalogue.CATALOGUES.items()
                for a in aspects
            ],
            resident_weight=weights.sides[catalogue.RESIDENT],
            peer_weight=weights.sides[catalogue.PEER],
            department_weight=weights.sides[catalogue.DEPARTMENT],
            min_sample=weights.min_sample,
            trim_fraction=weights.trim_fraction,
        )

    async def OpenReview(
        self, request: evaluation_pb2.OpenReviewRequest, context: aio.ServicerContext
    ) -> evaluation_pb2.OpenReviewResponse:
        require_role(scope.SYSTEM, scope.ADMIN, denied="reviews are opened by the subdistrict's quarterly schedule")
        quarters.parse(request.quarter)
        review_id = f"{request.subdistrict_code}-{request.quarter}"
        now = utcnow()
        closes_at = (
            as_utc(request.closes_at.ToDatetime()) if request.HasField("closes_at") else now + timedelta(days=14)
        )
        async with self.db.session() as session:
            sub = await session.get(Organisation, request.subdistrict_code)
            if sub is None or sub.kind != "subdistrict":
                raise NotFound(f"no subdistrict {request.subdistrict_code!r}", field="subdistrict_code")
            existing = await session.get(Review, review_id)
            if existing is not None:
                return evaluation_pb2.OpenReviewResponse(review=review_pb(existing), replayed=True)
            review = Review(
                id=review_id,
                subdistrict_code=request.subdistrict_code,
                quarter=request.quarter,
                status="OPEN",
                weights_version=policy.weights_for(request.quarter).version,
                opened_at=now,
                closes_at=closes_at,
            )
            session.add(review)
        return evaluation_pb2.OpenReviewResponse(review=review_pb(review), replayed=False)

    async def StartReview(
        self, request: evaluation_pb2.StartReviewRequest, context: aio.ServicerContext
    ) -> evaluation_pb2.StartReviewResponse:
        """Starts the quarter's review workflow now, as the schedule would on its day."""
        require_role(scope.STREET_CENTER, scope.ADMIN, denied="reviews are opened by the street centre")
        quarter = request.quarter or quarter_of(utcnow())
        if not QUARTER.fullmatch(quarter):
            raise InvalidInput(f"quarter {quarter!r} is not like 2026Q4", field="quarter")
        policy.weights_for(quarter)  # a quarter no weights version covers is refused now, not in the workflow
        if request.window_seconds < 0 or request.remind_after_seconds < 0:
            raise InvalidInput("window and reminder seconds are ≥ 0", field="window_seconds")
        if request.remind_after_seconds > request.window_seconds > 0:
            raise InvalidInput("the reminder comes before the windows close", field="remind_after_seconds")
        async with self.db.session() as session:
            center = (
                await session.exec(
                    select(Organisation.code).where(
                        Organisation.kind == "street_center", Organisation.parent_code == request.subdistrict_code
                    )
                )
            ).first()
        if center is None:
            raise NotFound(f"no street centre in {request.subdistrict_code!r}", field="subdistrict_code")
        workflow_id = review_contract.workflow_id(request.subdistrict_code, quarter)
        started = await self.workflows.start(
            review_contract.WORKFLOW_NAME,
            review_contract.ReviewInput(
                request.subdistrict_code,
                center,
                quarter,
                window_seconds=request.window_seconds,
                remind_after_seconds=request.remind_after_seconds,
            ),
            workflow_id,
        )
        return evaluation_pb2.StartReviewResponse(
            workflow_id=workflow_id, review_id=f"{request.subdistrict_code}-{quarter}", started=started
        )

    async def GetReview(
        self, request: evaluation_pb2.GetReviewRequest, context: aio.ServicerContext
    ) -> evaluation_pb2.GetReviewResponse:
        review = await self._review(request.review_id)
        async with self.db.session() as session:
            counts = await review_store.evaluation_counts(session, review.id)
        return evaluation_pb2.GetReviewResponse(review=review_pb(review, counts))

    async def ListReviews(
        self, request: evaluation_pb2.ListReviewsRequest, context: aio.ServicerContext
    ) -> evaluation_pb2.ListReviewsResponse:
        """Open reviews are for the centres; everyone else (the public board too) sees published ones."""
        published_only = request.published_only or not current_identity().has_role(*REVIEW_WIDE)
        stmt = select(Review).order_by(col(Review.quarter).desc())
        if request.subdistrict_code:
            stmt = stmt.where(Review.subdistrict_code == request.subdistrict_code)
        if published_only:
            stmt = stmt.where(Review.status == "PUBLISHED")
        reviews = await self.db.fetch_all(stmt)
        return evaluation_pb2.ListReviewsResponse(reviews=[review_pb(r) for r in reviews])

    async def RemindReview(
        self, request: evaluation_pb2.RemindReviewRequest, context: aio.ServicerContext
    ) -> evaluation_pb2.RemindReviewResponse:
        _require_system("send reminders")
        review = await self._review(request.review_id)
        now = utcnow()
        async with self.db.session() as session:
            counts = await review_store.evaluation_counts(session, review.id)
            notice_id = f"{review.id}-reminder"
            if await session.get(Notice, notice_id) is None:
                session.add(
                    Notice(
                        id=notice_id,
                        kind="REMINDER",
                        subdistrict_code=review.subdistrict_code,
                        title=f"{review.quarter}物业服务三评即将截止",
                        body=f"评价窗口将于{review.closes_at:%Y-%m-%d}关闭，请尚未评价的住户、物业企业和部门及时评价。",
                        published_at=now,
                    )
                )
                review.reminded_at = now
                session.add(review)
        return evaluation_pb2.RemindReviewResponse(
            resident_evaluations=counts.get(catalogue.RESIDENT, 0),
            peer_evaluations=counts.get(catalogue.PEER, 0),
            department_evaluations=counts.get(catalogue.DEPARTMENT, 0),
        )

    async def CloseReview(
        self, request: evaluation_pb2.CloseReviewRequest, context: aio.ServicerContext
    ) -> evaluation_pb2.CloseReviewResponse:
        _require_system("close the evaluation windows")
        async with self.db.session() as session:
            review = await review_store.review(session, request.review_id)
            if review.status == "OPEN":
                review.status, review.closed_at = "CLOSED", utcnow()
                session.add(review)
        return evaluation_pb2.CloseReviewResponse(review=review_pb(review))

    async def ComputeReview(
        self, request: evaluation_pb2.ComputeReviewRequest, context: aio.ServicerContext
    ) -> evaluation_pb2.ComputeReviewResponse:
        require_role(
            scope.SYSTEM, scope.STREET_CENTER, denied="reviews are computed by the review workflow or the street centre"
        )
        async with self.db.session() as session:
            review = await review_store.review(session, request.review_id)
            if review.status not in ("CLOSED", "COMPUTED"):
                raise PreconditionFailed(f"review {review.id} is {review.status}; only a closed review is computed")
            summary = await compute.compute(session, review)
            review.status, review.computed_at = "COMPUTED", utcnow()
            session.add(review)
        return message_from(evaluation_pb2.ComputeReviewResponse, summary, review=review_pb(review))

    async def PublishReview(
        self, request: evaluation_pb2.PublishReviewRequest, context: aio.ServicerContext
    ) -> evaluation_pb2.PublishReviewResponse:
        _require_system("publish a review (after the director's approval)")
        if not request.approved_by:
            raise InvalidInput("approved_by is required: a director approves every publication", field="approved_by")
        async with self.db.session() as session:
            review = await review_store.review(session, request.review_id)
            if review.status == "PUBLISHED":  # a retried activity: answer as the first time
                stmt = select(StandingChange).where(
                    StandingChange.review_id == review.id,
                    StandingChange.standing == "BLACK",
                    StandingChange.previous != "BLACK",
                )
                changes = list((await session.exec(stmt)).all())
            elif review.status != "COMPUTED":
                raise PreconditionFailed(f"review {review.id} is {review.status}; compute it before publishing")
            else:
                changes = await compute.publish(session, review, request.approved_by, utcnow())
        return evaluation_pb2.PublishReviewResponse(
            review=review_pb(review), newly_black=[change_pb(c) for c in changes]
        )

    async def _submit(
        self, review_id: str, side: str, company_code: str, rater: str, scores: dict[str, int], comment: str
    ) -> tuple[str, bool]:
        identity = current_identity()
        check_scores(side, scores)
        if len(comment) > 1000:
            raise InvalidInput("comment is longer than 1000 characters", field="comment")
        form = Form(
            evaluation_id(review_id, side, rater, company_code), side, company_code, rater, identity.subject, scores
        )
        fingerprint = json.dumps(sorted(scores.items()))
        async with self.db.session() as session:
            review = await review_store.review(session, review_id)
            if review.status != "OPEN":
                raise PreconditionFailed(f"the evaluation windows of {review.quarter} are closed")
            company = await session.get(Organisation, company_code)
            if company is None or company.kind != "property_company" or company.parent_code != review.subdistrict_code:
                raise NotFound(
                    f"no property company {company_code!r} in {review.subdistrict_code}", field="company_code"
                )
            existing = await session.get(Evaluation, form.evaluation_id)
            if existing is not None:
                stmt = select(EvaluationScore.aspect, EvaluationScore.score).where(
                    EvaluationScore.evaluation_id == form.evaluation_id
                )
                before = json.dumps(sorted((a, int(s)) for a, s in (await session.exec(stmt)).all()))
                if before != fingerprint:
                    raise Conflict(f"{rater} has already evaluated {company_code} in {review.quarter}")
                return form.evaluation_id, True
            review_store.add_form(session, review_id, form, utcnow(), comment)
            await review_store.count_form(session, review_id, company_code, side, scores)
        return form.evaluation_id, False

    async def SubmitResidentEvaluation(
        self, request: evaluation_pb2.SubmitResidentEvaluationRequest, context: aio.ServicerContext
    ) -> evaluation_pb2.SubmitResidentEvaluationResponse:
        identity = current_identity()
        async with self.db.session() as session:
            household, community = await repository.household_and_community(session, request.household_code)
        collects = identity.has_role(*RESIDENT_COLLECTORS) and community.neighbourhood_code in identity.organisations
        if not (collects or identity.has_role(scope.SYSTEM)):
            raise PermissionDenied("resident forms are collected by the household's neighbourhood staff")
        if not household.verified:
            raise PreconditionFailed(f"household {household.code} is not verified", field="household_code")
        if community.company_code != request.company_code:
            raise InvalidInput(
                f"household {household.code} is managed by {community.company_code or 'no company'}, "
                f"not {request.company_code}",
                field="company_code",
            )
        evaluation_id, replayed = await self._submit(
            request.review_id,
            catalogue.RESIDENT,
            request.company_code,
            household.code,
            dict(request.scores),
            request.comment,
        )
        return evaluation_pb2.SubmitResidentEvaluationResponse(evaluation_id=evaluation_id, replayed=replayed)

    async def SubmitPeerEvaluation(
        self, request: evaluation_pb2.SubmitPeerEvaluationRequest, context: aio.ServicerContext
    ) -> evaluation_pb2.SubmitPeerEvaluationResponse:
        identity = require_role(scope.COMPANY, denied="peer evaluations come from property companies")
        review = await self._review(request.review_id)
        async with self.db.session() as session:
            stmt = select(Organisation).where(
                col(Organisation.code).in_(identity.organisations),
                Organisation.kind == "property_company",
                Organisation.parent_code == review.subdistrict_code,
            )
            rater = (await session.exec(stmt)).first()
        if rater is None:
            raise PermissionDenied(f"only companies of {review.subdistrict_code} rate its companies")
        if rater.code == request.company_code:
            raise InvalidInput("a company never rates itself", field="company_code")
        evaluation_id, replayed = await self._submit(
            request.review_id, catalogue.PEER, request.company_code, rater.code, dict(request.scores), request.comment
        )
        return evaluation_pb2.SubmitPeerEvaluationResponse(evaluation_id=evaluation_id, replayed=replayed)

    async def SubmitDepartmentEvaluation(
        self, request: evaluation_pb2.SubmitDepartmentEvaluationRequest, context: aio.ServicerContext
    ) -> evaluation_pb2.SubmitDepartmentEvaluationResponse:
        identity = require_role(*DEPARTMENT_RATERS, denied="department evaluations come from department staff")
        evaluation_id, replayed = await self._submit(
            request.review_id,
            catalogue.DEPARTMENT,
            request.company_code,
            identity.subject,
            dict(request.scores),
            request.comment,
        )
        return evaluation_pb2.SubmitDepartmentEvaluationResponse(evaluation_id=evaluation_id, replayed=replayed)

    async def _visible_results(self, review_id: str) -> tuple[Review, list[evaluation_pb2.CompanyScore]]:
        identity = current_identity()
        review = await self._review(review_id)
        wide = identity.has_role(*REVIEW_WIDE) or review.status == "PUBLISHED"
        own = set(identity.organisations) if identity.has_role(scope.COMPANY) else set()
        if not wide and not own:
            raise PermissionDenied(
                "review results are for the centres, each company's own, and the public once published"
            )
        async with self.db.session() as session:
            rows = await review_store.results(session, review.id)
            names = dict((await session.exec(select(Organisation.code, Organisation.name))).all())
        scores = [score_pb(r, names.get(r.company_code, r.company_code)) for r in rows if wide or r.company_code in own]
        return review, sorted(scores, key=lambda s: (s.rank == 0, s.rank, s.company_code))

    async def ListCompanyScores(
        self, request: evaluation_pb2.ListCompanyScoresRequest, context: aio.ServicerContext
    ) -> evaluation_pb2.ListCompanyScoresResponse:
        review, scores = await self._visible_results(request.review_id)
        async with self.db.session() as session:
            counts = await review_store.evaluation_counts(session, review.id)
        return evaluation_pb2.ListCompanyScoresResponse(review=review_pb(review, counts), scores=scores)

    async def ExportReview(
        self, request: evaluation_pb2.ExportReviewRequest, context: aio.ServicerContext
    ) -> evaluation_pb2.ExportReviewResponse:
        review, scores = await self._visible_results(request.review_id)
        changes = await self.db.fetch_all(select(StandingChange).where(StandingChange.review_id == review.id))
        # Writing a workbook is CPU work: in a thread, so other callers' requests go on.
        data = await asyncio.to_thread(export.workbook, review, scores, changes)
        return evaluation_pb2.ExportReviewResponse(filename=f"review-{review.id}.xlsx", xlsx=data)

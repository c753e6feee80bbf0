"""Activities of the quarterly review: thin gRPC clients of the evaluation service, each
idempotent on the service side (review id), so retries change nothing twice."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC

from fengqiao.evaluation.v1 import evaluation_pb2, evaluation_pb2_grpc
from temporalio import activity

from services.common.grpc_client import CallerMetadata
from workflows.service_calls import call, request_of, timestamp


@dataclass(frozen=True)
class OpenReview:
    subdistrict_code: str
    quarter: str
    closes_at: str  # ISO 8601


@dataclass(frozen=True)
class ReviewOpened:
    review_id: str
    closes_at: str


@dataclass(frozen=True)
class Computed:
    review_id: str
    companies: int
    insufficient: int
    red: int
    black: int


@dataclass(frozen=True)
class NewlyBlack:
    change_id: str
    company_code: str
    reason: str


@dataclass(frozen=True)
class Published:
    review_id: str
    newly_black: list[NewlyBlack]


@dataclass(frozen=True)
class Approval:
    review_id: str
    approved_by: str


@dataclass(frozen=True)
class ReviewActivities:
    evaluation: evaluation_pb2_grpc.EvaluationServiceStub
    caller_metadata: CallerMetadata

    @activity.defn
    async def open_review(self, request: OpenReview) -> ReviewOpened:
        opening = request_of(evaluation_pb2.OpenReviewRequest, request, closes_at=timestamp(request.closes_at))
        response = await call(self.evaluation.OpenReview, opening, self.caller_metadata)
        review = response.review
        return ReviewOpened(review.id, review.closes_at.ToDatetime(tzinfo=UTC).isoformat())

    @activity.defn
    async def remind_review(self, review_id: str) -> int:
        r = await call(
            self.evaluation.RemindReview, evaluation_pb2.RemindReviewRequest(review_id=review_id), self.caller_metadata
        )
        return int(r.resident_evaluations + r.peer_evaluations + r.department_evaluations)

    @activity.defn
    async def close_review(self, review_id: str) -> None:
        await call(
            self.evaluation.CloseReview, evaluation_pb2.CloseReviewRequest(review_id=review_id), self.caller_metadata
        )

    @activity.defn
    async def compute_review(self, review_id: str) -> Computed:
        r = await call(
            self.evaluation.ComputeReview,
            evaluation_pb2.ComputeReviewRequest(review_id=review_id),
            self.caller_metadata,
        )
        return Computed(review_id, r.companies, r.insufficient, r.red, r.black)

    @activity.defn
    async def publish_review(self, approval: Approval) -> Published:
        r = await call(
            self.evaluation.PublishReview,
            request_of(evaluation_pb2.PublishReviewRequest, approval),
            self.caller_metadata,
        )
        return Published(approval.review_id, [NewlyBlack(c.id, c.company_code, c.reason) for c in r.newly_black])

"""Activities of the quarterly review: thin gRPC clients of the evaluation service, each
idempotent on the service side (review id), so retries change nothing twice."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import grpc
from fengqiao.evaluation.v1 import evaluation_pb2, evaluation_pb2_grpc
from google.protobuf.timestamp_pb2 import Timestamp
from temporalio import activity

from services.common.grpc_client import CallerMetadata
from workflows.service_calls import grpc_failure, worker_metadata


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


class ReviewActivities:
    def __init__(self, evaluation: evaluation_pb2_grpc.EvaluationServiceStub, caller_metadata: CallerMetadata) -> None:
        self.evaluation = evaluation
        self.metadata = caller_metadata

    @activity.defn
    async def open_review(self, request: OpenReview) -> ReviewOpened:
        closes = Timestamp()
        closes.FromDatetime(datetime.fromisoformat(request.closes_at).astimezone(UTC))
        try:
            response = await self.evaluation.OpenReview(
                evaluation_pb2.OpenReviewRequest(
                    subdistrict_code=request.subdistrict_code, quarter=request.quarter, closes_at=closes
                ),
                metadata=worker_metadata(self.metadata),
            )
        except grpc.aio.AioRpcError as exc:
            raise grpc_failure(exc) from exc
        review = response.review
        return ReviewOpened(review.id, review.closes_at.ToDatetime(tzinfo=UTC).isoformat())

    @activity.defn
    async def remind_review(self, review_id: str) -> int:
        try:
            r = await self.evaluation.RemindReview(
                evaluation_pb2.RemindReviewRequest(review_id=review_id), metadata=worker_metadata(self.metadata)
            )
        except grpc.aio.AioRpcError as exc:
            raise grpc_failure(exc) from exc
        return int(r.resident_evaluations + r.peer_evaluations + r.department_evaluations)

    @activity.defn
    async def close_review(self, review_id: str) -> None:
        try:
            await self.evaluation.CloseReview(
                evaluation_pb2.CloseReviewRequest(review_id=review_id), metadata=worker_metadata(self.metadata)
            )
        except grpc.aio.AioRpcError as exc:
            raise grpc_failure(exc) from exc

    @activity.defn
    async def compute_review(self, review_id: str) -> Computed:
        try:
            r = await self.evaluation.ComputeReview(
                evaluation_pb2.ComputeReviewRequest(review_id=review_id), metadata=worker_metadata(self.metadata)
            )
        except grpc.aio.AioRpcError as exc:
            raise grpc_failure(exc) from exc
        return Computed(review_id, r.companies, r.insufficient, r.red, r.black)

    @activity.defn
    async def publish_review(self, approval: Approval) -> Published:
        try:
            r = await self.evaluation.PublishReview(
                evaluation_pb2.PublishReviewRequest(review_id=approval.review_id, approved_by=approval.approved_by),
                metadata=worker_metadata(self.metadata),
            )
        except grpc.aio.AioRpcError as exc:
            raise grpc_failure(exc) from exc
        return Published(approval.review_id, [NewlyBlack(c.id, c.company_code, c.reason) for c in r.newly_black])

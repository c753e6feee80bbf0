"""The quarterly review (三评) opened by hand: the street centre starts a quarter's review workflow
now, as the schedule would on its day (a simulation run gives its windows compressed seconds), and
anyone signed in reads a review with its forms counted by side and its real opening and closing."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response
from fengqiao.evaluation.v1 import evaluation_pb2

from services.common.messages import message_from
from services.gateway import audit
from services.gateway.deps import BackendsDep, CallerDep
from services.gateway.schemas.board import ReviewPublic, ReviewStart, ReviewStarted
from services.gateway.schemas.common import SIGNED_IN, PathKey, refusals
from services.gateway.views import as_dict

router = APIRouter(prefix="/api/v1", tags=["board"])


@router.post(
    "/reviews",
    status_code=201,
    response_model=ReviewStarted,
    responses=refusals(*SIGNED_IN, 404, 413)
    | {200: {"model": ReviewStarted, "description": "The quarter's review was started before"}},
)
async def start_review(
    body: ReviewStart, backends: BackendsDep, caller: CallerDep, response: Response
) -> dict[str, Any]:
    """Starts a subdistrict's review of a quarter: the windows open at once and close after
    `window_seconds` (0: 14 days), a reminder after `remind_after_seconds` (0: 7 days); then the
    scores are computed and the director's approval task publishes them."""
    started = await backends.evaluation.StartReview(
        message_from(evaluation_pb2.StartReviewRequest, body), metadata=caller.metadata, timeout=caller.timeout
    )
    await audit.record_start(
        backends.db,
        response,
        not started.started,
        actor=caller.identity.subject,
        action="review.start",
        target=started.review_id,
        detail={"window_seconds": body.window_seconds},
    )
    return as_dict(started)


@router.get(
    "/reviews/{review_id}", response_model=ReviewPublic, response_model_exclude_unset=True,
    responses=refusals(*SIGNED_IN, 404),
)  # fmt: skip
async def get_review(review_id: PathKey, backends: BackendsDep, caller: CallerDep) -> dict[str, Any]:
    """A review: its status, forms by side, when its windows opened, were due to close and closed."""
    found = await backends.evaluation.GetReview(
        evaluation_pb2.GetReviewRequest(review_id=review_id), metadata=caller.metadata, timeout=caller.timeout
    )
    return as_dict(found.review)

"""公开评: the public board's data and the review's write endpoints (evaluations, serious events)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictStr

from services.gateway.schemas.common import Int32, Int64Text, Timestamp


class EvaluationCreate(BaseModel):
    """One evaluation form of the quarterly review; scores are aspect code → 1–5."""

    model_config = ConfigDict(extra="forbid")

    side: Literal["resident", "peer", "department"]
    company_code: StrictStr = Field(max_length=32)
    household_code: StrictStr = Field(default="", max_length=48)
    scores: dict[Annotated[StrictStr, Field(max_length=32)], Int32]
    comment: StrictStr = Field(default="", max_length=1000)


class SeriousEventCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    company_code: StrictStr = Field(max_length=32)
    event_kind: StrictStr = Field(max_length=32)
    description: StrictStr = Field(max_length=400)
    idempotency_key: StrictStr = Field(default="", max_length=128)


class ReviewPublic(BaseModel):
    id: str
    subdistrict_code: str
    quarter: str
    status: str
    weights_version: str
    opened_at: Timestamp | None = None
    closes_at: Timestamp | None = None
    approved_by: str
    published_at: Timestamp | None = None
    evaluations: Int64Text
    resident_forms: Int64Text = "0"
    peer_forms: Int64Text = "0"
    department_forms: Int64Text = "0"
    closed_at: Timestamp | None = None


class ReviewStart(BaseModel):
    """Open a quarter's review now; seconds 0 keep the workflow's 14-day windows and 7-day reminder."""

    model_config = ConfigDict(extra="forbid")

    subdistrict_code: StrictStr = Field(max_length=32, pattern=r"^[A-Z0-9-]+$")
    quarter: StrictStr = Field(default="", pattern=r"^(20[0-9]{2}Q[1-4])?$")
    window_seconds: float = Field(default=0.0, ge=0, le=90 * 86_400)
    remind_after_seconds: float = Field(default=0.0, ge=0, le=90 * 86_400)


class ReviewStarted(BaseModel):
    workflow_id: str
    review_id: str
    started: bool


class ReviewRefPublic(BaseModel):
    id: str
    quarter: str


class WeaknessPublic(BaseModel):
    aspect: str
    name: str
    score: float
    advice: str


class CompanyScorePublic(BaseModel):
    """A company's standing in the review; a side nobody scored is absent. The per-aspect
    detail is in the Excel export."""

    company_code: str
    company_name: str
    resident_score: float | None = None
    peer_score: float | None = None
    department_score: float | None = None
    combined: float | None = None
    grade: str
    grade_name: str
    rank: int
    stars: int
    standing: str = Field(description="a ListStanding enum name")
    standing_reasons: str
    assessment: str
    weakest: list[WeaknessPublic]
    cases: int
    complaints_per_1000: float
    response_rate: float
    resolution_rate: float
    satisfaction_rate: float
    overdue_rectification_orders: int


class StandingPublic(BaseModel):
    company_code: str
    company_name: str
    standing: str = Field(description="a ListStanding enum name")
    since: Timestamp | None = None
    reason: str


class NoticePublic(BaseModel):
    id: str
    kind: str
    company_code: str
    subdistrict_code: str
    title: str
    body: str
    published_at: Timestamp | None = None


class TakeoverCommunityPublic(BaseModel):
    """An old community on the board: its step from the takeover records, the company that took it."""

    community_name: str
    status: str = Field(description="UNMANAGED, TAKEN_OVER or WELL_MANAGED")
    company_name: str


class TakeoverCountsPublic(BaseModel):
    unmanaged: int
    taken_over: int
    well_managed: int
    communities: list[TakeoverCommunityPublic]


class BoardPublic(BaseModel):
    """The newest (or the named) published review of a subdistrict and what the board shows."""

    review: ReviewPublic
    reviews: list[ReviewRefPublic]
    scores: list[CompanyScorePublic]
    standings: list[StandingPublic]
    notices: list[NoticePublic]
    takeover: TakeoverCountsPublic


class EvaluationReceipt(BaseModel):
    evaluation_id: str
    replayed: bool


class StandingChangePublic(BaseModel):
    id: str
    company_code: str
    standing: str = Field(description="a ListStanding enum name")
    previous: str = Field(description="a ListStanding enum name")
    source: str
    reason: str
    review_id: str
    status: str
    requested_by: str
    decided_by: str
    created_at: Timestamp | None = None
    decided_at: Timestamp | None = None


class SeriousEventReceipt(BaseModel):
    """Red goes at once; black waits for a director's approval task (`workflow_id`)."""

    proposal: StandingChangePublic
    workflow_id: str
    replayed: bool

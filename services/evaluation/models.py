"""Evaluation service tables: the registry (organisations, communities) and case outcomes."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Field, SQLModel

metadata = SQLModel.metadata


class Organisation(SQLModel, table=True):
    __tablename__ = "organisation"

    code: str = Field(primary_key=True, max_length=32)
    name: str = Field(index=True, max_length=128)
    kind: str = Field(index=True, max_length=40)
    parent_code: str = Field(default="", max_length=32)
    # Retired, never deleted: old cases still name it; nothing new may pick it.
    retired_at: datetime | None = None


class Community(SQLModel, table=True):
    __tablename__ = "community"

    code: str = Field(primary_key=True, max_length=32)
    name: str = Field(unique=True, max_length=128)
    neighbourhood_code: str = Field(index=True, max_length=32)
    subdistrict_code: str = Field(max_length=32)
    company_code: str = Field(default="", index=True, max_length=32)
    households: int = 0
    residents: int = 0
    buildings: int = 0
    is_old: bool = False
    management_status: str = Field(default="UNMANAGED", max_length=20)
    retired_at: datetime | None = None


class CaseOutcome(SQLModel, table=True):
    """The facts of one closed case, as the department side of the review will use them."""

    __tablename__ = "case_outcome"

    case_no: str = Field(primary_key=True, max_length=32)
    company_code: str = Field(index=True, max_length=32)
    community_code: str = Field(max_length=32)
    responded_on_time: bool
    resolved: bool
    satisfaction: str = Field(max_length=20)
    recorded_at: datetime
    overdue_rectification_orders: int = 0


class Household(SQLModel, table=True):
    """A household of a community. Only verified households evaluate their property company."""

    __tablename__ = "household"

    code: str = Field(primary_key=True, max_length=48)  # e.g. "CM-DFSJ-03-2-0501"
    community_code: str = Field(index=True, max_length=32)
    label: str = Field(max_length=64)  # building, unit, room
    verified: bool = False
    verified_by: str = Field(default="", max_length=64)


class ManagementContract(SQLModel, table=True):
    """Who manages a community, from when to when (物业服务合同)."""

    __tablename__ = "management_contract"

    id: str = Field(primary_key=True, max_length=64)
    community_code: str = Field(index=True, max_length=32)
    company_code: str = Field(index=True, max_length=32)
    starts_on: date
    ends_on: date


class Person(SQLModel, table=True):
    """Someone who holds posts in the registry's organisations (public officers, not residents)."""

    __tablename__ = "person"

    id: str = Field(primary_key=True, max_length=32)
    name: str = Field(max_length=64)
    is_party_member: bool = False


class Appointment(SQLModel, table=True):
    """A post a person holds in an organisation; two or more make a cross-appointment (交叉任职)."""

    __tablename__ = "appointment"

    person_id: str = Field(primary_key=True, max_length=32)
    org_code: str = Field(primary_key=True, index=True, max_length=32)
    post: str = Field(max_length=64)
    # When the post was taken and left (inclusive); None: unknown start, or still held.
    starts_on: date | None = None
    ends_on: date | None = None


class TakeoverBundle(SQLModel, table=True):
    """大包小、新带旧、好补差: one lead company takes over N communities."""

    __tablename__ = "takeover_bundle"

    id: str = Field(primary_key=True, max_length=64)
    lead_company_code: str = Field(index=True, max_length=32)
    status: str = Field(max_length=16)  # HANDOVER, PROBATION, DONE
    created_at: datetime


class TakeoverItem(SQLModel, table=True):
    __tablename__ = "takeover_item"

    bundle_id: str = Field(primary_key=True, max_length=64)
    community_code: str = Field(primary_key=True, max_length=32)
    checklist_json: str = Field(default="{}", max_length=4000)
    handed_over_at: datetime | None = None
    well_managed_at: datetime | None = None


class Review(SQLModel, table=True):
    """One quarterly review (三评) of one subdistrict's companies: "SD-DONGJIE-2026Q4"."""

    __tablename__ = "review"

    id: str = Field(primary_key=True, max_length=48)
    subdistrict_code: str = Field(index=True, max_length=32)
    quarter: str = Field(index=True, max_length=8)
    status: str = Field(max_length=12)  # OPEN, CLOSED, COMPUTED, PUBLISHED
    weights_version: str = Field(max_length=16)
    opened_at: datetime
    closes_at: datetime
    reminded_at: datetime | None = None
    closed_at: datetime | None = None
    computed_at: datetime | None = None
    approved_by: str = Field(default="", max_length=64)
    published_at: datetime | None = None


class Evaluation(SQLModel, table=True):
    """One filled-in form. Its id makes "one per rater per company per review" a key, not a check."""

    __tablename__ = "evaluation"

    id: str = Field(primary_key=True, max_length=160)
    review_id: str = Field(index=True, max_length=48)
    company_code: str = Field(max_length=32)
    side: str = Field(max_length=12)
    # Household code, rating company code or department staff subject. Never shown to the rated company.
    rater: str = Field(max_length=64)
    submitted_by: str = Field(max_length=64)
    comment: str = Field(default="", max_length=1000)
    submitted_at: datetime


class EvaluationScore(SQLModel, table=True):
    """One aspect's 1–5 score on one form, with the review, company and side copied for aggregation."""

    __tablename__ = "evaluation_score"

    evaluation_id: str = Field(primary_key=True, max_length=160)
    aspect: str = Field(primary_key=True, max_length=32)
    review_id: str = Field(index=True, max_length=48)
    company_code: str = Field(max_length=32)
    side: str = Field(max_length=12)
    score: int


class ScoreTally(SQLModel, table=True):
    """How many forms gave 1, 2, 3, 4 and 5 to one aspect of one company: the review's histogram,
    kept current in the same transaction as each form, so computing a review never re-reads them."""

    __tablename__ = "score_tally"

    review_id: str = Field(primary_key=True, max_length=48)
    company_code: str = Field(primary_key=True, max_length=32)
    side: str = Field(primary_key=True, max_length=12)
    aspect: str = Field(primary_key=True, max_length=32)
    n1: int = 0
    n2: int = 0
    n3: int = 0
    n4: int = 0
    n5: int = 0


class CompanyResult(SQLModel, table=True):
    """A company's computed result in a review (the read model of the board)."""

    __tablename__ = "company_result"

    review_id: str = Field(primary_key=True, max_length=48)
    company_code: str = Field(primary_key=True, max_length=32)
    resident_score: float | None = None
    peer_score: float | None = None
    department_score: float | None = None
    combined: float | None = None
    grade: str = Field(max_length=12)
    rank: int = 0
    stars: int = 0
    standing: str = Field(max_length=8)  # the quarterly verdict
    standing_reasons: str = Field(default="", max_length=500)
    assessment: str = Field(default="", max_length=4000)
    aspects_json: str = Field(default="[]", max_length=20000)  # [{side, aspect, samples, score}]
    weakest_json: str = Field(default="[]", max_length=4000)
    cases: int = 0
    complaints_per_1000: float = 0.0
    response_rate: float = 0.0
    resolution_rate: float = 0.0
    satisfaction_rate: float = 0.0
    overdue_rectification_orders: int = 0


class StandingChange(SQLModel, table=True):
    """Every change of a company's list standing: the history, and PENDING proposals awaiting a director."""

    __tablename__ = "standing_change"

    id: str = Field(primary_key=True, max_length=96)
    company_code: str = Field(index=True, max_length=32)
    standing: str = Field(max_length=8)
    previous: str = Field(max_length=8)
    source: str = Field(max_length=12)  # QUARTERLY, EVENT, DELISTING
    reason: str = Field(max_length=500)
    review_id: str = Field(default="", max_length=48)
    status: str = Field(index=True, max_length=10)  # PENDING, APPLIED, REJECTED
    requested_by: str = Field(max_length=64)
    decided_by: str = Field(default="", max_length=64)
    created_at: datetime
    decided_at: datetime | None = None


class Notice(SQLModel, table=True):
    """A public notice (通报) or summons record (约谈), published on the board."""

    __tablename__ = "notice"

    id: str = Field(primary_key=True, max_length=96)
    kind: str = Field(max_length=12)  # NOTICE, SUMMONS, REMINDER
    company_code: str = Field(default="", index=True, max_length=32)
    subdistrict_code: str = Field(default="", max_length=32)
    title: str = Field(max_length=200)
    body: str = Field(max_length=4000)
    published_at: datetime


class Supervision(SQLModel, table=True):
    """Listed supervision (挂牌督办) of a black-listed company: the workflow's read model."""

    __tablename__ = "supervision"

    id: str = Field(primary_key=True, max_length=96)
    company_code: str = Field(index=True, max_length=32)
    standing_change_id: str = Field(max_length=96)
    # AWAITING_APPROVAL, SUMMONS, PLANNING, RECTIFYING, INSPECTING, DELISTED, REJECTED, FAILED
    status: str = Field(max_length=20)
    plan: str = Field(default="", max_length=2000)
    deadline: datetime | None = None
    rounds: int = 0
    updated_at: datetime

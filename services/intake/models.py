"""Intake tables: cases (one or more complaints), their timeline, and the case number counter."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

metadata = SQLModel.metadata


class Case(SQLModel, table=True):
    __tablename__ = "dispute_case"

    case_no: str = Field(primary_key=True, max_length=32)
    receipt_no: str = Field(unique=True, max_length=32)
    status: str = Field(index=True, max_length=16)
    track: str = Field(default="", max_length=16)
    escalation_level: str = Field(default="", max_length=16)
    channel: str = Field(max_length=32)
    category: str = Field(default="", max_length=32)
    community_code: str = Field(index=True, max_length=32)
    community_name: str = Field(max_length=128)
    neighbourhood_code: str = Field(index=True, max_length=32)
    company_code: str = Field(default="", index=True, max_length=32)
    # Where the case escalates: the subdistrict's street center and the district center.
    street_center_code: str = Field(default="", max_length=32)
    district_center_code: str = Field(default="", max_length=32)
    address: str = Field(max_length=200)
    content: str = Field(max_length=2000)
    complainant_name: str = Field(max_length=50)
    complainant_phone: str = Field(max_length=20)
    satisfaction: str = Field(default="", max_length=20)
    filed_by: str = Field(max_length=64)
    # "<filer>:<Idempotency-Key>"; unique so two concurrent retries cannot both create a case.
    idempotency_scope: str | None = Field(default=None, unique=True, max_length=200)
    request_fingerprint: str = Field(max_length=64)
    workflow_id: str = Field(max_length=64)
    # False until Temporal has the workflow; the reconciler starts any left behind by a crash.
    workflow_started: bool = Field(default=False, index=True)
    created_at: datetime
    updated_at: datetime
    # Issue #6: building within the community (0: the whole community), households among the
    # complainants, the group-dispute flag, the open step's deadline, and where the category came from.
    building: int = Field(default=0)
    households: int = Field(default=1)
    complaint_count: int = Field(default=1)
    is_group_dispute: bool = Field(default=False)
    due_at: datetime | None = Field(default=None)
    category_source: str = Field(default="given", max_length=16)
    latitude: float | None = Field(default=None)
    longitude: float | None = Field(default=None)
    # Issue #16: the suggestion beside the caseworker’s final choice.
    suggested_category: str = Field(default="", max_length=32)
    suggestion_probability: float | None = Field(default=None)
    suggestion_top: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    model_version: str = Field(default="", max_length=40)
    confirmed_category: str = Field(default="", max_length=32)
    confirmed_by: str = Field(default="", max_length=64)
    confirmed_at: datetime | None = Field(default=None)


class Complaint(SQLModel, table=True):
    """One complainant's complaint on a case, with its own receipt (受理回执). The first complaint
    of a case carries the case's receipt number; later ones joined it as duplicates."""

    __tablename__ = "complaint"

    id: int | None = Field(default=None, primary_key=True)
    case_no: str = Field(foreign_key="dispute_case.case_no", index=True, max_length=32)
    receipt_no: str = Field(unique=True, max_length=32)
    # Open311 token (tokens/{token}); public, so not the receipt number.
    token: str = Field(unique=True, max_length=32)
    channel: str = Field(max_length=32)
    # "<channel>:<the channel's own number>"; unique so a re-imported order files nothing twice.
    channel_ref: str | None = Field(default=None, unique=True, max_length=100)
    external_ref: str = Field(default="", max_length=64)
    idempotency_scope: str | None = Field(default=None, unique=True, max_length=200)
    request_fingerprint: str = Field(max_length=64)
    complainant_name: str = Field(max_length=50)
    complainant_phone: str = Field(index=True, max_length=20)
    address: str = Field(max_length=200)
    content: str = Field(max_length=2000)
    building: int = Field(default=0)
    latitude: float | None = Field(default=None)
    longitude: float | None = Field(default=None)
    # Photo metadata and channel-specific fields.
    channel_fields: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    joined_existing: bool = Field(default=False)
    notice: str = Field(default="", max_length=200)
    filed_by: str = Field(max_length=64)
    received_at: datetime
    created_at: datetime


class TimelineEvent(SQLModel, table=True):
    __tablename__ = "timeline_event"

    seq: int | None = Field(default=None, primary_key=True)
    case_no: str = Field(foreign_key="dispute_case.case_no", index=True, max_length=32)
    # Unique per event so a retried activity or request records it once.
    event_id: str = Field(unique=True, max_length=160)
    kind: str = Field(max_length=40)
    summary: str = Field(max_length=500)
    actor: str = Field(default="", max_length=64)
    attributes: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    occurred_at: datetime


class CaseCounter(SQLModel, table=True):
    """The last case number issued per year; bumped atomically with one upsert."""

    __tablename__ = "case_counter"

    year: int = Field(primary_key=True)
    last: int = 0


class CaseParticipant(SQLModel, table=True):
    """An organisation taking part in a case beyond its neighbourhood and company (a professional
    mediation panel's committee, judge's studio, judicial office…): its mediators see the case."""

    __tablename__ = "case_participant"

    case_no: str = Field(primary_key=True, foreign_key="dispute_case.case_no", max_length=32)
    org_code: str = Field(primary_key=True, index=True, max_length=32)
    reason: str = Field(default="", max_length=200)
    added_at: datetime

"""Mediation tables: human tasks, their candidate groups and their history; imported calendar years."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

metadata = SQLModel.metadata

OPEN, CLAIMED, COMPLETED, CANCELLED = "OPEN", "CLAIMED", "COMPLETED", "CANCELLED"


class Task(SQLModel, table=True):
    __tablename__ = "task"

    # Derived from the workflow id and step ("case-DJ-2026-000001-t1"), so a retried activity
    # that creates it finds it instead of creating another.
    id: str = Field(primary_key=True, max_length=120)
    kind: str = Field(index=True, max_length=32)
    case_no: str = Field(index=True, max_length=32)
    workflow_id: str = Field(max_length=64)
    title: str = Field(max_length=200)
    assignee: str | None = Field(default=None, index=True, max_length=64)
    priority: int = 50
    status: str = Field(index=True, max_length=12)
    due_at: datetime = Field(index=True)
    overdue: bool = False
    allowed_outcomes: str = Field(max_length=400)  # comma-separated, in the workflow's order
    deadline_policy: str = Field(max_length=64)
    # The deadline-policy version that timed the task; a case passes it on to keep its rules.
    policy_version: str = Field(max_length=32)
    outcome: str = Field(default="", max_length=40)
    form_json: str = Field(default="{}", max_length=8000)
    completed_by: str | None = Field(default=None, index=True, max_length=64)
    completed_at: datetime | None = None
    community_code: str = Field(index=True, max_length=32)
    neighbourhood_code: str = Field(index=True, max_length=32)
    company_code: str = Field(default="", index=True, max_length=32)
    # Set by the workflow that creates the task (issue #3 fills them); the inbox filters on them.
    track: str | None = Field(default=None, max_length=16)
    escalation_level: str | None = Field(default=None, max_length=16)
    follow_up_at: datetime | None = None
    created_at: datetime
    # Optimistic concurrency: every change bumps it; a claim names the version it saw.
    version: int = 1


class TaskCandidateGroup(SQLModel, table=True):
    __tablename__ = "task_candidate_group"

    task_id: str = Field(foreign_key="task.id", primary_key=True, max_length=120)
    group_code: str = Field(primary_key=True, index=True, max_length=80)
    # A copy of the task's status, kept in step by repository.set_status, so "open tasks in my
    # groups" is one index range (group, status) instead of a join over every task ever made.
    task_status: str = Field(default=OPEN, max_length=12)
    # And of its due time, so a group's open tasks come out of one index in due order.
    due_at: datetime | None = None


class TaskEvent(SQLModel, table=True):
    """Who did what to a task, when."""

    __tablename__ = "task_event"

    seq: int | None = Field(default=None, primary_key=True)
    task_id: str = Field(foreign_key="task.id", index=True, max_length=120)
    action: str = Field(max_length=24)
    actor: str = Field(max_length=64)
    detail: str = Field(default="", max_length=500)
    occurred_at: datetime


class CalendarYear(SQLModel, table=True):
    """A year an admin imported: its days replace whatever the chinese-calendar package says."""

    __tablename__ = "calendar_year"

    year: int = Field(primary_key=True)
    source_format: str = Field(max_length=8)  # csv or ics
    imported_by: str = Field(max_length=64)
    imported_at: datetime
    holidays: int = 0
    workdays: int = 0


class CalendarDay(SQLModel, table=True):
    """One imported holiday or make-up working day."""

    __tablename__ = "calendar_day"

    day: date = Field(primary_key=True)
    year: int = Field(foreign_key="calendar_year.year", index=True)
    kind: str = Field(max_length=8)  # holiday or workday
    name: str = Field(default="", max_length=100)


# --- issue #5: court and police liaisons -------------------------------------------------------


class Referral(SQLModel, table=True):
    """A case referred to a court or police station; it waits for their results."""

    __tablename__ = "referral"
    # The pull list: an organisation's waiting referrals in the order they came.
    __table_args__ = (Index("ix_referral_waiting", "organisation_code", "status", "referred_at", "referral_id"),)

    # Derived by the workflow from the mediation id, purpose and a counter: a retried activity
    # finds the row instead of making another.
    referral_id: str = Field(primary_key=True, max_length=120)
    workflow_id: str = Field(max_length=120)
    case_no: str = Field(index=True, max_length=32)
    organisation_code: str = Field(max_length=32)
    purpose: str = Field(max_length=32)
    summary: str = Field(max_length=4000)
    agreement_text: str = Field(default="", max_length=20000)
    documents_json: str = Field(default="[]", max_length=8000)
    status: str = Field(max_length=12)
    referred_at: datetime
    closed_at: datetime | None = None


class LiaisonResultRecord(SQLModel, table=True):
    """A liaison result as received, keyed by the sending organisation and its message id (each
    liaison system numbers its own messages): a replay finds it and gets the stored answer; the
    same id with another payload is refused."""

    __tablename__ = "liaison_result"

    organisation_code: str = Field(primary_key=True, max_length=32)
    message_id: str = Field(primary_key=True, max_length=100)
    referral_id: str = Field(foreign_key="referral.referral_id", index=True, max_length=120)
    payload_hash: str = Field(max_length=64)
    kind: str = Field(max_length=40)
    reference_no: str = Field(default="", max_length=64)
    outcome: str = Field(default="", max_length=40)
    reason: str = Field(default="", max_length=1000)
    response_json: str = Field(max_length=2000)
    received_at: datetime


class WebhookEndpoint(SQLModel, table=True):
    """Where a liaison organisation wants to hear of new referrals, and the key that signs them."""

    __tablename__ = "webhook_endpoint"

    organisation_code: str = Field(primary_key=True, max_length=32)
    url: str = Field(max_length=500)
    # The receiver needs the same secret to check the HMAC, so it is kept, not hashed: sealed with
    # the payload key ring (services/common/codec.py seal_text), so a leaked table reveals nothing.
    secret: str = Field(max_length=600)
    updated_by: str = Field(max_length=64)
    updated_at: datetime


class WebhookAttempt(SQLModel, table=True):
    """One attempt to deliver a webhook: every retry is a row, so ops see the whole story."""

    __tablename__ = "webhook_attempt"

    seq: int | None = Field(default=None, primary_key=True)
    delivery_id: str = Field(index=True, max_length=120)
    referral_id: str = Field(index=True, max_length=120)
    organisation_code: str = Field(max_length=32)
    url: str = Field(default="", max_length=500)
    attempt: int = 1
    outcome: str = Field(max_length=16)  # delivered | failed | no_endpoint
    status_code: int = 0
    error: str = Field(default="", max_length=500)
    duration_ms: int = 0
    attempted_at: datetime = Field(index=True)

"""The task inbox: claiming, assigning and completing tasks, the task answers, saved filters."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, RootModel, StrictStr

from services.gateway.inbox import StrictInboxFilters, View
from services.gateway.schemas.common import Int64, Timestamp


class TaskClaim(BaseModel):
    model_config = ConfigDict(extra="forbid")

    expected_version: Int64 | None = Field(default=None, ge=1, description="refuse if the task changed since")


class TaskAssign(BaseModel):
    model_config = ConfigDict(extra="forbid")

    assignee: StrictStr


class TaskComplete(BaseModel):
    """One of the task's allowed outcomes and its form (the task's `form_schema`)."""

    model_config = ConfigDict(extra="forbid")

    outcome: StrictStr
    form: dict[str, Any] = Field(default_factory=dict)


class TaskEventPublic(BaseModel):
    action: str
    actor: str
    occurred_at: Timestamp | None = None
    detail: str


class TaskPublic(BaseModel):
    """A human task with its allowed outcomes, form schema and history. `version` counts changes:
    a claim may name it to refuse a stale view."""

    id: str
    kind: str
    case_no: str
    workflow_id: str
    title: str
    candidate_groups: list[str]
    assignee: str
    priority: int
    status: Literal["open", "claimed", "completed", "cancelled", "unknown"]
    due_at: Timestamp | None = None
    overdue: bool
    allowed_outcomes: list[str]
    outcome: str
    completed_by: str
    created_at: Timestamp | None = None
    completed_at: Timestamp | None = None
    version: int
    community_code: str
    neighbourhood_code: str
    company_code: str
    history: list[TaskEventPublic]
    track: str
    escalation_level: str
    follow_up_at: Timestamp | None = None
    policy_version: str
    priority_label: str
    form_schema: dict[str, Any] = Field(description="JSON Schema of the completion form")


class TaskPage(BaseModel):
    """One keyset page of an inbox view; `total` counts the view up to 999 (`total_capped`)."""

    tasks: list[TaskPublic]
    total: int
    total_capped: bool
    next_page_token: str


class TaskCountPublic(BaseModel):
    count: int
    capped: bool


class TaskCountsPublic(RootModel[dict[str, TaskCountPublic]]):
    """How many tasks each inbox view holds: `{view: {count, capped}}`."""


class SavedFilterBase(BaseModel):
    name: str = Field(min_length=1, max_length=60)
    view: View


class SavedFilterCreate(SavedFilterBase):
    model_config = ConfigDict(extra="forbid")

    filters: StrictInboxFilters = Field(default_factory=StrictInboxFilters)


class SavedFilterPublic(SavedFilterBase):
    filters: dict[str, str] = Field(description="the non-empty filters, as the inbox's query parameters")


class SavedFilterListPublic(BaseModel):
    saved_filters: list[SavedFilterPublic]

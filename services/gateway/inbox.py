"""The inbox query as the HTTP API, the console and saved filters take it, and its gRPC request."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any, Literal

from fengqiao.mediation.v1 import task_pb2
from google.protobuf.timestamp_pb2 import Timestamp
from pydantic import BaseModel, ConfigDict, Field

from services.common.clock import SHANGHAI
from services.common.messages import message_from

View = Literal["mine", "group", "all", "completed", "overdue"]
Sort = Literal["", "due", "priority", "created"]
# Filter parameters a saved filter may hold (the page position is not part of a filter).
FILTER_FIELDS = (
    "kind",
    "case_no",
    "community",
    "company",
    "track",
    "level",
    "due_from",
    "due_to",
    "priority_min",
    "priority_max",
    "q",
    "sort",
)


class InboxFilters(BaseModel):
    """Filters of an inbox view. Dates are days in Asia/Shanghai; `due_to` is inclusive.
    As query parameters they sit beside view and page ones, so unknown names are passed over here."""

    model_config = ConfigDict(extra="ignore")

    kind: str = Field(default="", max_length=32)
    case_no: str = Field(default="", max_length=32)
    community: str = Field(default="", max_length=32, description="community code")
    company: str = Field(default="", max_length=32, description="property company code")
    track: str = Field(default="", max_length=16)
    level: str = Field(default="", max_length=16, description="escalation level")
    due_from: date | None = None
    due_to: date | None = None
    priority_min: int = Field(default=0, ge=0, le=100)
    priority_max: int = Field(default=0, ge=0, le=100)
    q: str = Field(default="", max_length=100, description="free text in the title or case number")
    sort: Sort = ""

    def as_query(self) -> dict[str, Any]:
        """The non-empty filters, as query-string values."""
        return {k: str(v) for k, v in self.model_dump().items() if v not in ("", None, 0)}


class StrictInboxFilters(InboxFilters):
    """The same filters in a JSON body (saved filters), where an unknown name is an error."""

    model_config = ConfigDict(extra="forbid")


def _day_start(day: date) -> Timestamp:
    ts = Timestamp()
    ts.FromDatetime(datetime.combine(day, time(0, 0), tzinfo=SHANGHAI))
    return ts


def list_request(view: str, filters: InboxFilters, page_size: int, page_token: str) -> task_pb2.ListTasksRequest:
    """The filters by their names in the request; the days as the instants they start (`due_to` inclusive)."""
    return message_from(
        task_pb2.ListTasksRequest,
        filters,
        view=view,
        page_size=page_size,
        page_token=page_token,
        community_code=filters.community,
        company_code=filters.company,
        escalation_level=filters.level,
        text=filters.q,
        due_from=_day_start(filters.due_from) if filters.due_from else None,
        due_before=_day_start(filters.due_to + timedelta(days=1)) if filters.due_to else None,
    )

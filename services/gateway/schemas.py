"""Request bodies of the HTTP API. Types are strict: a number where text belongs is refused."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr


class ComplainantIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: StrictStr
    phone: StrictStr


class LocationIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    latitude: float = Field(ge=-90, le=90)
    longitude: float = Field(ge=-180, le=180)


class PhotoIn(BaseModel):
    """Metadata of a photo a grid worker took; the picture stays with the channel."""

    model_config = ConfigDict(extra="forbid")

    file_name: StrictStr
    sha256: StrictStr
    size_bytes: StrictInt
    content_type: StrictStr
    taken_at: datetime | None = None


class ComplaintCreate(BaseModel):
    """A complaint. `community` takes a community's name or code; `category` is optional.
    Lengths, the phone number and the community are checked by the intake service."""

    model_config = ConfigDict(
        extra="allow",  # channel-specific fields are extra (DESIGN.md)
        json_schema_extra={
            "examples": [
                {
                    "channel": "online",
                    "community": "东方世家",
                    "address": "3号楼2单元",
                    "content": "楼道漏水三天了，物业一直没人来修。",
                    "complainant": {"name": "张三", "phone": "13800138000"},
                }
            ]
        },
    )

    channel: StrictStr
    community: StrictStr
    address: StrictStr
    content: StrictStr
    complainant: ComplainantIn
    category: StrictStr | None = None
    # Channel-specific (issue #6): the 12345 order or petition number, the grid worker's point,
    # photo metadata, a building number given apart from the address, when the channel took it.
    # Any other extra field must be text and is kept as a channel field.
    external_ref: StrictStr | None = None
    location: LocationIn | None = None
    photos: list[PhotoIn] = Field(default_factory=list, max_length=9)
    building: StrictInt | None = Field(default=None, ge=1, le=999)
    received_at: datetime | None = None


class ClaimBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    expected_version: StrictInt | None = Field(default=None, ge=1)


class AssignBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    assignee: StrictStr


class CompleteBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    outcome: StrictStr
    form: dict[str, Any] = Field(default_factory=dict)


class EvaluationIn(BaseModel):
    """One evaluation form of the quarterly review; scores are aspect code → 1–5."""

    model_config = ConfigDict(extra="forbid")

    side: Literal["resident", "peer", "department"]
    company_code: StrictStr = Field(max_length=32)
    household_code: StrictStr = Field(default="", max_length=48)
    scores: dict[str, StrictInt]
    comment: StrictStr = Field(default="", max_length=1000)


class SeriousEventIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    company_code: StrictStr = Field(max_length=32)
    event_kind: StrictStr = Field(max_length=32)
    description: StrictStr = Field(max_length=400)
    idempotency_key: StrictStr = Field(default="", max_length=128)

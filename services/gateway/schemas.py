"""Request bodies of the HTTP API. Types are strict: a number where text belongs is refused."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr


class ComplainantIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: StrictStr
    phone: StrictStr


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

"""Complaints in, cases out: the staff complaint, the case answers, the audited reveal.
Request types are strict: a number where text belongs is refused."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, StrictStr

from services.gateway.schemas.common import Int32, Int64, Int64Text, Timestamp


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
    size_bytes: Int64 = Field(ge=0)
    content_type: StrictStr
    taken_at: datetime | None = None


class ComplaintBase(BaseModel):
    """What every complaint says. `community` takes a community's name or code. Lengths, the
    phone number and the community are checked by the intake service."""

    community: StrictStr
    address: StrictStr
    content: StrictStr
    complainant: ComplainantIn


class ComplaintCreate(ComplaintBase):
    """A complaint filed by staff. `category` is optional (suggested when absent)."""

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
    category: StrictStr | None = None
    # Channel-specific (issue #6): the 12345 order or petition number, the grid worker's point,
    # photo metadata, a building number given apart from the address, when the channel took it.
    # Any other extra field must be text and is kept as a channel field.
    external_ref: StrictStr | None = None
    location: LocationIn | None = None
    photos: list[PhotoIn] = Field(default_factory=list, max_length=9)
    building: Int32 | None = Field(default=None, ge=1, le=999)
    received_at: datetime | None = None


class CategoryUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    category: StrictStr
    reason: StrictStr = Field(default="", max_length=200)


class ComplainantPublic(BaseModel):
    name: str
    phone: str


class CategoryScorePublic(BaseModel):
    category: str = Field(description="category code from the catalogue (GET /api/v1/categories)")
    name: str = Field(description="the category's Chinese name")
    probability: float = Field(ge=0, le=1)


class CaseBase(BaseModel):
    """A case as the intake service answers it (the category change answers this)."""

    case_no: str
    receipt_no: str
    status: str = Field(description="RECEIVED, TRIAGE, IN_PROGRESS, RESOLVED, CALLBACK, CLOSED, MERGED or REFERRED")
    track: str
    escalation_level: str
    channel: str
    category: str
    community_code: str
    community_name: str
    neighbourhood_code: str
    company_code: str
    address: str
    content: str
    complainant: ComplainantPublic | None = None
    personal_data_masked: bool
    workflow_id: str
    created_at: Timestamp | None = None
    updated_at: Timestamp | None = None
    satisfaction: str
    building: int
    households: int
    is_group_dispute: bool
    due_at: Timestamp | None = None
    category_source: str
    complaint_count: int
    # Issue #16: the model's suggestion at filing, beside the caseworker's final category.
    suggested_category: str = Field(default="", description="empty when the filer gave the category")
    suggestion_probability: float = 0.0
    suggestion_top: list[CategoryScorePublic] = Field(default_factory=list)
    model_version: str = ""
    suggestion_confident: bool = Field(default=False, description="false: triage must choose the category")
    confirmed_category: str = Field(default="", description="the caseworker's final category at triage")


class CasePublic(CaseBase):
    """A case as staff see it. Personal data is masked for everyone; `may_reveal` says the caller
    owns the case and may ask for it in clear (POST /api/v1/cases/{case_no}/reveal)."""

    may_reveal: bool


class TimelineEventPublic(BaseModel):
    seq: Int64Text
    kind: str
    summary: str
    actor: str
    occurred_at: Timestamp | None = None
    attributes: dict[str, str]


class CaseDetailPublic(CasePublic):
    """One case with a page of its timeline, oldest first: the newest entries, or those before
    `timeline_page_token`."""

    timeline: list[TimelineEventPublic]
    timeline_next_page_token: str = Field(description="the earlier entries' page; empty when none remain")
    timeline_total: int = Field(description="every entry the case's timeline holds")


class CaseListPublic(BaseModel):
    cases: list[CasePublic]
    next_page_token: str


class ComplaintPublic(BaseModel):
    """One complaint; several may join one case, each with its own receipt number."""

    receipt_no: str
    case_no: str
    channel: str
    external_ref: str
    joined_existing: bool
    notice: str
    token: str
    received_at: Timestamp | None = None


class ComplaintReceipt(BaseModel):
    """The answer to a filed complaint (受理回执): the receipt is this complaint's."""

    case_no: str
    receipt_no: str
    status: str
    joined_existing: bool
    notice: str
    complaint: ComplaintPublic
    case: CasePublic


class PersonalDataPublic(BaseModel):
    """The complainant's name, phone and address in clear; every read is audited."""

    case_no: str
    complainant: ComplainantPublic
    address: str

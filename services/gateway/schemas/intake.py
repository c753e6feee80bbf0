"""The public front door (online form, tracking) and staff intake operations (the 12345 import,
the category catalogue)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, StrictStr

from services.gateway.schemas.cases import CategoryScorePublic, ComplaintBase
from services.gateway.schemas.common import Timestamp


class PublicComplaintCreate(ComplaintBase):
    """A complaint from the public online form. The channel is always `online`."""

    model_config = ConfigDict(extra="forbid")

    email: StrictStr | None = None


class PublicComplaintReceipt(BaseModel):
    """The receipt (受理回执): the receipt number tracks the complaint at `track_url`."""

    receipt_no: str
    case_no: str
    joined_existing: bool
    notice: str
    track_url: str


class PublicCasePublic(BaseModel):
    """What a complainant may see of a case: no personal data, no location."""

    case_no: str
    category: str
    category_name: str
    status: str
    status_label: str
    community_name: str
    building: int
    requested_at: Timestamp | None = None
    updated_at: Timestamp | None = None
    expected_at: Timestamp | None = None
    description: str = Field(description="the complainant's own words, phone numbers masked")
    channel: str


class PublicEventPublic(BaseModel):
    kind: str
    label: str
    occurred_at: Timestamp | None = None


class TrackedComplaintPublic(BaseModel):
    receipt_no: str
    received_at: Timestamp
    joined_existing: bool
    case: PublicCasePublic
    events: list[PublicEventPublic]


class CategoryPublic(BaseModel):
    code: str
    name: str
    name_en: str
    group: str
    group_name: str
    description: str
    keywords: list[str]


class CategoryListPublic(BaseModel):
    categories: list[CategoryPublic]


class CategorySuggestRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: StrictStr = Field(min_length=1, max_length=2000, description="the complaint's words")
    channel: StrictStr = Field(default="online", max_length=32, description="the channel it would be filed on")


class CategorySuggestionPublic(BaseModel):
    """The model's suggestion for a text: the likeliest category, its probability, the three
    likeliest, and the model's version. Probability 0 and category `other` when the model is
    unavailable (filing never waits for it)."""

    category: str
    name: str
    probability: float = Field(ge=0, le=1)
    top: list[CategoryScorePublic]
    model_version: str
    confident: bool = Field(description="false below the model's threshold: a person should choose among `top`")


class ImportRowPublic(BaseModel):
    row: int
    external_ref: str
    outcome: str = Field(description="taken, already_imported or refused")
    case_no: str
    receipt_no: str
    joined_existing: bool
    field: str = Field(description="the field at fault, when refused")
    message: str


class HotlineImportReport(BaseModel):
    """One report line per row of the hotline's export, and the totals."""

    rows: list[ImportRowPublic]
    taken: int
    already_imported: int
    refused: int

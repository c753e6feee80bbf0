"""What filing a complaint would do, asked while the caseworker types (the staff intake form)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from services.gateway.schemas.cases import CategoryScorePublic
from services.gateway.schemas.common import Timestamp


class ComplaintPreviewCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    community: str = Field(min_length=1, max_length=128)
    address: str = Field(default="", max_length=200)
    building: int = Field(default=0, ge=0, le=9999)
    category: str = Field(default="", max_length=32)
    content: str = Field(default="", max_length=2000)


class DuplicateCandidatePublic(BaseModel):
    case_no: str
    status: str
    category: str
    building: int
    summary: str = Field(description="the first words of the case; empty outside the caller's scope")
    created_at: Timestamp
    would_join: bool = Field(description="filing now adds the complaint to this case")


class ComplaintPreview(BaseModel):
    community_code: str
    community_name: str
    building: int
    suggested_category: str
    suggested_category_name: str
    suggested_probability: float = Field(ge=0, le=1)
    top: list[CategoryScorePublic] = Field(description="the three likeliest categories, likeliest first")
    confident: bool = Field(description="false: the caseworker should choose among `top`")
    category: str
    candidates: list[DuplicateCandidatePublic]

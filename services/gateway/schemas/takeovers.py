"""Takeover bundles ("1+N", 大包小、新带旧、好补差): proposing one and following its steps."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from services.gateway.schemas.common import Timestamp

BUNDLE_ID = r"^[A-Za-z0-9][A-Za-z0-9-]{3,63}$"


class TakeoverCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    # Chosen by the caller, so a retried proposal starts nothing twice.
    bundle_id: str = Field(pattern=BUNDLE_ID)
    lead_company_code: str = Field(min_length=2, max_length=32)
    community_codes: list[str] = Field(min_length=1, max_length=30)
    # Days each community is looked after before acceptance (default 90).
    probation_days: int = Field(default=90, ge=1, le=365)


class TakeoverStarted(BaseModel):
    bundle_id: str
    workflow_id: str
    replayed: bool


class TakeoverStepPublic(BaseModel):
    community_code: str
    community_name: str
    status: str = Field(description="UNMANAGED (handover pending), TAKEN_OVER or WELL_MANAGED")
    handed_over_at: Timestamp
    well_managed_at: Timestamp


class TakeoverPublic(BaseModel):
    bundle_id: str
    lead_company_code: str
    lead_company_name: str
    status: str = Field(description="HANDOVER, PROBATION or WELL_MANAGED")
    created_at: Timestamp
    workflow_id: str
    communities: list[TakeoverStepPublic]


class TakeoverList(BaseModel):
    bundles: list[TakeoverPublic]


class SuggestedCompanyPublic(BaseModel):
    company_code: str
    company_name: str
    standing: str = Field(description="RED or NONE; a black-listed company is never suggested")
    latest_combined: float | None = None


class SuggestedCompanies(BaseModel):
    companies: list[SuggestedCompanyPublic]


class BoardCommunityPublic(BaseModel):
    community_code: str
    community_name: str
    management_status: str
    company_code: str
    bundle_id: str


class TakeoverBoardPublic(BaseModel):
    unmanaged: int
    taken_over: int
    well_managed: int
    communities: list[BoardCommunityPublic]

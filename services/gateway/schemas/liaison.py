"""The liaison REST paths for court and police systems: referrals out, results in."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from contracts.professional import RESULT_KINDS
from services.gateway.schemas.common import Timestamp

_ID = r"^[A-Za-z0-9._:-]+$"

# The result kinds as the proto enum defines them (contracts.professional), so the document
# lists them and a client generates them.
ResultKind = StrEnum("ResultKind", {kind.upper(): kind for kind in RESULT_KINDS})  # type: ignore[misc]


class ResultCreate(BaseModel):
    """One result for a referral. `message_id` is yours, unique per result: sending the same id
    and body again returns the stored answer (`replayed: true`); the same id with another body is 409."""

    model_config = ConfigDict(extra="forbid")

    message_id: str = Field(min_length=1, max_length=100, pattern=_ID)
    referral_id: str = Field(min_length=1, max_length=120, pattern=_ID)
    kind: ResultKind
    reference_no: str = Field(
        default="", max_length=64, description="（2026）晋0403民初123号 or J140403010000202611290012"
    )
    outcome: str = Field(default="", max_length=40, description="police results only")
    reason: str = Field(default="", max_length=1000, description="required when declining")


class ReferralPublic(BaseModel):
    referral_id: str
    case_no: str
    organisation_code: str
    summary: str
    referred_at: Timestamp | None = None
    status: str = Field(description="waiting, answered, withdrawn or closed")
    purpose: str = Field(description="judicial_confirmation, litigation or police")
    allowed_kinds: list[ResultKind] = Field(description="the result kinds this referral's purpose accepts")


class ReferralPage(BaseModel):
    referrals: list[ReferralPublic]
    next_page_token: str


class PartyPublic(BaseModel):
    role: str = Field(description="applicant (the complainant) or respondent (the property company)")
    name: str


class ReferralPackage(BaseModel):
    """One referral package: summary, parties (names and roles only), agreement text, documents."""

    referral: ReferralPublic
    agreement_text: str
    documents: list[str]
    parties: list[PartyPublic]
    case_status: str


class ResultReceipt(BaseModel):
    replayed: bool
    case_status: str
    message_id: str
    referral_id: str
    reference_no: str
    received_at: Timestamp | None = None

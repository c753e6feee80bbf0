"""Consultations (专项调): starting one, raising an objection, the council's state."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

CONSULTATION_ID = r"^[A-Za-z0-9][A-Za-z0-9-]{3,63}$"


class ConsultationCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    # Chosen by the caller, so a retried request starts nothing twice.
    consultation_id: str = Field(pattern=CONSULTATION_ID)
    community_code: str = Field(min_length=2, max_length=32)
    subject: str = Field(min_length=1, max_length=200)
    linked_case_nos: list[str] = Field(default_factory=list, max_length=50)


class ObjectionCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    objection_id: str = Field(min_length=1, max_length=64)
    reason: str = Field(min_length=1, max_length=1000)


class ConsultationStarted(BaseModel):
    """The consultation as started: its workflow and the council it convenes."""

    consultation_id: str
    workflow_id: str
    community_code: str
    neighbourhood_code: str
    company_code: str
    street_center_code: str
    subject: str
    parent_case_no: str
    linked_case_workflow_ids: list[str]
    policy_version: str


class CouncilSeatPublic(BaseModel):
    """One of the five parties: the organisation holding the seat ("" when not constituted)."""

    role: str
    org_code: str
    org_name: str


class ObjectionPublic(BaseModel):
    objection_id: str
    raised_by: str
    reason: str


class ConsultationPublic(BaseModel):
    """The council's state as its workflow reports it."""

    consultation_id: str
    status: str
    round: int
    seats: list[CouncilSeatPublic]
    meeting_at: str
    attendance: list[str]
    quorum: bool
    resolution: str
    votes: dict[str, int]
    objections: list[ObjectionPublic]
    open_tasks: list[str]
    history: list[str]


class ObjectionReceipt(BaseModel):
    """Recorded; whether it counted shows in the consultation's state."""

    consultation_id: str
    objection_id: str
    accepted: bool

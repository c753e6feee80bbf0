"""Evaluation service tables: the registry (organisations, communities) and case outcomes."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

metadata = SQLModel.metadata


class Organisation(SQLModel, table=True):
    __tablename__ = "organisation"

    code: str = Field(primary_key=True, max_length=32)
    name: str = Field(index=True, max_length=128)
    kind: str = Field(index=True, max_length=40)
    parent_code: str = Field(default="", max_length=32)


class Community(SQLModel, table=True):
    __tablename__ = "community"

    code: str = Field(primary_key=True, max_length=32)
    name: str = Field(unique=True, max_length=128)
    neighbourhood_code: str = Field(index=True, max_length=32)
    subdistrict_code: str = Field(max_length=32)
    company_code: str = Field(default="", index=True, max_length=32)
    households: int = 0
    residents: int = 0
    buildings: int = 0
    is_old: bool = False
    management_status: str = Field(default="UNMANAGED", max_length=20)


class CaseOutcome(SQLModel, table=True):
    """The facts of one closed case, as the department side of the review will use them."""

    __tablename__ = "case_outcome"

    case_no: str = Field(primary_key=True, max_length=32)
    company_code: str = Field(index=True, max_length=32)
    community_code: str = Field(max_length=32)
    responded_on_time: bool
    resolved: bool
    satisfaction: str = Field(max_length=20)
    recorded_at: datetime

"""Registry management (issue 14): neighbourhoods, communities, property companies, owners'
committees, the posts people hold in them, and the workbook import."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from services.gateway.schemas.common import Int32

EntryKind = Literal["neighbourhood", "community", "property_company", "owners_committee"]
OrganisationKind = Literal["neighbourhood", "property_company", "owners_committee"]
Code = Annotated[str, Field(min_length=1, max_length=32, description="e.g. CM-DFSJ: capitals, digits, hyphens")]
Day = Annotated[str, Field(default="", max_length=10, description="YYYY-MM-DD, or empty")]
Count = Annotated[Int32, Field(ge=0)]


class OrganisationSave(BaseModel):
    """A neighbourhood or company (parent: its subdistrict; empty for the street center's own) or
    an owners' committee (parent: its community)."""

    model_config = ConfigDict(extra="forbid")

    kind: OrganisationKind
    name: str = Field(min_length=1, max_length=128)
    parent_code: str = Field(default="", max_length=32)


class OrganisationCreate(OrganisationSave):
    code: Code


class CommunitySave(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=128)
    neighbourhood_code: Code
    company_code: str = Field(default="", max_length=32, description="empty when unmanaged")
    households: Count = 0
    residents: Count = 0
    buildings: Count = 0
    is_old: bool = False


class CommunityCreate(CommunitySave):
    code: Code


class CommunityFacts(BaseModel):
    company_code: str
    households: int
    residents: int
    buildings: int
    is_old: bool
    management_status: str = Field(description="UNMANAGED, TAKEN_OVER or WELL_MANAGED")


class RegistryEntryPublic(BaseModel):
    kind: EntryKind
    code: str
    name: str
    parent_code: str = Field(description="community: its neighbourhood; committee: its community; else subdistrict")
    subdistrict_code: str
    retired_at: str = Field(description="ISO 8601 UTC; empty while in service")
    community: CommunityFacts | None = None


class RegistrySaved(RegistryEntryPublic):
    changes: dict[str, list[object]] = Field(description="field → [before, after]")


class RegistryListPublic(BaseModel):
    entries: list[RegistryEntryPublic]


class AppointmentSave(BaseModel):
    model_config = ConfigDict(extra="forbid")

    person_name: str = Field(default="", max_length=64, description="required for a new person")
    is_party_member: bool = False
    post: str = Field(min_length=1, max_length=64)
    starts_on: Day = ""
    ends_on: Day = ""


class AppointmentPublic(BaseModel):
    person_id: str
    person_name: str
    is_party_member: bool
    org_code: str
    org_name: str
    org_kind: str
    post: str
    starts_on: str
    ends_on: str


class AppointmentListPublic(BaseModel):
    appointments: list[AppointmentPublic]


class RegistryImportPublic(BaseModel):
    """Rows loaded per sheet (added or edited), all in one transaction."""

    neighbourhoods: int
    companies: int
    communities: int
    committees: int
    appointments: int

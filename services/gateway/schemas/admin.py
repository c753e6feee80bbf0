"""Admin endpoints: API keys, liaison webhook endpoints, the working-day calendar."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from services.gateway import api_keys


class ApiKeyCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=64)
    purpose: str = Field(default=api_keys.LIAISON, max_length=32)
    role: str = Field(max_length=32, description="court_liaison or police_liaison (liaison); resident (open311)")
    organisation_code: str = Field(default="", max_length=32)


class ApiKeyPublic(BaseModel):
    """A key's name and grants; never the key (only its hash is stored)."""

    name: str
    purpose: str
    roles: list[str]
    organisations: list[str]
    is_active: bool
    is_demo: bool
    created_at: str = Field(description="ISO 8601 date-time")


class ApiKeySecretPublic(ApiKeyPublic):
    """A new or rotated key: `key` is shown this once."""

    key: str


class ApiKeyListPublic(BaseModel):
    api_keys: list[ApiKeyPublic]


class WebhookSet(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: str = Field(min_length=1, max_length=500)
    secret: str = Field(min_length=16, max_length=200)


class WebhookPublic(BaseModel):
    """Where the organisation hears of new referrals ("" when it pulls its list instead)."""

    organisation_code: str
    url: str


CalendarSource = Literal["package", "imported", "none"]


class YearCoveragePublic(BaseModel):
    year: int
    source: CalendarSource
    holidays: int
    workdays: int
    imported_by: str
    imported_at: str | None = Field(description="RFC 3339; null unless imported")
    source_format: str
    overrides_package: bool


class CoverageWarningPublic(BaseModel):
    year: int
    message: str


class CalendarDayPublic(BaseModel):
    date: str = Field(description="YYYY-MM-DD")
    kind: Literal["holiday", "workday", ""]
    name: str


class CalendarDaysPublic(BaseModel):
    year: int
    source: CalendarSource
    days: list[CalendarDayPublic]


class CalendarCoveragePublic(BaseModel):
    """Each year's source and the warnings ops sees; `days` only when a year was asked for."""

    package_version: str
    years: list[YearCoveragePublic]
    warnings: list[CoverageWarningPublic]
    days: CalendarDaysPublic | None = None


class CalendarImportPublic(BaseModel):
    format: Literal["csv", "ics"]
    years: list[YearCoveragePublic]

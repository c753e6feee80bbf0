"""The live three rates (响应率 / 解决率 / 满意率) over a period; the README defines each."""

from __future__ import annotations

from pydantic import BaseModel, Field

from services.gateway.schemas.common import Timestamp


class RatesPublic(BaseModel):
    code: str
    name: str
    cases: int = Field(description="closed cases in the period")
    responded_on_time: int
    resolved: int
    satisfied: int = Field(description="satisfied or fairly satisfied callbacks")
    answered: int = Field(description="callbacks the complainant answered")
    unreachable: int = Field(description="callbacks with no answer by the deadline")
    response_rate: float
    resolution_rate: float
    satisfaction_rate: float


class RateCasePublic(BaseModel):
    case_no: str
    community_code: str
    company_code: str
    responded_on_time: bool
    resolved: bool
    satisfaction: str
    closed_at: Timestamp


class RatesAnswer(BaseModel):
    scope_kind: str
    scope_code: str
    scope_name: str
    from_date: str = Field(description="first day of the period, Asia/Shanghai")
    to_date: str = Field(description="last day of the period (included), Asia/Shanghai")
    total: RatesPublic
    rows: list[RatesPublic]
    cases: list[RateCasePublic]

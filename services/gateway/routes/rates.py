"""The live three rates over a period, for a subdistrict, neighbourhood, community or company,
from the evaluation service's closed-case records; with the cases behind each number for staff."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fengqiao.evaluation.v1 import evaluation_pb2

from services.gateway.deps import Backends, BackendsDep, Caller, CallerDep
from services.gateway.schemas.common import SIGNED_IN, refusals
from services.gateway.schemas.rates import RatesAnswer
from services.gateway.views import as_dict

router = APIRouter(prefix="/api/v1", tags=["rates"])

ScopeKind = Literal["subdistrict", "neighbourhood", "community", "company"]
Period = Literal["month", "quarter", "custom"]
GroupBy = Literal["", "community", "neighbourhood", "company"]
Code = Annotated[str, Query(min_length=2, max_length=32)]
Day = Annotated[str, Query(max_length=10)]


def answer_json(kind: str, code: str, found: evaluation_pb2.GetRatesResponse) -> dict[str, Any]:
    """The scope asked for, then the service's answer field for field (RatesAnswer)."""
    return {"scope_kind": kind, "scope_code": code} | as_dict(found)


async def fetch(
    backends: Backends,
    caller: Caller,
    kind: str,
    code: str,
    period: str,
    days: tuple[str, str],
    *,
    group_by: str,
    cases: bool = False,
) -> evaluation_pb2.GetRatesResponse:
    """The rates of one scope over a period (`days`: from and to, for a custom one), by `group_by`
    rows, with the cases behind them when `cases`: the API and the console's rates page ask here."""
    return await backends.evaluation.GetRates(
        evaluation_pb2.GetRatesRequest(
            scope_kind=kind,
            scope_code=code,
            period=period,
            from_date=days[0],
            to_date=days[1],
            group_by=group_by,
            with_cases=cases,
        ),
        metadata=caller.metadata,
        timeout=caller.timeout,
    )


@router.get("/rates", response_model=RatesAnswer, responses=refusals(*SIGNED_IN, 404))
async def rates(
    backends: BackendsDep,
    caller: CallerDep,
    scope_kind: ScopeKind,
    scope_code: Code,
    period: Period = "month",
    from_date: Day = "",
    to_date: Day = "",
    group_by: GroupBy = "",
    cases: bool = False,
) -> dict[str, Any]:
    """Response, resolution and satisfaction rates of the cases closed in the period (dates in
    Asia/Shanghai, both included); `cases=true` lists the cases behind them (at most 500)."""
    found = await fetch(
        backends, caller, scope_kind, scope_code, period, (from_date, to_date), group_by=group_by, cases=cases
    )
    return answer_json(scope_kind, scope_code, found)

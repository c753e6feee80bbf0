"""The live three rates (响应率 / 解决率 / 满意率) of closed cases over a period, for a subdistrict,
neighbourhood, community or company, with rows and the cases behind them.

Every closed case leaves one `case_outcome` row (written by the case workflow when it closes);
the period is the day the case closed, in Asia/Shanghai. The README defines each rate."""

from __future__ import annotations

from typing import Any

from fengqiao.evaluation.v1 import evaluation_pb2
from grpc import aio
from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from services.common import scope
from services.common.clock import as_utc, utcnow
from services.common.errors import InvalidInput, NotFound, PermissionDenied
from services.common.grpc_server import current_identity
from services.common.identity import Identity
from services.common.messages import message_from
from services.evaluation.models import CaseOutcome, Community, Organisation
from services.evaluation.rate_periods import period_dates, utc_bounds
from services.evaluation.servicer_base import ServicerBase

SCOPES = ("subdistrict", "neighbourhood", "community", "company")
GROUPS = ("community", "neighbourhood", "company")
SATISFIED = ("satisfied", "fairly_satisfied")
CASE_LIMIT = 500  # the drill-down lists at most this many cases, newest first

_SCOPE_COLUMN: dict[str, Any] = {
    "subdistrict": Community.subdistrict_code,
    "neighbourhood": Community.neighbourhood_code,
    "community": CaseOutcome.community_code,
    "company": CaseOutcome.company_code,
}
_GROUP_COLUMN: dict[str, Any] = {
    "community": CaseOutcome.community_code,
    "neighbourhood": Community.neighbourhood_code,
    "company": CaseOutcome.company_code,
}


def _ratio(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def _rates(code: str, name: str, row: tuple[int, ...]) -> evaluation_pb2.Rates:
    cases, responded, resolved, satisfied, answered = (int(v or 0) for v in row)
    return evaluation_pb2.Rates(
        code=code,
        name=name,
        cases=cases,
        responded_on_time=responded,
        resolved=resolved,
        satisfied=satisfied,
        answered=answered,
        unreachable=cases - answered,
        response_rate=_ratio(responded, cases),
        resolution_rate=_ratio(resolved, cases),
        satisfaction_rate=_ratio(satisfied, answered),
    )


def _check_access(identity: Identity, kind: str, code: str, community: Community | None, with_cases: bool) -> None:
    """Centres, ops and admin read any scope; a neighbourhood's staff their neighbourhood and its
    communities; a company its own rates; the public board a subdistrict's or a company's totals."""
    if identity.has_role(*scope.WIDE_ROLES):
        return
    if identity.has_role(scope.CASEWORKER, scope.GRID_WORKER):
        hood = code if kind == "neighbourhood" else (community.neighbourhood_code if community else "")
        if hood and hood in identity.organisations:
            return
    if identity.has_role(scope.COMPANY) and kind == "company" and code in identity.organisations:
        return
    if identity.has_role(scope.PUBLIC) and kind in ("subdistrict", "company") and not with_cases:
        return
    raise PermissionDenied(f"the rates of {kind} {code} are outside your organisations' scope")


class RateMethods(ServicerBase):
    async def GetRates(
        self, request: evaluation_pb2.GetRatesRequest, context: aio.ServicerContext
    ) -> evaluation_pb2.GetRatesResponse:
        kind, code = request.scope_kind, request.scope_code
        if kind not in SCOPES:
            raise InvalidInput(f"scope_kind must be one of {', '.join(SCOPES)}; got {kind!r}", field="scope_kind")
        if not code:
            raise InvalidInput("scope_code is required", field="scope_code")
        if request.group_by and request.group_by not in GROUPS:
            raise InvalidInput(f"group_by must be one of {', '.join(GROUPS)}", field="group_by")
        first, last = period_dates(request.period, request.from_date, request.to_date, utcnow())
        start, end = utc_bounds(first, last)
        async with self.db.session() as session:
            scope_name, community = await _scope_name(session, kind, code)
            _check_access(current_identity(), kind, code, community, request.with_cases)
            where = (
                _SCOPE_COLUMN[kind] == code,
                col(CaseOutcome.recorded_at) >= start,
                col(CaseOutcome.recorded_at) < end,
            )
            total = (await session.exec(_counts().where(*where))).one()  # type: ignore[call-overload]
            rows = []
            if request.group_by:
                key = _GROUP_COLUMN[request.group_by]
                grouped = (
                    await session.exec(_counts(key).where(*where).group_by(key).order_by(key))  # type: ignore[call-overload]
                ).all()
                names = await _names(session, request.group_by, [g[0] for g in grouped])
                rows = [_rates(g[0], names.get(g[0], g[0]), tuple(g[1:])) for g in grouped]
            cases = []
            if request.with_cases:
                found = (
                    await session.exec(
                        select(CaseOutcome)
                        .join(Community, col(Community.code) == col(CaseOutcome.community_code), isouter=True)
                        .where(*where)
                        .order_by(col(CaseOutcome.recorded_at).desc(), col(CaseOutcome.case_no))
                        .limit(CASE_LIMIT)
                    )
                ).all()
                cases = [
                    message_from(evaluation_pb2.RateCase, o, closed_at=as_utc(o.recorded_at).isoformat()) for o in found
                ]
        return evaluation_pb2.GetRatesResponse(
            total=_rates(code, scope_name, tuple(total)),
            rows=rows,
            cases=cases,
            from_date=first.isoformat(),
            to_date=last.isoformat(),
            scope_name=scope_name,
        )


def _counts(*keys: Any) -> Any:
    """(keys…, cases, responded on time, resolved, satisfied or fairly satisfied, answered)."""
    return select(  # type: ignore[call-overload]
        *keys,
        func.count(),
        func.count().filter(col(CaseOutcome.responded_on_time).is_(True)),
        func.count().filter(col(CaseOutcome.resolved).is_(True)),
        func.count().filter(col(CaseOutcome.satisfaction).in_(SATISFIED)),
        func.count().filter(col(CaseOutcome.satisfaction) != "no_answer"),
    ).join(Community, col(Community.code) == col(CaseOutcome.community_code), isouter=True)


async def _scope_name(session: AsyncSession, kind: str, code: str) -> tuple[str, Community | None]:
    """The scope's display name (and its community row for a community scope); NotFound if unknown."""
    if kind == "community":
        community = await session.get(Community, code)
        if community is None:
            raise NotFound(f"no community {code!r}", field="scope_code")
        return community.name, community
    org = await session.get(Organisation, code)
    expected = {"subdistrict": "subdistrict", "neighbourhood": "neighbourhood", "company": "property_company"}[kind]
    if org is None or org.kind != expected:
        raise NotFound(f"no {kind} {code!r}", field="scope_code")
    return org.name, None


async def _names(session: AsyncSession, group: str, codes: list[str]) -> dict[str, str]:
    if group == "community":
        stmt: Any = select(Community.code, Community.name).where(col(Community.code).in_(codes))
    else:
        stmt = select(Organisation.code, Organisation.name).where(col(Organisation.code).in_(codes))
    return {c: n for c, n in (await session.exec(stmt)).all()}

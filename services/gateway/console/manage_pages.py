"""The street centre's console for 专项调 and 评: convening a five-party council on a
community-wide issue (with or without linked complaints; mediation's ConsultationService starts
the ConsultationWorkflow), and the live three rates for any scope and period, with the cases
behind each number."""

from __future__ import annotations

import re
import secrets
from datetime import datetime
from typing import Annotated, Any

import grpc
from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, Response
from fengqiao.mediation.v1 import consultation_pb2

from services.common.clock import SHANGHAI
from services.gateway.console.i18n import refusal_zh
from services.gateway.console.pages import ConsoleRoute, answered_refusal, back
from services.gateway.console.session import Me, language
from services.gateway.deps import BackendsDep, get_caller
from services.gateway.html import render
from services.gateway.routes import consultations, rates

router = APIRouter(include_in_schema=False, route_class=ConsoleRoute)
SUBDISTRICT = "SD-DONGJIE"
# The rows under a scope: a subdistrict by neighbourhood, a neighbourhood or company by community.
ROWS_OF = {"subdistrict": "neighbourhood", "neighbourhood": "community", "company": "community", "community": ""}
_CASE_NOS = re.compile(r"[\s,，、;；]+")


def _consultation_form(values: dict[str, Any], error: str = "") -> dict[str, Any]:
    return {"form": values, "error": error}


@router.get("/console/consultations/new", response_class=HTMLResponse)
async def convene_page(request: Request, me: Me) -> Response:
    key = f"ZX-{datetime.now(SHANGHAI):%Y%m%d}-{secrets.token_hex(3).upper()}"
    return render(request, "console/convene.html", _consultation_form({"consultation_id": key}))


@router.post("/console/consultations", response_class=HTMLResponse)
async def convene(
    request: Request,
    backends: BackendsDep,
    me: Me,
    consultation_id: Annotated[str, Form(max_length=64)],
    community: Annotated[str, Form(max_length=32)] = "",
    subject: Annotated[str, Form(max_length=400)] = "",
    linked: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    values = {"consultation_id": consultation_id, "community": community, "subject": subject, "linked": linked}
    case_nos = [c for c in _CASE_NOS.split(linked.strip()) if c]
    caller = get_caller(backends, me)
    try:
        started = await consultations.start(
            backends,
            caller,
            consultation_pb2.StartConsultationRequest(
                consultation_id=consultation_id,
                community_code=community,
                subject=subject.strip(),
                linked_case_nos=case_nos,
            ),
            None,
        )
    except grpc.aio.AioRpcError as exc:
        detail = answered_refusal(exc, grpc.StatusCode.INVALID_ARGUMENT, grpc.StatusCode.NOT_FOUND)
        error = refusal_zh(detail, language(request))
        return render(request, "console/convene.html", _consultation_form(values, error), 422)
    return back(f"/console/consultations/{started.consultation.consultation_id}")


@router.get("/console/consultations/{consultation_id}", response_class=HTMLResponse)
async def consultation_page(request: Request, consultation_id: str, backends: BackendsDep, me: Me) -> Response:
    caller = get_caller(backends, me)
    found = await backends.consultations.GetConsultation(
        consultation_pb2.GetConsultationRequest(consultation_id=consultation_id[:64]),
        metadata=caller.metadata,
        timeout=caller.timeout,
    )
    return render(request, "console/consultation.html", {"c": found.state, "consultation_id": consultation_id})


@router.get("/console/rates", response_class=HTMLResponse)
async def rates_page(
    request: Request,
    backends: BackendsDep,
    me: Me,
    scope: Annotated[str, Query(max_length=48)] = f"subdistrict:{SUBDISTRICT}",
    period: Annotated[str, Query(max_length=8)] = "month",
    from_date: Annotated[str, Query(max_length=10)] = "",
    to_date: Annotated[str, Query(max_length=10)] = "",
    cases: Annotated[bool, Query()] = False,
) -> Response:
    kind, _, code = scope.partition(":")
    caller = get_caller(backends, me)
    values = {"scope": scope, "period": period, "from_date": from_date, "to_date": to_date}
    try:
        found = await rates.fetch(
            backends, caller, kind, code, period, (from_date, to_date), group_by=ROWS_OF.get(kind, ""), cases=cases
        )
    except grpc.aio.AioRpcError as exc:
        detail = answered_refusal(exc, grpc.StatusCode.INVALID_ARGUMENT, grpc.StatusCode.NOT_FOUND)
        error = _rates_refusal(detail, language(request))
        return render(request, "console/rates.html", {"form": values, "error": error, "found": None}, 422)
    return render(
        request,
        "console/rates.html",
        {"form": values, "error": "", "found": found, "row_kind": ROWS_OF.get(kind, ""), "with_cases": cases},
    )


def _rates_refusal(detail: str, lang: str) -> str:
    if lang == "en":
        return detail
    if "from_date" in detail or "to_date" in detail or "at most" in detail:
        return "请填写正确的起止日期：格式如 2026-10-01，止日不早于起日，最长三年。"
    if "period" in detail:
        return "请选择本月、本季度或自定义期间。"
    return "请选择要统计的范围。"

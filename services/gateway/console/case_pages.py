"""The console's case search and case pages (personal data revealed on request, audited), and the
pages of a community and of a property company."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from fengqiao.evaluation.v1 import evaluation_pb2, registry_pb2
from fengqiao.intake.v1 import intake_pb2
from fengqiao.mediation.v1 import task_pb2

from services.common import scope
from services.gateway import audit
from services.gateway.console.pages import ConsoleRoute, back, error_page
from services.gateway.console.session import Me
from services.gateway.deps import BackendsDep, get_caller
from services.gateway.html import render
from services.gateway.schemas.common import PageToken
from services.gateway.views import task_json

router = APIRouter(include_in_schema=False, route_class=ConsoleRoute)


@router.get("/console/cases", response_class=HTMLResponse)
async def case_search(
    request: Request,
    backends: BackendsDep,
    me: Me,
    case_no: Annotated[str, Query(max_length=32)] = "",
    status: Annotated[str, Query(max_length=16)] = "",
    page_token: PageToken = "",
) -> Response:
    if case_no.strip():
        return back(f"/console/cases/{case_no.strip()}")
    caller = get_caller(backends, me)
    found = await backends.intake.ListCases(
        intake_pb2.ListCasesRequest(status=status, page_size=50, page_token=page_token),
        metadata=caller.metadata,
        timeout=caller.timeout,
    )
    statuses = ("RECEIVED", "TRIAGE", "IN_PROGRESS", "RESOLVED", "CALLBACK", "CLOSED", "MERGED", "REFERRED")
    return render(
        request,
        "console/cases.html",
        {"cases": found.cases, "next_page_token": found.next_page_token, "status": status, "statuses": statuses},
    )


@router.get("/console/cases/{case_no}", response_class=HTMLResponse)
async def case_page(request: Request, case_no: str, backends: BackendsDep, me: Me, earlier: PageToken = "") -> Response:
    caller = get_caller(backends, me)
    found = await backends.intake.GetCase(
        intake_pb2.GetCaseRequest(case_no=case_no, timeline_page_token=earlier),
        metadata=caller.metadata,
        timeout=caller.timeout,
    )
    tasks = await backends.tasks.ListTasks(
        task_pb2.ListTasksRequest(view="all", case_no=case_no, page_size=50),
        metadata=caller.metadata,
        timeout=caller.timeout,
    )
    return render(
        request,
        "console/case.html",
        {
            "case": found.case,
            "timeline": list(found.timeline),
            "timeline_total": found.timeline_total,
            "earlier": found.timeline_next_page_token,
            "paged": bool(earlier),
            "tasks": [task_json(t) for t in tasks.tasks],
        },
    )


@router.post("/console/cases/{case_no}/reveal", response_class=HTMLResponse)
async def reveal(request: Request, case_no: str, backends: BackendsDep, me: Me) -> Response:
    """The htmx fragment with the complainant in clear, for the case's owners; audited."""
    caller = get_caller(backends, me)
    found = await backends.intake.GetCase(
        intake_pb2.GetCaseRequest(case_no=case_no), metadata=caller.metadata, timeout=caller.timeout
    )
    if found.case.personal_data_masked:
        return error_page(request, 403, "only the staff who handle this case may see its personal data")
    await audit.record(backends.db, me, audit.REVEAL_PERSONAL_DATA, case_no)
    return render(request, "console/_personal_data.html", {"case": found.case})


@router.get("/console/communities/{code}", response_class=HTMLResponse)
async def community_page(request: Request, code: str, backends: BackendsDep, me: Me) -> Response:
    caller = get_caller(backends, me)
    community = (
        await backends.registry.ResolveCommunity(
            registry_pb2.ResolveCommunityRequest(query=code), metadata=caller.metadata, timeout=caller.timeout
        )
    ).community
    if not scope.sees_case(me, neighbourhood_code=community.neighbourhood_code, company_code=community.company_code):
        return error_page(request, 403, f"community {code} is outside your organisations' scope")
    tasks = await backends.tasks.ListTasks(
        task_pb2.ListTasksRequest(view="all", community_code=community.code, page_size=50),
        metadata=caller.metadata,
        timeout=caller.timeout,
    )
    return render(
        request,
        "console/community.html",
        {"community": community, "tasks": [task_json(t) for t in tasks.tasks], "total": tasks.total},
    )


@router.get("/console/companies/{code}", response_class=HTMLResponse)
async def company_page(request: Request, code: str, backends: BackendsDep, me: Me) -> Response:
    """A property company's own page: its tasks (orders to report on), its cases and its rates."""
    if not scope.sees_case(me, neighbourhood_code="", company_code=code):
        return error_page(request, 403, f"company {code}'s page is for the company itself and the centres")
    caller = get_caller(backends, me)
    org = (
        await backends.registry.GetOrganisation(
            registry_pb2.GetOrganisationRequest(code=code), metadata=caller.metadata, timeout=caller.timeout
        )
    ).organisation
    rates = await backends.evaluation.GetCompanyRates(
        evaluation_pb2.GetCompanyRatesRequest(company_code=code), metadata=caller.metadata, timeout=caller.timeout
    )
    tasks = await backends.tasks.ListTasks(
        task_pb2.ListTasksRequest(view="all", company_code=code, page_size=50),
        metadata=caller.metadata,
        timeout=caller.timeout,
    )
    cases = await backends.intake.ListCases(
        intake_pb2.ListCasesRequest(page_size=50), metadata=caller.metadata, timeout=caller.timeout
    )
    return render(
        request,
        "console/company.html",
        {
            "org": org,
            "rates": rates,
            "tasks": [task_json(t) for t in tasks.tasks],
            "cases": [c for c in cases.cases if c.company_code == code],
        },
    )

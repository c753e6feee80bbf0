"""The street centre's takeover pages (大包小、新带旧、好补差): the bundles and their steps, proposing
one (lead company, old communities, probation), and one bundle with its tasks. The evaluation
service refuses a black-listed lead and starts TakeoverWorkflow; the steps are inbox tasks."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Annotated, Any

import grpc
from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response
from fengqiao.evaluation.v1 import registry_pb2, takeover_pb2
from fengqiao.mediation.v1 import task_pb2

from services.common.clock import SHANGHAI
from services.gateway.console.i18n import refusal_zh
from services.gateway.console.pages import ConsoleRoute, answered_refusal, back, error_page
from services.gateway.console.session import Me, language
from services.gateway.deps import Backends, BackendsDep, Caller, get_caller
from services.gateway.html import render
from services.gateway.routes import takeovers
from services.gateway.views import task_json

router = APIRouter(include_in_schema=False, route_class=ConsoleRoute)
SUBDISTRICT = "SD-DONGJIE"


def new_bundle_id() -> str:
    """TK-<year>-<six digits>: read and copied like a case number; a clash is refused (409), not joined."""
    return f"TK-{datetime.now(SHANGHAI):%Y}-{secrets.randbelow(10**6):06d}"


async def _choices(backends: Backends, caller: Caller) -> dict[str, Any]:
    """What the proposal form offers: companies (suggested first, black-listed marked) and the old
    communities the board shows unmanaged, with the company the registry names for each."""
    kw: dict[str, Any] = {"metadata": caller.metadata, "timeout": caller.timeout}
    suggested = await backends.registry.SuggestTakeoverCompanies(
        registry_pb2.SuggestTakeoverCompaniesRequest(subdistrict_code=SUBDISTRICT), **kw
    )
    companies = await backends.registry.ListOrganisations(
        registry_pb2.ListOrganisationsRequest(kind="property_company"), **kw
    )
    offered = {c.company_code for c in suggested.companies}
    board = await backends.registry.GetTakeoverBoard(
        registry_pb2.GetTakeoverBoardRequest(subdistrict_code=SUBDISTRICT), **kw
    )
    registry_company: dict[str, str] = {}
    token = ""
    while True:
        page = await backends.registry.ListCommunities(
            registry_pb2.ListCommunitiesRequest(page_size=200, page_token=token), **kw
        )
        registry_company.update({c.code: c.company_code for c in page.communities})
        token = page.next_page_token
        if not token:
            break
    return {
        "suggested": list(suggested.companies),
        "black": [o for o in companies.organisations if o.code not in offered and o.parent_code == SUBDISTRICT],
        "candidates": [
            {"code": e.community_code, "name": e.community_name, "company": registry_company.get(e.community_code, "")}
            for e in board.communities
            if e.management_status == registry_pb2.MANAGEMENT_STATUS_UNMANAGED
        ],
    }


async def _render_list(
    request: Request, backends: Backends, caller: Caller, *, error: str = "", form: dict[str, Any] | None = None
) -> Response:
    bundles = await backends.takeovers.ListTakeovers(
        takeover_pb2.ListTakeoversRequest(), metadata=caller.metadata, timeout=caller.timeout
    )
    context: dict[str, Any] = {"bundles": list(bundles.bundles), "error": error}
    if caller.identity.has_role("street_center", "admin"):
        context |= await _choices(backends, caller)
        context["form"] = form or {"bundle_id": new_bundle_id(), "probation_days": 90, "communities": []}
    return render(request, "console/takeovers.html", context, 422 if error else 200)


@router.get("/console/takeovers", response_class=HTMLResponse)
async def takeovers_page(request: Request, backends: BackendsDep, me: Me) -> Response:
    return await _render_list(request, backends, get_caller(backends, me))


@router.post("/console/takeovers", response_class=HTMLResponse)
async def propose(
    request: Request,
    backends: BackendsDep,
    me: Me,
    bundle_id: Annotated[str, Form(max_length=64)],
    lead_company_code: Annotated[str, Form(max_length=32)] = "",
    communities: Annotated[list[str] | None, Form(max_length=100)] = None,
    probation_days: Annotated[int, Form(ge=0, le=10000)] = 90,
) -> Response:
    caller = get_caller(backends, me)
    chosen = list(communities or [])
    form = {"bundle_id": bundle_id, "lead": lead_company_code, "communities": chosen, "probation_days": probation_days}
    try:
        started = await takeovers.start(
            backends,
            caller,
            registry_pb2.StartTakeoverRequest(
                bundle_id=bundle_id,
                lead_company_code=lead_company_code,
                community_codes=chosen,
                probation_days=probation_days,
            ),
            None,
        )
    except grpc.aio.AioRpcError as exc:
        detail = answered_refusal(
            exc, grpc.StatusCode.INVALID_ARGUMENT, grpc.StatusCode.NOT_FOUND, grpc.StatusCode.ALREADY_EXISTS
        )
        form["bundle_id"] = new_bundle_id() if exc.code() == grpc.StatusCode.ALREADY_EXISTS else bundle_id
        return await _render_list(request, backends, caller, error=refusal_zh(detail, language(request)), form=form)
    return back(f"/console/takeovers/{started.bundle_id}")


@router.get("/console/takeovers/{bundle_id}", response_class=HTMLResponse)
async def bundle_page(request: Request, bundle_id: str, backends: BackendsDep, me: Me) -> Response:
    caller = get_caller(backends, me)
    found = await backends.takeovers.ListTakeovers(
        takeover_pb2.ListTakeoversRequest(bundle_id=bundle_id[:64]), metadata=caller.metadata, timeout=caller.timeout
    )
    if not found.bundles:
        return error_page(request, 404, f"no takeover bundle {bundle_id}")
    bundle = found.bundles[0]
    tasks = await backends.tasks.ListTasks(
        task_pb2.ListTasksRequest(view="all", company_code=bundle.lead_company_code, page_size=200),
        metadata=caller.metadata,
        timeout=caller.timeout,
    )
    mine = bundle_id[-32:]
    # A takeover task's id is its workflow's id and step: takeover-<bundle id>-t<step>.
    of_bundle = [task_json(t) for t in tasks.tasks if t.kind.startswith("takeover_") and mine in t.id]
    return render(request, "console/takeover.html", {"bundle": bundle, "tasks": of_bundle})

"""The web console's pages: landing, sign-in, inbox, task, case search and case, community,
property company. Chinese first (an English switch in a cookie), times in Asia/Shanghai."""

from __future__ import annotations

import json
from typing import Annotated, Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import grpc
from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fengqiao.evaluation.v1 import evaluation_pb2, registry_pb2
from fengqiao.intake.v1 import intake_pb2
from fengqiao.mediation.v1 import task_pb2
from pydantic import ValidationError
from sqlmodel import col, select

from contracts.task_kinds import TASK_KINDS
from contracts.tasks import VIEWS, priority_label
from services.common import scope
from services.common.identity import Identity
from services.common.logging import request_id_var
from services.gateway import audit, users
from services.gateway.console import forms
from services.gateway.console.i18n import LANGUAGES, LEVELS, TRACKS
from services.gateway.console.pages import ConsoleRoute, error_page, render
from services.gateway.console.session import LANGUAGE_COOKIE, SESSION_COOKIE, identity_from_cookie
from services.gateway.deps import Backends, BackendsDep, Caller
from services.gateway.errors import ApiError
from services.gateway.inbox import FILTER_FIELDS, InboxFilters, StrictInboxFilters, list_request
from services.gateway.models import SavedFilter
from services.gateway.routes import saved_filters
from services.gateway.schemas.tasks import SavedFilterCreate
from services.gateway.security import issue_token, verify_password
from services.gateway.views import task_json

router = APIRouter(include_in_schema=False, route_class=ConsoleRoute)
INBOX_PAGE_SIZE = 25
# How often an open inbox asks for new and changed tasks (htmx polling; no reload).
POLL_SECONDS = 5


class SignInFirst(ApiError):
    def __init__(self) -> None:
        super().__init__(401, "unauthenticated", "sign in first")


def signed_in(request: Request, backends: BackendsDep) -> Identity:
    identity = identity_from_cookie(request, backends.settings.jwt_secret)
    if identity is None:
        raise SignInFirst()
    request.state.identity = identity
    return identity


Me = Annotated[Identity, Depends(signed_in)]


def caller_of(backends: Backends, identity: Identity) -> Caller:
    return Caller(
        identity=identity,
        metadata=backends.caller_metadata(identity, request_id_var.get()),
        timeout=backends.settings.rpc_timeout_seconds,
    )


def _back(path: str, **params: str) -> RedirectResponse:
    query = urlencode({k: v for k, v in params.items() if v})
    return RedirectResponse(f"{path}?{query}" if query else path, status_code=303)


# --- landing, sign-in, language -------------------------------------------------------------


@router.get("/", response_class=HTMLResponse)
async def home(request: Request, backends: BackendsDep) -> Response:
    return render(request, "home.html", {"temporal_ui": backends.settings.temporal_ui_url})


@router.get("/console/login", response_class=HTMLResponse)
async def login_page(request: Request) -> Response:
    return render(request, "login.html", {"failed": False})


@router.post("/console/login", response_class=HTMLResponse)
async def login(
    request: Request,
    backends: BackendsDep,
    username: Annotated[str, Form(max_length=64)],
    password: Annotated[str, Form(max_length=200)],
) -> Response:
    async with backends.db.session() as session:
        user = await users.get(session, username)
    ok = verify_password(password, user.password_hash if user else None)
    demo_refused = user is not None and user.is_demo and backends.settings.environment != "development"
    if user is None or not ok or not user.is_active or demo_refused:
        return render(request, "login.html", {"failed": True, "username": username}, 401)
    minutes = backends.settings.token_minutes
    token = issue_token(users.identity_of(user), backends.settings.jwt_secret, minutes)
    response = RedirectResponse("/console/inbox", status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=minutes * 60,
        httponly=True,
        samesite="strict",
        secure=backends.settings.environment == "production",
    )
    return response


@router.post("/console/logout")
async def logout() -> Response:
    response = RedirectResponse("/console/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.get("/console/lang/{lang}")
async def switch_language(lang: str, request: Request) -> Response:
    # Back to the page the switch was clicked on — its path only, never another site.
    referer = urlsplit(request.headers.get("referer", ""))
    target = (
        (referer.path + (f"?{referer.query}" if referer.query else ""))
        if referer.path.startswith("/") and not referer.path.startswith("//")
        else ""
    )
    response = RedirectResponse(target or "/console/inbox", status_code=303)
    if lang in LANGUAGES:
        response.set_cookie(LANGUAGE_COOKIE, lang, max_age=365 * 86400, samesite="lax")
    return response


# --- inbox -------------------------------------------------------------------------------------


def _filters(request: Request) -> InboxFilters:
    raw = {k: v for k, v in request.query_params.items() if k in FILTER_FIELDS and v != ""}
    try:
        return InboxFilters.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        raise ApiError(422, "invalid_argument", f"{field}: {first['msg']}", {"field": field}) from exc


async def _inbox_rows(
    backends: Backends, me: Identity, view: str, filters: InboxFilters, page_token: str
) -> dict[str, Any]:
    caller = caller_of(backends, me)
    listed = await backends.tasks.ListTasks(
        list_request(view, filters, INBOX_PAGE_SIZE, page_token), metadata=caller.metadata, timeout=caller.timeout
    )
    counts = await backends.tasks.CountTasks(
        task_pb2.CountTasksRequest(), metadata=caller.metadata, timeout=caller.timeout
    )
    return {
        "tasks": [task_json(t) | {"pb": t} for t in listed.tasks],
        "total": listed.total,
        "total_capped": listed.total_capped,
        "next_page_token": listed.next_page_token,
        "counts": {c.view: (c.count, c.capped) for c in counts.counts},
        "view": view,
        "filters": filters,
        "query": urlencode(filters.as_query()),
        "page_token": page_token,
    }


@router.get("/console/inbox", response_class=HTMLResponse)
async def inbox(
    request: Request,
    backends: BackendsDep,
    me: Me,
    view: Annotated[str, Query(pattern="^(mine|group|all|completed|overdue)$")] = "group",
    page_token: Annotated[str, Query(max_length=512)] = "",
    notice: Annotated[str, Query(max_length=40)] = "",
) -> Response:
    filters = _filters(request)
    rows = await _inbox_rows(backends, me, view, filters, page_token)
    async with backends.db.session() as session:
        stmt = select(SavedFilter).where(SavedFilter.username == me.subject).order_by(col(SavedFilter.name))
        saved = [
            {"name": s.name, "view": s.view, "query": urlencode({"view": s.view} | json.loads(s.query_json))}
            for s in (await session.exec(stmt)).all()
        ]
    return render(
        request,
        "inbox.html",
        rows
        | {
            "views": VIEWS,
            "kinds": list(TASK_KINDS),
            "tracks": TRACKS,
            "levels": LEVELS,
            "saved": saved,
            "notice": notice,
            "poll_seconds": POLL_SECONDS,
        },
    )


@router.get("/console/inbox/rows", response_class=HTMLResponse)
async def inbox_rows(
    request: Request,
    backends: BackendsDep,
    me: Me,
    view: Annotated[str, Query(pattern="^(mine|group|all|completed|overdue)$")] = "group",
    page_token: Annotated[str, Query(max_length=512)] = "",
) -> Response:
    """The rows and view counts alone: what the open inbox polls for."""
    rows = await _inbox_rows(backends, me, view, _filters(request), page_token)
    return render(request, "_inbox_poll.html", rows | {"views": VIEWS, "poll_seconds": POLL_SECONDS})


@router.post("/console/filters")
async def save_filter(
    request: Request,
    backends: BackendsDep,
    me: Me,
    name: Annotated[str, Form(min_length=1, max_length=60)],
    view: Annotated[str, Form(pattern="^(mine|group|all|completed|overdue)$")],
    query: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    raw = {k: v for k, v in parse_qsl(query) if k in FILTER_FIELDS}
    try:
        filters = StrictInboxFilters.model_validate(raw)
    except ValidationError as exc:
        raise ApiError(422, "invalid_argument", "the filters to save are not valid") from exc
    await saved_filters.save_filter(
        name.strip(),
        SavedFilterCreate(name=name.strip(), view=view, filters=filters),  # type: ignore[arg-type]
        backends,
        me,
    )
    return _back("/console/inbox", view=view, **filters.as_query())


@router.post("/console/filters/{name}/delete")
async def delete_filter(name: str, backends: BackendsDep, me: Me) -> Response:
    async with backends.db.session() as session:
        row = await session.get(SavedFilter, (me.subject, name))
        if row is not None:
            await session.delete(row)
    return _back("/console/inbox")


# --- one task ------------------------------------------------------------------------------------


async def _case_with_timeline(backends: Backends, caller: Caller, case_no: str) -> dict[str, Any] | None:
    """The case and its timeline, or None when the caller's role may see the task but not the case."""
    try:
        found = await backends.intake.GetCase(
            intake_pb2.GetCaseRequest(case_no=case_no), metadata=caller.metadata, timeout=caller.timeout
        )
    except grpc.aio.AioRpcError as exc:
        if exc.code() in (grpc.StatusCode.PERMISSION_DENIED, grpc.StatusCode.NOT_FOUND):
            return None
        raise
    return {"case": found.case, "timeline": list(found.timeline)}


@router.get("/console/tasks/{task_id}", response_class=HTMLResponse)
async def task_page(
    request: Request,
    task_id: str,
    backends: BackendsDep,
    me: Me,
    notice: Annotated[str, Query(max_length=40)] = "",
) -> Response:
    return await _render_task(request, backends, me, task_id, notice=notice)


async def _render_task(
    request: Request,
    backends: Backends,
    me: Identity,
    task_id: str,
    *,
    notice: str = "",
    error: str = "",
    values: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    caller = caller_of(backends, me)
    task = (
        await backends.tasks.GetTask(
            task_pb2.GetTaskRequest(task_id=task_id), metadata=caller.metadata, timeout=caller.timeout
        )
    ).task
    body = task_json(task)
    schema = body["form_schema"]
    held = body["status"] == "claimed" and task.assignee == me.subject
    context = {
        "task": body,
        "pb": task,
        "held": held,
        "may_claim": body["status"] == "open" and bool(me.groups & set(task.candidate_groups)),
        "may_release": body["status"] == "claimed" and (held or me.has_role(scope.SUPERVISOR, scope.ADMIN)),
        "may_assign": body["status"] in ("open", "claimed") and me.has_role(scope.SUPERVISOR, scope.ADMIN),
        "fields": forms.fields_of(schema, values),
        "outcome_value": (values or {}).get("outcome", ""),
        "case": await _case_with_timeline(backends, caller, task.case_no),
        "notice": notice,
        "error": error,
        "priority_label": priority_label(task.priority),
    }
    return render(request, "task.html", context, status_code)


@router.post("/console/tasks/{task_id}/claim")
async def claim(task_id: str, backends: BackendsDep, me: Me) -> Response:
    caller = caller_of(backends, me)
    await backends.tasks.ClaimTask(
        task_pb2.ClaimTaskRequest(task_id=task_id), metadata=caller.metadata, timeout=caller.timeout
    )
    return _back(f"/console/tasks/{task_id}", notice="claimed_msg")


@router.post("/console/tasks/{task_id}/release")
async def release(task_id: str, backends: BackendsDep, me: Me) -> Response:
    caller = caller_of(backends, me)
    await backends.tasks.ReleaseTask(
        task_pb2.ReleaseTaskRequest(task_id=task_id), metadata=caller.metadata, timeout=caller.timeout
    )
    return _back(f"/console/tasks/{task_id}", notice="released_msg")


@router.post("/console/tasks/{task_id}/assign")
async def assign(
    task_id: str, backends: BackendsDep, me: Me, assignee: Annotated[str, Form(max_length=64)]
) -> Response:
    caller = caller_of(backends, me)
    await backends.tasks.AssignTask(
        task_pb2.AssignTaskRequest(task_id=task_id, assignee=assignee), metadata=caller.metadata, timeout=caller.timeout
    )
    return _back(f"/console/tasks/{task_id}", notice="assigned_msg")


@router.post("/console/tasks/{task_id}/complete")
async def complete(request: Request, task_id: str, backends: BackendsDep, me: Me) -> Response:
    """Reads the form the page drew from the kind's schema; the mediation service validates it
    against that same schema and the workflow's validator judges the outcome."""
    caller = caller_of(backends, me)
    posted = await request.form()
    # Several check boxes of one field (a multiple choice) arrive as one value per line.
    submitted = {k: "\n".join(v for v in posted.getlist(k) if isinstance(v, str)) for k in posted}
    task = (
        await backends.tasks.GetTask(
            task_pb2.GetTaskRequest(task_id=task_id), metadata=caller.metadata, timeout=caller.timeout
        )
    ).task
    form = forms.read_form(json.loads(task.form_schema_json or "{}"), submitted)
    values = {k.removeprefix("field."): v for k, v in submitted.items()}
    try:
        await backends.tasks.CompleteTask(
            task_pb2.CompleteTaskRequest(
                task_id=task_id, outcome=submitted.get("outcome", ""), form_json=json.dumps(form, ensure_ascii=False)
            ),
            metadata=caller.metadata,
            timeout=caller.timeout,
        )
    except grpc.aio.AioRpcError as exc:
        if exc.code() not in (
            grpc.StatusCode.INVALID_ARGUMENT,
            grpc.StatusCode.FAILED_PRECONDITION,
            grpc.StatusCode.ABORTED,
        ):
            raise
        status = 422 if exc.code() == grpc.StatusCode.INVALID_ARGUMENT else 409
        return await _render_task(
            request, backends, me, task_id, error=exc.details() or "", values=values, status_code=status
        )
    return _back("/console/inbox", view="group", notice="completed_msg")


# --- cases, communities, companies --------------------------------------------------------------


@router.get("/console/cases", response_class=HTMLResponse)
async def case_search(
    request: Request,
    backends: BackendsDep,
    me: Me,
    case_no: Annotated[str, Query(max_length=32)] = "",
    status: Annotated[str, Query(max_length=16)] = "",
    page_token: Annotated[str, Query(max_length=512)] = "",
) -> Response:
    if case_no.strip():
        return _back(f"/console/cases/{case_no.strip()}")
    caller = caller_of(backends, me)
    found = await backends.intake.ListCases(
        intake_pb2.ListCasesRequest(status=status, page_size=50, page_token=page_token),
        metadata=caller.metadata,
        timeout=caller.timeout,
    )
    statuses = ("RECEIVED", "TRIAGE", "IN_PROGRESS", "RESOLVED", "CALLBACK", "CLOSED", "MERGED", "REFERRED")
    return render(
        request,
        "cases.html",
        {"cases": found.cases, "next_page_token": found.next_page_token, "status": status, "statuses": statuses},
    )


@router.get("/console/cases/{case_no}", response_class=HTMLResponse)
async def case_page(request: Request, case_no: str, backends: BackendsDep, me: Me) -> Response:
    caller = caller_of(backends, me)
    found = await backends.intake.GetCase(
        intake_pb2.GetCaseRequest(case_no=case_no), metadata=caller.metadata, timeout=caller.timeout
    )
    tasks = await backends.tasks.ListTasks(
        task_pb2.ListTasksRequest(view="all", case_no=case_no, page_size=50),
        metadata=caller.metadata,
        timeout=caller.timeout,
    )
    return render(
        request,
        "case.html",
        {"case": found.case, "timeline": list(found.timeline), "tasks": [task_json(t) for t in tasks.tasks]},
    )


@router.post("/console/cases/{case_no}/reveal", response_class=HTMLResponse)
async def reveal(request: Request, case_no: str, backends: BackendsDep, me: Me) -> Response:
    """The htmx fragment with the complainant in clear, for the case's owners; audited."""
    caller = caller_of(backends, me)
    found = await backends.intake.GetCase(
        intake_pb2.GetCaseRequest(case_no=case_no), metadata=caller.metadata, timeout=caller.timeout
    )
    if found.case.personal_data_masked:
        return error_page(request, 403, "only the staff who handle this case may see its personal data")
    await audit.record(backends.db, me, audit.REVEAL_PERSONAL_DATA, case_no)
    return render(request, "_personal_data.html", {"case": found.case})


@router.get("/console/communities/{code}", response_class=HTMLResponse)
async def community_page(request: Request, code: str, backends: BackendsDep, me: Me) -> Response:
    caller = caller_of(backends, me)
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
        "community.html",
        {"community": community, "tasks": [task_json(t) for t in tasks.tasks], "total": tasks.total},
    )


@router.get("/console/companies/{code}", response_class=HTMLResponse)
async def company_page(request: Request, code: str, backends: BackendsDep, me: Me) -> Response:
    """A property company's own page: its tasks (orders to report on), its cases and its rates."""
    if not scope.sees_case(me, neighbourhood_code="", company_code=code):
        return error_page(request, 403, f"company {code}'s page is for the company itself and the centres")
    caller = caller_of(backends, me)
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
        "company.html",
        {
            "org": org,
            "rates": rates,
            "tasks": [task_json(t) for t in tasks.tasks],
            "cases": [c for c in cases.cases if c.company_code == code],
        },
    )

"""The console's inbox: a view's page of tasks (polled for changes), filters and saved filters."""

from __future__ import annotations

import json
from typing import Annotated, Any
from urllib.parse import parse_qsl, urlencode

import grpc
from fastapi import APIRouter, Form, Path, Query, Request
from fastapi.responses import HTMLResponse, Response
from fengqiao.intake.v1 import intake_pb2
from fengqiao.mediation.v1 import task_pb2
from pydantic import ValidationError
from sqlmodel import col, select

from contracts.task_kinds import TASK_KINDS
from contracts.tasks import VIEWS
from services.common.identity import Identity
from services.gateway.console.i18n import LEVELS, TRACKS
from services.gateway.console.messages import status_message
from services.gateway.console.pages import ConsoleRoute, back
from services.gateway.console.session import Me, language
from services.gateway.deps import Backends, BackendsDep, Caller, get_caller
from services.gateway.errors import GRPC_TO_HTTP, ApiError
from services.gateway.html import render
from services.gateway.inbox import FILTER_FIELDS, InboxFilters, StrictInboxFilters, list_request
from services.gateway.models import SavedFilter
from services.gateway.routes import saved_filters
from services.gateway.schemas.common import PageToken
from services.gateway.schemas.tasks import SavedFilterCreate
from services.gateway.views import task_json

# Empty: the view where the person's work is (landing_view).
ViewQuery = Annotated[str, Query(pattern=f"^({'|'.join(VIEWS)})?$")]
router = APIRouter(include_in_schema=False, route_class=ConsoleRoute)
INBOX_PAGE_SIZE = 25
# How often an open inbox asks for new and changed tasks (htmx polling; no reload).
POLL_SECONDS = 5
# The columns a person sorts by clicking the header, and the order the task service gives each
# (for aria-sort): soonest due first, highest priority first, newest first.
SORT_ORDER = {"due": "ascending", "priority": "descending", "created": "descending"}


def _filters(request: Request) -> InboxFilters:
    raw = {k: v for k, v in request.query_params.items() if k in FILTER_FIELDS and v != ""}
    try:
        return InboxFilters.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        raise ApiError(422, "invalid_argument", f"{field}: {first['msg']}", {"field": field}) from exc


def landing_view(counts: dict[str, tuple[int, bool]]) -> str:
    """Where a person's work is: their own tasks, else their groups' unclaimed ones, else
    everything open in their scope (the street center, whose tasks wait at the communities)."""
    return next((v for v in ("mine", "group", "all") if counts.get(v, (0, False))[0] > 0), "group")


async def _cases_of(backends: Backends, caller: Caller, tasks: list[task_pb2.Task]) -> dict[str, intake_pb2.Case]:
    """The cases the listed tasks belong to (community, category, the complaint's words), in one
    read; a case the caller may not see is left out and its row shows the task alone."""
    numbers = sorted({t.case_no for t in tasks if t.case_no})
    if not numbers:
        return {}
    found = await backends.intake.GetCases(
        intake_pb2.GetCasesRequest(case_nos=numbers), metadata=caller.metadata, timeout=caller.timeout
    )
    return {case.case_no: case for case in found.cases}


def _sort_links(filters: InboxFilters) -> dict[str, str]:
    """Each sortable column's query: the same filters sorted by that column (a header is a link)."""
    return {key: urlencode(filters.as_query() | {"sort": key}) for key in SORT_ORDER}


def _claimable(me: Identity, tasks: list[task_pb2.Task]) -> set[str]:
    """Rows the caller may claim from the list: open, offered to one of the caller's groups (the
    task service checks again when the claim arrives)."""
    return {t.id for t in tasks if t.status == task_pb2.TASK_STATUS_OPEN and me.groups & set(t.candidate_groups)}


async def _inbox_rows(
    backends: Backends, me: Identity, view: str, filters: InboxFilters, page_token: str
) -> dict[str, Any]:
    caller = get_caller(backends, me)
    counted = await backends.tasks.CountTasks(
        task_pb2.CountTasksRequest(), metadata=caller.metadata, timeout=caller.timeout
    )
    counts = {c.view: (c.count, c.capped) for c in counted.counts}
    view = view or landing_view(counts)
    listed = await backends.tasks.ListTasks(
        list_request(view, filters, INBOX_PAGE_SIZE, page_token), metadata=caller.metadata, timeout=caller.timeout
    )
    return {
        "tasks": [task_json(t) | {"pb": t} for t in listed.tasks],
        "cases": await _cases_of(backends, caller, list(listed.tasks)),
        "total": listed.total,
        "total_capped": listed.total_capped,
        "next_page_token": listed.next_page_token,
        "counts": counts,
        "view": view,
        "filters": filters,
        "query": urlencode(filters.as_query()),
        "page_token": page_token,
        "sort": filters.sort or ("completed" if view == "completed" else "due"),
        "sort_links": _sort_links(filters),
        "sort_order": SORT_ORDER,
        "claimable": _claimable(me, list(listed.tasks)),
    }


@router.get("/console/inbox", response_class=HTMLResponse)
async def inbox(
    request: Request,
    backends: BackendsDep,
    me: Me,
    view: ViewQuery = "",
    page_token: PageToken = "",
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
        "console/inbox.html",
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
    view: ViewQuery = "group",
    page_token: PageToken = "",
) -> Response:
    """The rows and view counts alone: what the open inbox polls for."""
    rows = await _inbox_rows(backends, me, view, _filters(request), page_token)
    return render(request, "console/_inbox_poll.html", rows | {"views": VIEWS, "poll_seconds": POLL_SECONDS})


@router.post("/console/inbox/tasks/{task_id}/claim", response_class=HTMLResponse)
async def claim_from_list(
    request: Request,
    task_id: Annotated[str, Path(max_length=128)],
    backends: BackendsDep,
    me: Me,
    view: ViewQuery = "group",
    page_token: PageToken = "",
) -> Response:
    """Claim from the inbox (htmx): the task service takes the claim, and the answer is the view's
    rows and counts again with a notice, so the list changes in place. A refusal (another person
    was quicker) is the notice instead; the rows still come back as they now are."""
    caller = get_caller(backends, me)
    outcome: dict[str, str] = {"claim_notice": "", "claimed": ""}
    try:
        answer = await backends.tasks.ClaimTask(
            task_pb2.ClaimTaskRequest(task_id=task_id), metadata=caller.metadata, timeout=caller.timeout
        )
        task = answer.task
        outcome |= {
            "claimed": task_id,
            "claimed_kind": task.kind,
            "claimed_case": task.case_no,
            "claimed_company": task.company_code,
        }
    except grpc.aio.AioRpcError as exc:
        status = GRPC_TO_HTTP.get(exc.code(), 500)
        if status >= 500:
            raise
        outcome["claim_notice"] = status_message(status, exc.details() or "", language(request))
    rows = await _inbox_rows(backends, me, view, _filters(request), page_token)
    context = rows | {"views": VIEWS, "poll_seconds": POLL_SECONDS} | outcome
    return render(request, "console/_inbox_poll.html", context)


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
    return back("/console/inbox", view=view, **filters.as_query())


@router.post("/console/filters/{name}/delete")
async def delete_filter(name: str, backends: BackendsDep, me: Me) -> Response:
    async with backends.db.session() as session:
        row = await session.get(SavedFilter, (me.subject, name))
        if row is not None:
            await session.delete(row)
    return back("/console/inbox")

"""The console's inbox: a view's page of tasks (polled for changes), filters and saved filters."""

from __future__ import annotations

import asyncio
import json
from typing import Annotated, Any
from urllib.parse import parse_qsl, urlencode

import grpc
from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, Response
from fengqiao.intake.v1 import intake_pb2
from fengqiao.mediation.v1 import task_pb2
from pydantic import ValidationError
from sqlmodel import col, select

from contracts.task_kinds import TASK_KINDS
from contracts.tasks import VIEWS
from services.common.identity import Identity
from services.gateway.console.i18n import LEVELS, TRACKS
from services.gateway.console.pages import ConsoleRoute, back
from services.gateway.console.session import Me
from services.gateway.deps import Backends, BackendsDep, Caller, get_caller
from services.gateway.errors import ApiError
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
    """The cases the listed tasks belong to (community, category, the complaint's words), fetched
    side by side; a case the caller may not see is left out and its row shows the task alone."""
    numbers = sorted({t.case_no for t in tasks if t.case_no})
    found = await asyncio.gather(
        *(
            backends.intake.GetCase(
                intake_pb2.GetCaseRequest(case_no=n), metadata=caller.metadata, timeout=caller.timeout
            )
            for n in numbers
        ),
        return_exceptions=True,
    )
    cases = {}
    for answer in found:
        if isinstance(answer, grpc.aio.AioRpcError):
            continue
        if isinstance(answer, BaseException):
            raise answer
        cases[answer.case.case_no] = answer.case
    return cases


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

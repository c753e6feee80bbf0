"""The console's task page: the task, its case and the kind's form; claim, release, assign, complete."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Annotated, Any

import grpc
from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, Response
from fengqiao.intake.v1 import intake_pb2
from fengqiao.mediation.v1 import task_pb2
from sqlmodel import col, select

from contracts.task_kinds import TASK_KINDS
from contracts.tasks import priority_label
from services.common import scope
from services.common.identity import Identity
from services.gateway.console import forms, vocabulary
from services.gateway.console.category_pages import CHOOSE_FIRST, category_check, triage_category_pending
from services.gateway.console.messages import form_refusal
from services.gateway.console.pages import ConsoleRoute, answered_refusal, back
from services.gateway.console.session import Me, language
from services.gateway.deps import Backends, BackendsDep, Caller, get_caller
from services.gateway.html import render
from services.gateway.models import User
from services.gateway.views import task_json

router = APIRouter(include_in_schema=False, route_class=ConsoleRoute)
# A task service method taking a request for one task (claim, release, assign).
TaskCall = Callable[..., Awaitable[Any]]


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
    return await render_task(request, backends, me, task_id, notice=notice)


async def fetch_task(backends: Backends, caller: Caller, task_id: str) -> task_pb2.Task:
    """The task as the caller may see it (the mediation service checks the scope)."""
    found = await backends.tasks.GetTask(
        task_pb2.GetTaskRequest(task_id=task_id), metadata=caller.metadata, timeout=caller.timeout
    )
    return found.task


async def render_task(
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
    caller = get_caller(backends, me)
    task = await fetch_task(backends, caller, task_id)
    body = task_json(task)
    schema = body["form_schema"]
    held = body["status"] == "claimed" and task.assignee == me.subject
    kind = TASK_KINDS.get(task.kind)
    requires = {o.name: o.requires for o in kind.outcomes} if kind else {}
    case = await _case_with_timeline(backends, caller, task.case_no)
    refusal = form_refusal(error, language(request)) if error else None
    context = {
        "task": body,
        "pb": task,
        "held": held,
        "may_claim": body["status"] == "open" and bool(me.groups & set(task.candidate_groups)),
        "may_release": body["status"] == "claimed" and (held or me.has_role(scope.SUPERVISOR, scope.ADMIN)),
        "may_assign": body["status"] in ("open", "claimed") and me.has_role(scope.SUPERVISOR, scope.ADMIN),
        "fields": forms.fields_of(schema, values, requires),
        "outcome_value": (values or {}).get("outcome", ""),
        "case": case,
        "notice": notice,
        "error": refusal.message if refusal else "",
        "error_field": refusal.field if refusal else "",
        "requirements": _requirements(task, case),
        "staff": await _staff(backends, task) if me.has_role(scope.SUPERVISOR, scope.ADMIN) else [],
        "priority_label": priority_label(task.priority),
        "category_check": category_check(case["case"]) if task.kind == "triage" and case else None,
    }
    return render(request, "console/task.html", context, status_code)


def _requirements(task: task_pb2.Task, case: dict[str, Any] | None) -> str:
    """The latest rectification order's requirements, for the company reporting on it."""
    if task.kind != "rectification_report" or case is None:
        return ""
    orders = [e for e in case["timeline"] if e.kind == "rectification_order"]
    return vocabulary.order_requirements(orders[-1].summary) if orders else ""


async def _staff(backends: Backends, task: task_pb2.Task) -> list[tuple[str, str]]:
    """Who a supervisor may assign the task to: the active users of its candidate groups, by name."""
    wanted = {tuple(g.split(":", 1)) for g in task.candidate_groups if ":" in g}
    async with backends.db.session() as session:
        users = (await session.exec(select(User).where(col(User.is_active)))).all()
    return [
        (u.username, u.display_name)
        for u in sorted(users, key=lambda u: u.username)
        if any((org, role) in wanted for org in u.organisations.split(",") for role in u.roles.split(","))
    ]


async def _act(backends: Backends, me: Identity, call: TaskCall, request: Any, notice: str) -> Response:
    """Back to the task page with a notice once the service has taken the claim, release or assignment."""
    caller = get_caller(backends, me)
    await call(request, metadata=caller.metadata, timeout=caller.timeout)
    return back(f"/console/tasks/{request.task_id}", notice=notice)


@router.post("/console/tasks/{task_id}/claim")
async def claim(task_id: str, backends: BackendsDep, me: Me) -> Response:
    request = task_pb2.ClaimTaskRequest(task_id=task_id)
    return await _act(backends, me, backends.tasks.ClaimTask, request, "claimed_msg")


@router.post("/console/tasks/{task_id}/release")
async def release(task_id: str, backends: BackendsDep, me: Me) -> Response:
    request = task_pb2.ReleaseTaskRequest(task_id=task_id)
    return await _act(backends, me, backends.tasks.ReleaseTask, request, "released_msg")


@router.post("/console/tasks/{task_id}/assign")
async def assign(
    task_id: str, backends: BackendsDep, me: Me, assignee: Annotated[str, Form(max_length=64)]
) -> Response:
    request = task_pb2.AssignTaskRequest(task_id=task_id, assignee=assignee)
    return await _act(backends, me, backends.tasks.AssignTask, request, "assigned_msg")


@router.post("/console/tasks/{task_id}/complete")
async def complete(request: Request, task_id: str, backends: BackendsDep, me: Me) -> Response:
    """Reads the form the page drew from the kind's schema; the mediation service validates it
    against that same schema and the workflow's validator judges the outcome."""
    caller = get_caller(backends, me)
    posted = await request.form()
    # Several check boxes of one field (a multiple choice) arrive as one value per line.
    submitted = {k: "\n".join(v for v in posted.getlist(k) if isinstance(v, str)) for k in posted}
    task = await fetch_task(backends, caller, task_id)
    form = forms.read_form(json.loads(task.form_schema_json or "{}"), submitted)
    values = {k.removeprefix("field."): v for k, v in submitted.items()}
    if task.kind == "triage" and await triage_category_pending(caller, backends, task.case_no):
        return await render_task(request, backends, me, task_id, error=CHOOSE_FIRST, values=values, status_code=422)
    try:
        await backends.tasks.CompleteTask(
            task_pb2.CompleteTaskRequest(
                task_id=task_id, outcome=submitted.get("outcome", ""), form_json=json.dumps(form, ensure_ascii=False)
            ),
            metadata=caller.metadata,
            timeout=caller.timeout,
        )
    except grpc.aio.AioRpcError as exc:
        detail = answered_refusal(
            exc, grpc.StatusCode.INVALID_ARGUMENT, grpc.StatusCode.FAILED_PRECONDITION, grpc.StatusCode.ABORTED
        )
        status = 422 if exc.code() == grpc.StatusCode.INVALID_ARGUMENT else 409
        return await render_task(request, backends, me, task_id, error=detail, values=values, status_code=status)
    return back("/console/inbox", notice="completed_msg")

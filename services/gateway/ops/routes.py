"""Ops pages (HTML, /ops) and the same data as JSON (/api/v1/ops), for ops and admin only.

Actions (retry now, cancel a stuck task, terminate) are admin only, need a reason and are audited.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Annotated, Any
from urllib.parse import quote

import grpc
from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field
from starlette.datastructures import UploadFile

from services.common import scope
from services.common.clock import SHANGHAI
from services.common.identity import Identity
from services.gateway import audit, users
from services.gateway.deps import Backends, BackendsDep
from services.gateway.errors import ApiError
from services.gateway.ops import actions, pages, views
from services.gateway.ops import calendar as work_calendar
from services.gateway.ops.auth import SESSION_COOKIE, AdminIdentity, OpsIdentity, ops_identity, signed_in
from services.gateway.security import issue_token, verify_password

log = logging.getLogger("fengqiao.gateway.ops")

router = APIRouter(prefix="/ops", include_in_schema=False)
api = APIRouter(prefix="/api/v1/ops", tags=["ops"])

CaseQuery = Annotated[str, Query(max_length=400)]


class ActionBody(BaseModel):
    reason: str = Field(max_length=500)


# --- JSON --------------------------------------------------------------------------------


@api.get("/overview")
async def overview_json(backends: BackendsDep, identity: OpsIdentity) -> dict[str, Any]:
    """Cases by status, track, level and community, from Temporal visibility and from the records."""
    return await views.overview(backends, identity)


@api.get("/cases")
async def cases_json(backends: BackendsDep, identity: OpsIdentity, query: CaseQuery = "") -> dict[str, Any]:
    """Case workflows matching a Temporal visibility query over the case search attributes."""
    return await views.cases(backends, query)


@api.get("/reconciliation")
async def reconciliation_json(backends: BackendsDep, identity: OpsIdentity) -> dict[str, Any]:
    """Every case whose record and workflow disagree, and every task no workflow waits on."""
    return await views.reconciliation(backends, identity)


@api.get("/overdue")
async def overdue_json(backends: BackendsDep, identity: OpsIdentity) -> dict[str, Any]:
    return await views.overdue(backends, identity)


@api.get("/failing")
async def failing_json(backends: BackendsDep, identity: OpsIdentity) -> dict[str, Any]:
    """Pending activities that failed at least once: attempts, last failure, next attempt."""
    return await views.failing(backends)


@api.get("/health")
async def health_json(backends: BackendsDep, identity: OpsIdentity) -> dict[str, Any]:
    return await views.health(backends)


@api.get("/webhooks")
async def webhooks_json(backends: BackendsDep, identity: OpsIdentity) -> dict[str, Any]:
    """The newest webhook delivery attempts to liaison systems (every retry is one)."""
    return await views.webhooks(backends, identity)


@api.get("/audit")
async def audit_json(backends: BackendsDep, identity: OpsIdentity) -> dict[str, Any]:
    """The newest audit entries and whether the whole chain verifies."""
    report = await audit.verify(backends.db)
    entries = await audit.recent(backends.db)
    return {
        "intact": report.ok,
        "problems": report.problems,
        "head": f"{report.head_seq}:{report.head_hash}",
        "entries": [_entry(e) for e in entries],
    }


@api.post("/workflows/{workflow_id}/retry")
async def retry_json(workflow_id: str, body: ActionBody, backends: BackendsDep, identity: AdminIdentity) -> Any:
    return await actions.retry_now(backends, identity, workflow_id, body.reason)


@api.post("/workflows/{workflow_id}/terminate")
async def terminate_json(workflow_id: str, body: ActionBody, backends: BackendsDep, identity: AdminIdentity) -> Any:
    return await actions.terminate(backends, identity, workflow_id, body.reason)


@api.post("/tasks/{task_id}/cancel")
async def cancel_json(task_id: str, body: ActionBody, backends: BackendsDep, identity: AdminIdentity) -> Any:
    return await actions.cancel_task(backends, identity, task_id, body.reason)


def _entry(e: Any) -> dict[str, Any]:
    return {
        "seq": e.seq,
        "occurred_at": e.occurred_at.isoformat(),
        "actor": e.actor,
        "action": e.action,
        "target": e.target,
        "detail": e.detail,
    }


# --- HTML --------------------------------------------------------------------------------


async def _html(
    request: Request, backends: Backends, title: str, about: str, render: Callable[[Identity], Awaitable[str]]
) -> Response:
    try:
        identity = ops_identity(signed_in(request, backends))
    except ApiError as exc:
        if exc.status == 401:
            return RedirectResponse("/ops/login", status_code=303)
        return HTMLResponse(f"<h1>{exc.status}</h1><p>{exc.message}</p>", status_code=exc.status)
    flash = request.query_params.get("done") or request.query_params.get("error")
    body = pages.notice(flash, "done" in request.query_params) if flash else ""
    body += await render(identity)
    return HTMLResponse(pages.page(title, about, body, user=f"{identity.subject} ({', '.join(identity.roles)})"))


def _is_admin(identity: Identity) -> bool:
    return identity.has_role(scope.ADMIN)


@router.get("", response_class=HTMLResponse)
async def overview_page(request: Request, backends: BackendsDep) -> Response:
    async def render(identity: Identity) -> str:
        data = await views.overview(backends, identity)
        w, r = data["workflows"], data["records"]
        out = pages.warnings(data["calendar_warnings"])
        out += f"<h2>Temporal · {w['total']} case workflows{' (truncated)' if w['truncated'] else ''}</h2>"
        out += f"<p>running and overdue: <b>{w['running_overdue']}</b></p>"
        for key, label in (
            ("by_execution_status", "execution status"),
            ("running_by_case_status", "running · case status"),
            ("running_by_track", "running · track"),
            ("running_by_escalation_level", "running · level"),
            ("running_by_community", "running · community"),
        ):
            out += pages.counts(label, w[key])
        out += f"<h2>Records (intake) · {r['total']} cases</h2>"
        for key in ("by_status", "by_track", "by_escalation_level", "by_community"):
            out += pages.counts(key.replace("_", " "), r[key])
        return out

    return await _html(
        request,
        backends,
        "运维概览 · ops overview",
        "Cases by status, track, escalation level and community: first as Temporal sees the running "
        "workflows (search attributes), then as the intake records say. The two should match; the "
        "reconciliation page lists each case where they do not.",
        render,
    )


@router.get("/cases", response_class=HTMLResponse)
async def cases_page(request: Request, backends: BackendsDep, query: CaseQuery = "") -> Response:
    async def render(identity: Identity) -> str:
        data = await views.cases(backends, query)
        form = (
            '<form method="get"><input type="text" name="query" size="70" '
            f'value="{pages.escape(query)}" placeholder="CaseStatus = \'TRIAGE\' AND Overdue = true">'
            "<button>search</button></form>"
        )
        admin = _is_admin(identity)

        def acts(row: dict[str, Any]) -> str:
            if not admin or row["execution_status"] != "RUNNING":
                return ""
            wid = quote(row["workflow_id"], safe="")
            return pages.action_form(f"/ops/workflows/{wid}/terminate", "terminate · 终止")

        return form + pages.table(data["workflows"], actions=acts, empty="no case workflow matches")

    return await _html(
        request,
        backends,
        "案件流程 · case workflows",
        "Case workflows from Temporal visibility. Filter with a visibility query over CaseNo, CaseStatus, "
        "Track, EscalationLevel, Community, Company, DueAt, Overdue and ExecutionStatus.",
        render,
    )


@router.get("/reconciliation", response_class=HTMLResponse)
async def reconciliation_page(request: Request, backends: BackendsDep) -> Response:
    async def render(identity: Identity) -> str:
        data = await views.reconciliation(backends, identity)
        admin = _is_admin(identity)

        def acts(row: dict[str, Any]) -> str:
            if not admin:
                return ""
            if row["kind"] == "stuck_task":
                return pages.action_form(f"/ops/tasks/{quote(row['task_id'], safe='')}/cancel", "cancel task · 取消")
            if row["kind"] in ("record_closed_workflow_running", "no_record"):
                wid = quote(row["workflow_id"], safe="")
                return pages.action_form(f"/ops/workflows/{wid}/terminate", "terminate · 终止")
            return ""

        checked = data["checked"]
        head = (
            f"<p>checked {checked['records']} records, {checked['workflows']} workflows, "
            f"{checked['open_tasks']} open tasks{'' if data['complete'] else ' (lists truncated)'}</p>"
        )
        return head + pages.table(data["disagreements"], actions=acts, empty="records and workflows agree")

    return await _html(
        request,
        backends,
        "对账 · reconciliation",
        "Every case whose intake record and Temporal workflow disagree, and every open task no running "
        "workflow waits on. A row can be a moment old (the workflow moved, its activity has not written "
        "the record yet): reload; what stays is a fault, with the fix in the last column.",
        render,
    )


@router.get("/overdue", response_class=HTMLResponse)
async def overdue_page(request: Request, backends: BackendsDep) -> Response:
    async def render(identity: Identity) -> str:
        data = await views.overdue(backends, identity)
        return (
            "<h2>overdue tasks (records)</h2>"
            + pages.table(data["overdue_tasks"], empty="no overdue task")
            + "<h2>overdue workflows (Overdue = true)</h2>"
            + pages.table(data["overdue_workflows"], empty="no overdue workflow")
            + "<h2>法院超期 · courts past their deadline (shown, not enforced)</h2>"
            + pages.table(data["court_late"], empty="no court is late")
            + "<h2>deadlines within 24 hours</h2>"
            + pages.table(data["due_within_24h"], empty="nothing due within 24 hours")
        )

    return await _html(
        request,
        backends,
        "超期与期限 · overdue and deadlines",
        "Open tasks past their due time, workflows whose deadline timer has fired (search attribute "
        "Overdue), and open deadlines that fall within the next 24 hours (DueAt).",
        render,
    )


@router.get("/failing", response_class=HTMLResponse)
async def failing_page(request: Request, backends: BackendsDep) -> Response:
    async def render(identity: Identity) -> str:
        data = await views.failing(backends)
        admin = _is_admin(identity)

        def acts(row: dict[str, Any]) -> str:
            if not admin:
                return ""
            wid = quote(row["workflow_id"], safe="")
            return pages.action_form(f"/ops/workflows/{wid}/retry", "retry now · 立即重试")

        head = f"<p>described {data['described']} running workflows (limit {data['limit']})</p>"
        return head + pages.table(data["activities"], actions=acts, empty="no activity is failing")

    return await _html(
        request,
        backends,
        "失败与重试 · failing activities",
        "Activities that failed at least once and are being retried by Temporal: attempt number, the "
        "last failure's message and when the next attempt is due. Retry now skips the back-off.",
        render,
    )


@router.get("/health", response_class=HTMLResponse)
async def health_page(request: Request, backends: BackendsDep) -> Response:
    async def render(identity: Identity) -> str:
        data = await views.health(backends)
        services = [{"component": k, "ok": v} for k, v in data["services"].items()]
        verdict = pages.notice(
            "workers polling both workflow and activity tasks"
            if data["workers_ok"]
            else "NO LIVE WORKER on "
            f"{data['task_queue']}: workflows and activities are not progressing {data['workers_error']}",
            data["workers_ok"],
        )
        return (
            pages.table(services)
            + f"<h2>workers on {pages.escape(data['task_queue'])}</h2>"
            + verdict
            + pages.table(data["workers"], empty="no poller")
            + f"<p>{pages.escape(data['metrics'])}</p>"
        )

    return await _html(
        request,
        backends,
        "健康 · worker and service health",
        "Each gRPC service's health check, the gateway database and Temporal, and the workers Temporal "
        "has seen polling the case task queue in the last two minutes.",
        render,
    )


@router.get("/webhooks", response_class=HTMLResponse)
async def webhooks_page(request: Request, backends: BackendsDep) -> Response:
    async def render(identity: Identity) -> str:
        data = await views.webhooks(backends, identity)
        return pages.notice(data["message"], data["failed"] == 0) + pages.table(
            data["deliveries"], empty="no deliveries recorded"
        )

    return await _html(
        request,
        backends,
        "回调投递 · webhook deliveries to liaisons",
        "Deliveries of case events to court and police liaison systems, with attempts and last error.",
        render,
    )


@router.get("/audit", response_class=HTMLResponse)
async def audit_page(request: Request, backends: BackendsDep) -> Response:
    async def render(identity: Identity) -> str:
        data = await audit_json(backends, identity)
        state = pages.notice(
            f"hash chain intact; head {data['head']}" if data["intact"] else "TAMPERED: " + "; ".join(data["problems"]),
            data["intact"],
        )
        return state + pages.table(data["entries"], empty="no audit entries")

    return await _html(
        request,
        backends,
        "审计日志 · audit log",
        "Every reveal of personal data, every payload decode for Temporal UI and every admin action, "
        "newest first. The log is append-only and hash-chained; the line above says whether the chain verifies.",
        render,
    )


@router.get("/calendar", response_class=HTMLResponse)
async def calendar_page(
    request: Request, backends: BackendsDep, year: Annotated[int | None, Query(ge=2000, le=2100)] = None
) -> Response:
    async def render(identity: Identity) -> str:
        data = await work_calendar.coverage(backends, identity)
        out = pages.warnings(data["warnings"])
        out += f"<p>chinese-calendar package {pages.escape(data['package_version'])}</p>"
        columns = (
            "year",
            "source",
            "holidays",
            "workdays",
            "imported_by",
            "imported_at",
            "source_format",
            "overrides_package",
        )
        out += pages.table([{k: y.get(k) for k in columns} for y in data["years"]])
        shown = year or datetime.now(SHANGHAI).year + 1
        days = await work_calendar.days(backends, identity, shown)
        out += (
            f'<h2>{shown} · {pages.escape(days["source"])}</h2><form method="get">'
            f'<input type="number" name="year" min="2000" max="2100" value="{shown}"><button>show · 查看</button></form>'
        )
        out += pages.table(days["days"], empty=f"no holidays or make-up working days known for {shown}")
        if _is_admin(identity):
            out += pages.calendar_import_form()
        return out

    return await _html(
        request,
        backends,
        "工作日历 · working-day calendar",
        "Deadlines count working days: statutory holidays and make-up working days (调休) come from the "
        "chinese-calendar package for the years it covers, and from an admin's import for any other year "
        "(an import also replaces a package year when asked to). A year neither covers counts Monday–Friday "
        "as working days: the warning above says so until someone imports it.",
        render,
    )


@router.post("/calendar/import")
async def calendar_import_form(request: Request, backends: BackendsDep) -> Response:
    async def run(identity: Identity) -> dict[str, Any]:
        form = await request.form(max_files=1, max_fields=5)
        upload = form.get("file")
        if not isinstance(upload, UploadFile) or not upload.filename:
            raise ApiError(422, "invalid_argument", "choose a CSV or iCalendar file to import")
        result = await work_calendar.import_file(
            backends,
            identity,
            await upload.read(backends.settings.max_upload_bytes + 1),
            filename=upload.filename,
            content_type=upload.content_type or "",
            replace=form.get("replace") == "true",
        )
        return result

    def done(result: dict[str, Any]) -> str:
        return "imported " + ", ".join(
            f"{y['year']} ({y['holidays']} holidays, {y['workdays']} make-up working days)" for y in result["years"]
        )

    return await _form_action(request, backends, "/ops/calendar", run, done)


async def _form_action(
    request: Request,
    backends: Backends,
    back: str,
    run: Callable[[Identity], Awaitable[dict[str, Any]]],
    done: str | Callable[[dict[str, Any]], str],
) -> Response:
    try:
        identity = signed_in(request, backends)
        if not identity.has_role(scope.ADMIN):
            raise ApiError(403, "permission_denied", "only admins act on workflows, tasks and the calendar")
        result = await run(identity)
    except ApiError as exc:
        return RedirectResponse(f"{back}?error={quote(exc.message)}", status_code=303)
    except grpc.aio.AioRpcError as refused:  # the service's refusal, e.g. a task its workflow still holds
        return RedirectResponse(f"{back}?error={quote(refused.details() or refused.code().name)}", status_code=303)
    message = done if isinstance(done, str) else done(result)
    return RedirectResponse(f"{back}?done={quote(message)}", status_code=303)


def _back(request: Request, default: str) -> str:
    referer = request.headers.get("referer", "")
    path = referer.split("://", 1)[-1].partition("/")[2].partition("?")[0]
    return f"/{path}" if path.startswith("ops") else default


@router.post("/workflows/{workflow_id}/retry")
async def retry_form(
    workflow_id: str, request: Request, backends: BackendsDep, reason: Annotated[str, Form(max_length=500)]
) -> Response:
    return await _form_action(
        request,
        backends,
        _back(request, "/ops/failing"),
        lambda who: actions.retry_now(backends, who, workflow_id, reason),
        f"retried {workflow_id}",
    )


@router.post("/workflows/{workflow_id}/terminate")
async def terminate_form(
    workflow_id: str, request: Request, backends: BackendsDep, reason: Annotated[str, Form(max_length=500)]
) -> Response:
    return await _form_action(
        request,
        backends,
        _back(request, "/ops/reconciliation"),
        lambda who: actions.terminate(backends, who, workflow_id, reason),
        f"terminated {workflow_id}",
    )


@router.post("/tasks/{task_id}/cancel")
async def cancel_form(
    task_id: str, request: Request, backends: BackendsDep, reason: Annotated[str, Form(max_length=500)]
) -> Response:
    return await _form_action(
        request,
        backends,
        _back(request, "/ops/reconciliation"),
        lambda who: actions.cancel_task(backends, who, task_id, reason),
        f"cancelled task {task_id}",
    )


# --- sign-in -----------------------------------------------------------------------------


@router.get("/login", response_class=HTMLResponse)
async def login_page(error: str = "") -> str:
    message = f'<p class="warn">{pages.escape(error)}</p>' if error else ""
    return f"""<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<title>运维登录 · ops sign-in</title></head>
<body><h1>枫桥运维 · Fengqiao ops</h1>{message}
<form method="post" action="/ops/login">
<label>用户名 · username <input name="username" required maxlength="64"></label>
<label>密码 · password <input name="password" type="password" required maxlength="200"></label>
<button>登录 · sign in</button></form></body></html>"""


@router.post("/login")
async def login(
    backends: BackendsDep,
    username: Annotated[str, Form(max_length=64)],
    password: Annotated[str, Form(max_length=200)],
) -> Response:
    async with backends.db.session() as session:
        user = await users.get(session, username)
    ok = verify_password(password, user.password_hash if user else None)
    refused = "wrong username or password"
    if user is None or not ok or not user.is_active:
        log.warning("ops sign-in refused", extra={"username": username})
        return RedirectResponse(f"/ops/login?error={quote(refused)}", status_code=303)
    if user.is_demo and backends.settings.environment != "development":
        return RedirectResponse(f"/ops/login?error={quote('demo identities sign in only in development')}", 303)
    identity = users.identity_of(user)
    if not identity.has_role(scope.OPS, scope.ADMIN):
        log.warning("ops sign-in refused: role", extra={"username": username})
        return RedirectResponse(f"/ops/login?error={quote('the ops pages are for ops and admin')}", 303)
    minutes = backends.settings.token_minutes
    response = RedirectResponse("/ops", status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        issue_token(identity, backends.settings.jwt_secret, minutes),
        max_age=minutes * 60,
        httponly=True,
        samesite="lax",
        secure=backends.settings.environment == "production",
        path="/",
    )
    return response


@router.post("/logout")
async def logout() -> Response:
    response = RedirectResponse("/ops/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response

"""The ops pages (HTML, /ops) for ops and admin, over the same data as the JSON in ops/api.py.

Each page reads its dict from ops/views.py and renders templates/ops/<page>.html. Admins see
action forms (with a required reason) next to the rows they apply to; the actions are audited.
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
from starlette.datastructures import UploadFile

from services.common import scope
from services.common.clock import SHANGHAI
from services.common.identity import Identity
from services.gateway import sessions
from services.gateway.console.messages import status_message
from services.gateway.console.session import language
from services.gateway.deps import Backends, BackendsDep
from services.gateway.errors import GRPC_TO_HTTP, ApiError
from services.gateway.html import render
from services.gateway.ops import actions, views
from services.gateway.ops import calendar as work_calendar
from services.gateway.ops.api import CaseQuery, SweepToken
from services.gateway.ops.auth import SESSION_COOKIE, OpsIdentity, session_token, signed_in
from services.gateway.ops.pages import OpsRoute, page
from services.gateway.public import client_of
from services.gateway.schemas.common import PageToken
from services.gateway.signin import Password, Username, set_session_cookie, sign_in, signed_out

log = logging.getLogger("fengqiao.gateway.ops")

router = APIRouter(prefix="/ops", include_in_schema=False, route_class=OpsRoute)

# A row's action form: (path, label), or None for no form.
RowAction = tuple[str, str] | None


def _workflow_action(workflow_id: str, verb: str, label: str) -> tuple[str, str]:
    return f"/ops/workflows/{quote(workflow_id, safe='')}/{verb}", label


def _admin_actions(identity: Identity, action: Callable[[dict[str, Any]], RowAction]) -> Any:
    """The rows' action forms for admins; nothing for ops, who only look."""
    return action if identity.has_role(scope.ADMIN) else None


@router.get("", response_class=HTMLResponse)
async def overview_page(request: Request, backends: BackendsDep, identity: OpsIdentity) -> Response:
    return page(request, "ops/overview.html", identity, data=await views.overview(backends, identity))


@router.get("/cases", response_class=HTMLResponse)
async def cases_page(
    request: Request, backends: BackendsDep, identity: OpsIdentity, query: CaseQuery = "", page_token: PageToken = ""
) -> Response:
    def terminate(row: dict[str, Any]) -> RowAction:
        running = row["execution_status"] == "RUNNING"
        return _workflow_action(row["workflow_id"], "terminate", "终止") if running else None

    data = await views.cases(backends, query, page_token)
    return page(
        request, "ops/cases.html", identity, data=data, query=query, actions=_admin_actions(identity, terminate)
    )


@router.get("/reconciliation", response_class=HTMLResponse)
async def reconciliation_page(
    request: Request, backends: BackendsDep, identity: OpsIdentity, page_token: SweepToken = ""
) -> Response:
    def fix(row: dict[str, Any]) -> RowAction:
        if row["kind"] == "stuck_task":
            return f"/ops/tasks/{quote(row['task_id'], safe='')}/cancel", "取消任务"
        if row["kind"] in ("record_closed_workflow_running", "no_record"):
            return _workflow_action(row["workflow_id"], "terminate", "终止")
        return None

    data = await views.reconciliation(backends, identity, page_token)
    return page(request, "ops/reconciliation.html", identity, data=data, actions=_admin_actions(identity, fix))


@router.get("/overdue", response_class=HTMLResponse)
async def overdue_page(request: Request, backends: BackendsDep, identity: OpsIdentity) -> Response:
    return page(request, "ops/overdue.html", identity, data=await views.overdue(backends, identity))


@router.get("/failing", response_class=HTMLResponse)
async def failing_page(
    request: Request, backends: BackendsDep, identity: OpsIdentity, page_token: PageToken = ""
) -> Response:
    def retry(row: dict[str, Any]) -> RowAction:
        return _workflow_action(row["workflow_id"], "retry", "立即重试")

    data = await views.failing(backends, page_token)
    return page(request, "ops/failing.html", identity, data=data, actions=_admin_actions(identity, retry))


@router.get("/health", response_class=HTMLResponse)
async def health_page(request: Request, backends: BackendsDep, identity: OpsIdentity) -> Response:
    data = await views.health(backends)
    services = [{"component": k, "ok": v} for k, v in data["services"].items()]
    return page(request, "ops/health.html", identity, data=data, services=services)


@router.get("/webhooks", response_class=HTMLResponse)
async def webhooks_page(request: Request, backends: BackendsDep, identity: OpsIdentity) -> Response:
    return page(request, "ops/webhooks.html", identity, data=await views.webhooks(backends, identity))


@router.get("/audit", response_class=HTMLResponse)
async def audit_page(request: Request, backends: BackendsDep, identity: OpsIdentity) -> Response:
    return page(request, "ops/audit.html", identity, data=await views.audit_log(backends))


_YEAR_COLUMNS = (
    "year",
    "source",
    "holidays",
    "workdays",
    "imported_by",
    "imported_at",
    "source_format",
    "overrides_package",
)


@router.get("/calendar", response_class=HTMLResponse)
async def calendar_page(
    request: Request,
    backends: BackendsDep,
    identity: OpsIdentity,
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
) -> Response:
    data = await work_calendar.coverage(backends, identity)
    shown = year or datetime.now(SHANGHAI).year + 1
    return page(
        request,
        "ops/calendar.html",
        identity,
        data=data,
        years=[{k: y.get(k) for k in _YEAR_COLUMNS} for y in data["years"]],
        shown=shown,
        days=await work_calendar.days(backends, identity, shown),
        admin=identity.has_role(scope.ADMIN),
    )


# --- admins' actions from the pages: each redirects back with ?done= or ?error= -------------------


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
        return "已导入：" + "；".join(
            f"{y['year']} 年（法定节假日 {y['holidays']} 天，调休上班 {y['workdays']} 天）" for y in result["years"]
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
        identity = await signed_in(request, backends)
        if not identity.has_role(scope.ADMIN):
            raise ApiError(403, "permission_denied", "only admins act on workflows, tasks and the calendar")
        result = await run(identity)
    except ApiError as exc:
        return RedirectResponse(f"{back}?error={quote(_refusal(request, exc.status, exc.message))}", status_code=303)
    except grpc.aio.AioRpcError as refused:  # the service's refusal, e.g. a task its workflow still holds
        status = GRPC_TO_HTTP.get(refused.code(), 502)
        words = _refusal(request, status, refused.details() or refused.code().name)
        return RedirectResponse(f"{back}?error={quote(words)}", status_code=303)
    message = done if isinstance(done, str) else done(result)
    return RedirectResponse(f"{back}?done={quote(message)}", status_code=303)


def _refusal(request: Request, status: int, detail: str) -> str:
    """The flash line for a refused action: a Chinese sentence, then the service's own words, which
    name the workflow, the line or the rule (ops staff need them to act)."""
    if language(request) == "en":
        return detail
    return f"{status_message(status, detail, 'zh')}（{detail}）"


def _back(request: Request, default: str) -> str:
    referer = request.headers.get("referer", "")
    path = referer.split("://", 1)[-1].partition("/")[2].partition("?")[0]
    return f"/{path}" if path.startswith("ops") else default


async def _row_action(
    request: Request, backends: Backends, act: actions.AdminAction, target: str, reason: str, done: str, back: str
) -> Response:
    """An action on one row's workflow or task, back to the page it was sent from (else `back`)."""
    return await _form_action(
        request, backends, _back(request, back), lambda who: act(backends, who, target, reason), done
    )


Reason = Annotated[str, Form(max_length=500)]


@router.post("/workflows/{workflow_id}/retry")
async def retry_form(workflow_id: str, request: Request, backends: BackendsDep, reason: Reason) -> Response:
    retried = f"已重试：{workflow_id}"
    return await _row_action(request, backends, actions.retry_now, workflow_id, reason, retried, "/ops/failing")


@router.post("/workflows/{workflow_id}/terminate")
async def terminate_form(workflow_id: str, request: Request, backends: BackendsDep, reason: Reason) -> Response:
    terminated = f"已终止：{workflow_id}"
    return await _row_action(
        request, backends, actions.terminate, workflow_id, reason, terminated, "/ops/reconciliation"
    )


@router.post("/tasks/{task_id}/cancel")
async def cancel_form(task_id: str, request: Request, backends: BackendsDep, reason: Reason) -> Response:
    cancelled = f"已取消任务：{task_id}"
    return await _row_action(request, backends, actions.cancel_task, task_id, reason, cancelled, "/ops/reconciliation")


# --- sign-in -----------------------------------------------------------------------------


@router.get("/login", response_class=HTMLResponse)
async def login_page(request: Request, error: str = "") -> Response:
    return render(request, "ops/login.html", {"error": error})


@router.post("/login")
async def login(
    request: Request,
    backends: BackendsDep,
    username: Username,
    password: Password,
) -> Response:
    try:
        identity = await sign_in(backends, username, password, client_of(request, backends))
    except ApiError as refused:
        words = "登录尝试过多，请稍后再试" if refused.status == 429 else "用户名或密码错误"
        return RedirectResponse(f"/ops/login?error={quote(words)}", status_code=303)
    if not identity.has_role(scope.OPS, scope.ADMIN):
        log.warning("ops sign-in refused: role", extra={"username": username})
        return RedirectResponse(f"/ops/login?error={quote('运维页面仅限运维和管理员使用')}", 303)
    response = RedirectResponse("/ops", status_code=303)
    set_session_cookie(response, backends, SESSION_COOKIE, identity, samesite="lax")
    return response


@router.post("/logout")
async def logout(request: Request, backends: BackendsDep) -> Response:
    token = session_token(request)
    if token:
        await sessions.revoke(backends, token)  # the token ends here, not only the cookie
    return signed_out(SESSION_COOKIE, "/ops/login")

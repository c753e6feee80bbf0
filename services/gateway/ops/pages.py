"""The ops pages' rendering: templates/ops/ through the gateway's one render helper, the nav and
the flash line every page shows, and the page route class that sends a signed-out browser to the
sign-in page. Every value is escaped by the templates; the only markup is ours."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.routing import APIRoute

from services.common.identity import Identity
from services.gateway.errors import ApiError
from services.gateway.html import render

NAV = (
    ("/ops", "概览 · overview"),
    ("/ops/cases", "案件流程 · case workflows"),
    ("/ops/reconciliation", "对账 · reconciliation"),
    ("/ops/overdue", "超期 · overdue"),
    ("/ops/failing", "失败重试 · failing activities"),
    ("/ops/health", "健康 · health"),
    ("/ops/webhooks", "回调投递 · webhooks"),
    ("/ops/audit", "审计 · audit log"),
    ("/ops/calendar", "工作日历 · calendar"),
)


def page(request: Request, template: str, identity: Identity, **context: Any) -> HTMLResponse:
    """An ops page: the template with the nav, the signed-in person and the outcome of the last
    action (?done= or ?error=, set by the form actions' redirects)."""
    flash = request.query_params.get("done") or request.query_params.get("error")
    return render(
        request,
        template,
        {
            "nav": NAV,
            "user": f"{identity.subject} ({', '.join(identity.roles)})",
            "flash": flash,
            "flash_ok": "done" in request.query_params,
        }
        | context,
    )


class OpsRoute(APIRoute):
    """A page asked for without a session goes to the sign-in page; other refusals are HTML pages."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def handle(request: Request) -> Response:
            try:
                return await handler(request)
            except ApiError as exc:
                if exc.status == 401:
                    return RedirectResponse("/ops/login", status_code=303)
                return render(request, "ops/error.html", {"status": exc.status, "message": exc.message}, exc.status)

        return handle

"""The ops pages' rendering: templates/ops/ through the gateway's one render helper, the nav and
the flash line every page shows, and the page route class that sends a signed-out browser to the
sign-in page. Every value is escaped by the templates; the only markup is ours."""

from __future__ import annotations

from typing import Any

from fastapi import Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse

from services.common.identity import Identity
from services.gateway.console.messages import status_message
from services.gateway.console.session import language
from services.gateway.errors import ApiError
from services.gateway.html import PageRoute, render
from services.gateway.names import Names
from services.gateway.ops import labels

NAV = (
    ("/ops", "概览"),
    ("/ops/cases", "案件流程"),
    ("/ops/reconciliation", "对账"),
    ("/ops/overdue", "超期"),
    ("/ops/failing", "失败重试"),
    ("/ops/health", "健康"),
    ("/ops/webhooks", "回调投递"),
    ("/ops/audit", "审计"),
    ("/ops/calendar", "工作日历"),
    ("/ops/suggestions", "分类建议"),
)


def page(request: Request, template: str, identity: Identity, **context: Any) -> HTMLResponse:
    """An ops page: the template with the nav, the signed-in person and the outcome of the last
    action (?done= or ?error=, set by the form actions' redirects)."""
    flash = request.query_params.get("done") or request.query_params.get("error")
    lang = language(request)
    names: Names = getattr(request.state, "names", None) or Names()
    return render(
        request,
        template,
        {
            "nav": NAV,
            "user": identity.display_name or names.person(identity.subject, lang),
            "col": lambda key: labels.column(key, lang),
            "val": lambda key, value, row=None: labels.cell(key, value, lang, names, row),
            "flash": flash,
            "flash_ok": "done" in request.query_params,
        }
        | context,
    )


class OpsRoute(PageRoute):
    """A page asked for without a session goes to the sign-in page; other refusals are HTML pages."""

    def refusal_page(self, request: Request, refused: Exception) -> Response:
        assert isinstance(refused, ApiError)
        if refused.status == 401:
            return RedirectResponse("/ops/login", status_code=303)
        message = status_message(refused.status, refused.message, language(request))
        return render(request, "ops/error.html", {"status": refused.status, "message": message}, refused.status)

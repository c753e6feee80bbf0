"""Rendering helpers of the console: templates, Shanghai times, error pages, the page route class.

Console handlers call the same gRPC services as the API, with the signed-in person's identity, so
every page is scope-checked by the service that owns the data; a refusal becomes an HTML page
with the same status the API would give, and a 403 is logged.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from datetime import datetime
from pathlib import Path
from typing import Any

import grpc
from fastapi import Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.routing import APIRoute
from fastapi.templating import Jinja2Templates
from google.protobuf.timestamp_pb2 import Timestamp

from services.common.clock import SHANGHAI
from services.gateway.console.i18n import kind_title, outcome_label, translate
from services.gateway.console.session import language
from services.gateway.errors import GRPC_TO_HTTP, ApiError

log = logging.getLogger("fengqiao.gateway.console")
TEMPLATES = Jinja2Templates(directory=str(Path(__file__).resolve().parents[1] / "templates"))


def shanghai_time(value: Timestamp | datetime | None) -> str:
    """A time as people in Changzhi read it: Asia/Shanghai, minutes."""
    if isinstance(value, Timestamp):
        if not value.seconds and not value.nanos:
            return ""
        value = value.ToDatetime(tzinfo=SHANGHAI)
    if value is None:
        return ""
    return value.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M")


TEMPLATES.env.filters["shanghai"] = shanghai_time


def render(request: Request, name: str, context: dict[str, Any], status_code: int = 200) -> HTMLResponse:
    lang = language(request)
    base = {
        "lang": lang,
        "t": lambda key: translate(key, lang),
        "kind_title": lambda kind: kind_title(kind, lang),
        "outcome_label": lambda kind, outcome: outcome_label(kind, outcome, lang),
        "me": getattr(request.state, "identity", None),
    }
    return TEMPLATES.TemplateResponse(request, name, base | context, status_code=status_code)


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    key = {403: "forbidden", 404: "not_found"}.get(status, "error")
    if status == 403:
        log.warning("forbidden", extra={"path": request.url.path, "reason": message})
    return render(request, "error.html", {"status": status, "heading": key, "message": message}, status)


class ConsoleRoute(APIRoute):
    """Turns service refusals into HTML error pages instead of the API's JSON bodies."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def handle(request: Request) -> Response:
            try:
                return await handler(request)
            except grpc.aio.AioRpcError as exc:
                status = GRPC_TO_HTTP.get(exc.code(), 500)
                if status >= 500:
                    log.error("service call failed", extra={"path": request.url.path, "code": exc.code().name})
                message = exc.details() or exc.code().name.lower() if status < 500 else "internal error"
                return error_page(request, status, message)
            except ApiError as exc:
                if exc.status == 401:
                    if request.headers.get("hx-request"):
                        return Response(status_code=204, headers={"HX-Redirect": "/console/login"})
                    return RedirectResponse("/console/login", status_code=303)
                return error_page(request, exc.status, exc.message)

        return handle

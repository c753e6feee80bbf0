"""The console's error pages and the page route class (rendering itself is services/gateway/html.py).

Console handlers call the same gRPC services as the API, with the signed-in person's identity, so
every page is scope-checked by the service that owns the data; a refusal becomes an HTML page
with the same status the API would give, and a 403 is logged.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from typing import Any
from urllib.parse import urlencode

import grpc
from fastapi import Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.routing import APIRoute

from services.gateway.console.messages import status_message
from services.gateway.console.session import language
from services.gateway.errors import GRPC_TO_HTTP, ApiError
from services.gateway.html import render
from services.gateway.names import load_names

log = logging.getLogger("fengqiao.gateway.console")


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    """The error page: a Chinese sentence per status (the service's own words in English)."""
    key = {403: "forbidden", 404: "not_found"}.get(status, "error")
    if status == 403:
        log.warning("forbidden", extra={"path": request.url.path, "reason": message})
    shown = status_message(status, message, language(request))
    return render(request, "console/error.html", {"status": status, "heading": key, "message": shown}, status)


class ConsoleRoute(APIRoute):
    """Turns service refusals into HTML error pages instead of the API's JSON bodies."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def handle(request: Request) -> Response:
            await load_names(request)
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


def back(path: str, **params: str) -> RedirectResponse:
    """A 303 to a console page with the non-empty parameters (after a form's POST)."""
    query = urlencode({k: v for k, v in params.items() if v})
    return RedirectResponse(f"{path}?{query}" if query else path, status_code=303)

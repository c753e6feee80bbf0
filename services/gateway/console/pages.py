"""The console's error pages and the page route class (rendering itself is services/gateway/html.py).

Console handlers call the same gRPC services as the API, with the signed-in person's identity, so
every page is scope-checked by the service that owns the data; a refusal becomes an HTML page
with the same status the API would give, and a 403 is logged.
"""

from __future__ import annotations

import logging
from urllib.parse import urlencode

import grpc
from fastapi import Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse

from services.gateway.console.messages import status_message
from services.gateway.console.session import language
from services.gateway.errors import GRPC_TO_HTTP, ApiError
from services.gateway.html import PageRoute, render

log = logging.getLogger("fengqiao.gateway.console")


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    """The error page: a Chinese sentence per status (the service's own words in English)."""
    key = {403: "forbidden", 404: "not_found"}.get(status, "error")
    if status == 403:
        log.warning("forbidden", extra={"path": request.url.path, "reason": message})
    shown = status_message(status, message, language(request))
    return render(request, "console/error.html", {"status": status, "heading": key, "message": shown}, status)


class ConsoleRoute(PageRoute):
    """Turns service refusals into HTML error pages instead of the API's JSON bodies."""

    refusals = (grpc.aio.AioRpcError, ApiError)

    def refusal_page(self, request: Request, refused: Exception) -> Response:
        if isinstance(refused, grpc.aio.AioRpcError):
            status = GRPC_TO_HTTP.get(refused.code(), 500)
            if status >= 500:
                log.error("service call failed", extra={"path": request.url.path, "code": refused.code().name})
            message = refused.details() or refused.code().name.lower() if status < 500 else "internal error"
            return error_page(request, status, message)
        assert isinstance(refused, ApiError)
        if refused.status == 401:
            if request.headers.get("hx-request"):
                return Response(status_code=204, headers={"HX-Redirect": "/console/login"})
            return RedirectResponse("/console/login", status_code=303)
        return error_page(request, refused.status, refused.message)


def answered_refusal(exc: grpc.aio.AioRpcError, *answered: grpc.StatusCode) -> str:
    """The detail of a refusal the form answers beside its fields (`answered`); any other failure
    goes on to the route's error page."""
    if exc.code() not in answered:
        raise exc
    return exc.details() or ""


def back(path: str, **params: str) -> RedirectResponse:
    """A 303 to a console page with the non-empty parameters (after a form's POST)."""
    query = urlencode({k: v for k, v in params.items() if v})
    return RedirectResponse(f"{path}?{query}" if query else path, status_code=303)

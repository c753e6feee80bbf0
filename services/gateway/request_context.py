"""Every request's context at the edge: its request id (from X-Request-ID or new; in the logs, on
the trace and on the answer), the security headers, and its count and time in the metrics.

Pure ASGI (issue #19): as an `@app.middleware("http")` function it ran the rest of the app in a
task of its own behind anyio memory streams — per request a task group, a stream pair and the
answer's body re-streamed through them, a visible share of a task request's gateway CPU."""

from __future__ import annotations

import time
import uuid

from opentelemetry import trace
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from services.common.logging import request_id_var
from services.common.metrics import HTTP_REQUESTS, HTTP_SECONDS
from services.gateway.security_headers import add_security_headers


class RequestContext:
    def __init__(self, app: ASGIApp, production: bool) -> None:
        self.app = app
        self.production = production

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        rid = (Headers(scope=scope).get("x-request-id") or uuid.uuid4().hex)[:64]
        token = request_id_var.set(rid)
        started = time.perf_counter()
        status = 500
        # FastAPI's own server span (the root of everything this request causes, in the services and
        # in Temporal) is current here; tag it so a trace can be found by the request id in a log.
        trace.get_current_span().set_attribute("request_id", rid)

        async def answer(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = MutableHeaders(scope=message)
                headers["X-Request-ID"] = rid
                add_security_headers(headers, production=self.production)
            await send(message)

        try:
            await self.app(scope, receive, answer)
        finally:
            # Label by route template, not path: one series per endpoint, not per case number.
            route = getattr(scope.get("route"), "path", "unmatched")
            HTTP_REQUESTS.labels(scope["method"], route, str(status)).inc()
            HTTP_SECONDS.labels(scope["method"], route).observe(time.perf_counter() - started)
            request_id_var.reset(token)

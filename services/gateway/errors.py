"""The one place where gRPC statuses and request errors become HTTP answers.

Every error body is {"error": {"code", "message", "details"}}.
"""

from __future__ import annotations

import logging
from typing import Any

import grpc
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DBAPIError
from starlette.exceptions import HTTPException as StarletteHTTPException
from temporalio.service import RPCError

from services.common.errors import error_details

log = logging.getLogger("fengqiao.gateway.errors")

GRPC_TO_HTTP = {
    grpc.StatusCode.INVALID_ARGUMENT: 422,
    grpc.StatusCode.OUT_OF_RANGE: 422,
    grpc.StatusCode.NOT_FOUND: 404,
    grpc.StatusCode.PERMISSION_DENIED: 403,
    grpc.StatusCode.UNAUTHENTICATED: 401,
    grpc.StatusCode.ALREADY_EXISTS: 409,
    grpc.StatusCode.ABORTED: 409,
    grpc.StatusCode.FAILED_PRECONDITION: 409,
    grpc.StatusCode.RESOURCE_EXHAUSTED: 429,
    grpc.StatusCode.UNAVAILABLE: 503,
    grpc.StatusCode.DEADLINE_EXCEEDED: 504,
}


class ApiError(Exception):
    """An error the gateway itself decides (authentication, body size)."""

    def __init__(self, status: int, code: str, message: str, details: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.details = status, code, message, details or {}


def error_response(status: int, code: str, message: str, details: dict[str, Any] | None = None) -> JSONResponse:
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(
        status_code=status,
        content={"error": {"code": code, "message": message, "details": details or {}}},
        headers=headers,
    )


def install(app: FastAPI) -> None:
    @app.exception_handler(grpc.aio.AioRpcError)
    async def _grpc(request: Request, exc: grpc.aio.AioRpcError) -> JSONResponse:
        status = GRPC_TO_HTTP.get(exc.code(), 500)
        if status == 403:
            log.warning("forbidden", extra={"path": request.url.path, "reason": exc.details()})
        if status >= 500:
            log.error(
                "service call failed",
                extra={"path": request.url.path, "code": exc.code().name, "reason": exc.details()},
            )
        message = exc.details() or exc.code().name.lower()
        if status == 500:
            message = "internal error"
        return error_response(status, exc.code().name.lower(), message, error_details(exc))

    @app.exception_handler(DBAPIError)
    async def _database(request: Request, exc: DBAPIError) -> JSONResponse:
        # The gateway's own tables (users, keys, saved filters): PostgreSQL refuses NUL in text.
        if "0x00" in str(exc.orig):
            return error_response(422, "invalid_argument", "text must not contain a NUL character")
        log.error("gateway database error", extra={"path": request.url.path, "reason": type(exc.orig).__name__})
        return error_response(500, "internal", "internal error")

    @app.exception_handler(ApiError)
    async def _api(request: Request, exc: ApiError) -> JSONResponse:
        if exc.status == 403:
            log.warning("forbidden", extra={"path": request.url.path, "reason": exc.message})
        return error_response(exc.status, exc.code, exc.message, exc.details)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [
            {"field": ".".join(str(p) for p in err["loc"] if p != "body"), "message": err["msg"]}
            for err in exc.errors()
        ]
        first = problems[0] if problems else {"field": "", "message": "invalid request"}
        return error_response(
            422,
            "invalid_argument",
            f"{first['field']}: {first['message']}",
            {"field": first["field"], "problems": problems},
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 400:
            # A body FastAPI or Starlette could not parse (broken multipart, a form that is no form):
            # an invalid request like any other, answered as the API answers those.
            return error_response(422, "invalid_argument", f"the body could not be read: {exc.detail}")
        code = "payload_too_large" if exc.status_code == 413 else "http_error"
        return error_response(exc.status_code, code, str(exc.detail))

    @app.exception_handler(UnicodeEncodeError)
    async def _unicode(request: Request, exc: UnicodeEncodeError) -> JSONResponse:
        # JSON bodies are checked at the edge (edge.BodyGuard); this catches text from anywhere else
        # (a form, a header) before it would become a 500.
        return error_response(422, "invalid_argument", "text must be valid Unicode (a lone UTF-16 surrogate is not)")

    @app.exception_handler(RPCError)
    async def _temporal(request: Request, exc: RPCError) -> JSONResponse:
        # Temporal's own gRPC status, mapped as the services' are (an ops query it cannot parse: 422).
        status = GRPC_TO_HTTP.get(grpc.StatusCode[exc.status.name], 502) if exc.status else 502
        if status >= 500:
            log.error("temporal call failed", extra={"path": request.url.path, "reason": exc.message})
        return error_response(status, exc.status.name.lower() if exc.status else "temporal", exc.message)

"""Domain errors raised in the core and translated once at each edge (gRPC status, HTTP status)."""

from __future__ import annotations

import json
from typing import Any

import grpc

# Trailing metadata that carries a DomainError's details (JSON) next to its status.
ERROR_DETAILS_KEY = "x-error-details"


class DomainError(Exception):
    """Base of every error a rule can raise; carries the field at fault when there is one."""

    code: grpc.StatusCode = grpc.StatusCode.INTERNAL

    def __init__(self, message: str, *, field: str | None = None, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.details = details | ({"field": field} if field else {})

    def __reduce__(self) -> tuple[Any, ...]:
        # Raised in another process (a parse in a process pool) it arrives whole: field and details too.
        details = {k: v for k, v in self.details.items() if k != "field"}
        return (_rebuild, (type(self), self.message, self.field, details))


def _rebuild(kind: type[DomainError], message: str, field: str | None, details: dict[str, Any]) -> DomainError:
    return kind(message, field=field, **details)


class InvalidInput(DomainError):
    code = grpc.StatusCode.INVALID_ARGUMENT


class NotFound(DomainError):
    code = grpc.StatusCode.NOT_FOUND


class PermissionDenied(DomainError):
    code = grpc.StatusCode.PERMISSION_DENIED


class Unauthenticated(DomainError):
    code = grpc.StatusCode.UNAUTHENTICATED


class Conflict(DomainError):
    """The same key with a different request (idempotency), or a duplicate."""

    code = grpc.StatusCode.ALREADY_EXISTS


class ConcurrentChange(DomainError):
    """Someone else changed the row first (optimistic concurrency lost)."""

    code = grpc.StatusCode.ABORTED


class PreconditionFailed(DomainError):
    """The request is well formed but the object's state does not allow it."""

    code = grpc.StatusCode.FAILED_PRECONDITION


class Unavailable(DomainError):
    code = grpc.StatusCode.UNAVAILABLE


class Relayed(DomainError):
    """Another service's refusal of a call made on the caller's behalf, passed on with its status
    (a community the registry does not know stays NOT_FOUND, a case the caller may not see stays
    PERMISSION_DENIED)."""

    def __init__(self, exc: grpc.aio.AioRpcError) -> None:
        super().__init__(exc.details() or exc.code().name.lower(), **error_details(exc))
        self.code = exc.code()


def error_details(exc: grpc.aio.AioRpcError) -> dict[str, Any]:
    """The details a service sent with its refusal ({} when none or unreadable)."""
    for key, value in exc.trailing_metadata() or ():
        if key == ERROR_DETAILS_KEY and isinstance(value, str):
            try:
                parsed = json.loads(value)
            except ValueError:
                return {}
            return parsed if isinstance(parsed, dict) else {}
    return {}

"""Domain errors raised in the core and translated once at each edge (gRPC status, HTTP status)."""

from __future__ import annotations

from typing import Any

import grpc


class DomainError(Exception):
    """Base of every error a rule can raise; carries the field at fault when there is one."""

    code: grpc.StatusCode = grpc.StatusCode.INTERNAL

    def __init__(self, message: str, *, field: str | None = None, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.details = details | ({"field": field} if field else {})


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

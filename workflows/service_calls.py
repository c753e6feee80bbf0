"""What every activity that calls a service over gRPC shares: the worker's signed identity on
the call, and a gRPC failure turned into a Temporal failure that retries only when it can help."""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any, TypeVar

import grpc
from google.protobuf.timestamp_pb2 import Timestamp
from temporalio import activity
from temporalio.exceptions import ApplicationError

from services.common.grpc_client import CallerMetadata
from services.common.identity import SYSTEM_WORKER

# Statuses that no retry can fix: fail the activity at once with the service's message.
PERMANENT_STATUSES = {
    grpc.StatusCode.INVALID_ARGUMENT,
    grpc.StatusCode.NOT_FOUND,
    grpc.StatusCode.PERMISSION_DENIED,
    grpc.StatusCode.UNAUTHENTICATED,
    grpc.StatusCode.FAILED_PRECONDITION,
}

Response = TypeVar("Response")
Message = TypeVar("Message")


def worker_metadata(caller_metadata: CallerMetadata) -> list[tuple[str, str]]:
    """Signed metadata for a call from the running activity; its request id names the activity."""
    info = activity.info()
    return caller_metadata(SYSTEM_WORKER, request_id=f"{info.workflow_id}/{info.activity_id}")


def grpc_failure(exc: grpc.aio.AioRpcError) -> ApplicationError:
    return ApplicationError(
        f"{exc.code().name}: {exc.details()}", type=exc.code().name, non_retryable=exc.code() in PERMANENT_STATUSES
    )


async def call(method: Callable[..., Awaitable[Response]], request: Any, caller_metadata: CallerMetadata) -> Response:
    """Calls a stub method from the running activity under the worker's signed identity. A gRPC
    failure leaves as an ApplicationError: non-retryable for PERMANENT_STATUSES, else retried by
    the activity's retry policy."""
    try:
        return await method(request, metadata=worker_metadata(caller_metadata))
    except grpc.aio.AioRpcError as exc:
        raise grpc_failure(exc) from exc


def request_of(message_type: Callable[..., Message], data: Any, **converted: Any) -> Message:
    """The request `message_type` built from an activity's input, a dataclass whose fields are
    named as the message's; `converted` replaces the fields whose types differ (a timestamp)."""
    return message_type(**{**dataclasses.asdict(data), **converted})


def timestamp(iso: str) -> Timestamp:
    """An ISO 8601 date-time with offset as a protobuf Timestamp."""
    ts = Timestamp()
    ts.FromDatetime(datetime.fromisoformat(iso).astimezone(UTC))
    return ts

"""What every activity that calls a service over gRPC shares: the worker's signed identity on
the call, and a gRPC failure turned into a Temporal failure that retries only when it can help."""

from __future__ import annotations

import grpc
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


def worker_metadata(caller_metadata: CallerMetadata) -> list[tuple[str, str]]:
    """Signed metadata for a call from the running activity; its request id names the activity."""
    info = activity.info()
    return caller_metadata(SYSTEM_WORKER, request_id=f"{info.workflow_id}/{info.activity_id}")


def grpc_failure(exc: grpc.aio.AioRpcError) -> ApplicationError:
    return ApplicationError(
        f"{exc.code().name}: {exc.details()}", type=exc.code().name, non_retryable=exc.code() in PERMANENT_STATUSES
    )

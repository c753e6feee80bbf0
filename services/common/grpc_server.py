"""One factory for every gRPC service: auth and error interceptor, health, reflection, graceful stop."""

from __future__ import annotations

import asyncio
import contextvars
import json
import logging
import signal
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

import grpc
from google.protobuf.descriptor import FieldDescriptor
from google.protobuf.message import Message
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection
from opentelemetry.instrumentation.grpc import aio_server_interceptor

from services.common.errors import ERROR_DETAILS_KEY, DomainError, InvalidInput, PermissionDenied
from services.common.identity import (
    IDENTITY_HEADER,
    REQUEST_ID_HEADER,
    SIGNATURE_HEADER,
    Identity,
    IdentityError,
    verify,
)
from services.common.logging import case_no_var, request_id_var, workflow_id_var
from services.common.metrics import GRPC_HANDLED, GRPC_SECONDS

log = logging.getLogger("fengqiao.grpc")

_OPEN_SERVICES = (health.SERVICE_NAME, reflection.SERVICE_NAME, "grpc.reflection.v1.ServerReflection")

_identity_var: contextvars.ContextVar[Identity | None] = contextvars.ContextVar("identity", default=None)


def current_identity() -> Identity:
    """The verified caller of the gRPC call being served. Only valid inside a servicer method."""
    identity = _identity_var.get()
    if identity is None:  # the interceptor guarantees one; this guards misuse outside a call
        raise RuntimeError("no identity outside an authenticated gRPC call")
    return identity


def require_role(*roles: str, denied: str) -> Identity:
    """The verified caller when it holds one of `roles`; PermissionDenied saying `denied` if not."""
    identity = current_identity()
    if not identity.has_role(*roles):
        raise PermissionDenied(denied)
    return identity


class AuthAndErrorsInterceptor(grpc.aio.ServerInterceptor):
    """Verifies the signed identity of every call and maps domain errors to status codes.

    This is the one place where a service's DomainErrors become gRPC statuses.
    """

    def __init__(self, identity_key: str) -> None:
        self._key = identity_key

    async def intercept_service(
        self,
        continuation: Callable[[grpc.HandlerCallDetails], Awaitable[grpc.RpcMethodHandler]],
        handler_call_details: grpc.HandlerCallDetails,
    ) -> grpc.RpcMethodHandler:
        handler = await continuation(handler_call_details)
        method: str = handler_call_details.method  # type: ignore[attr-defined]
        if handler is None or method.lstrip("/").startswith(_OPEN_SERVICES) or handler.unary_unary is None:
            return handler
        inner = handler.unary_unary
        key = self._key

        async def guarded(request: Any, context: grpc.aio.ServicerContext) -> Any:
            metadata = {k: v for k, v in (context.invocation_metadata() or ()) if isinstance(v, str)}
            rid_token = request_id_var.set(metadata.get(REQUEST_ID_HEADER))
            # Log lines of this call carry the case and workflow it is about, when the request says.
            case_token = case_no_var.set(getattr(request, "case_no", None) or None)
            wf_token = workflow_id_var.set(getattr(request, "workflow_id", None) or None)
            started = time.perf_counter()
            code = grpc.StatusCode.OK
            try:
                try:
                    identity = verify(metadata.get(IDENTITY_HEADER), metadata.get(SIGNATURE_HEADER), key)
                except IdentityError as exc:
                    log.warning("unauthenticated call", extra={"method": method, "reason": str(exc)})
                    code = grpc.StatusCode.UNAUTHENTICATED
                    await context.abort(grpc.StatusCode.UNAUTHENTICATED, str(exc))
                id_token = _identity_var.set(identity)
                try:
                    if where := nul_field(request):
                        raise InvalidInput(f"{where} contains a NUL character", field=where)
                    return await inner(request, context)
                except DomainError as exc:
                    if isinstance(exc, PermissionDenied):
                        log.warning(
                            "permission denied",
                            extra={"method": method, "subject": identity.subject, "reason": exc.message},
                        )
                    context.set_trailing_metadata(((ERROR_DETAILS_KEY, json.dumps(exc.details, default=str)),))
                    code = exc.code
                    await context.abort(exc.code, exc.message)
                finally:
                    _identity_var.reset(id_token)
            except grpc.aio.AbortError:
                if code == grpc.StatusCode.OK:  # a servicer aborted by itself
                    code = context.code() or grpc.StatusCode.UNKNOWN
                raise
            except Exception:
                code = grpc.StatusCode.UNKNOWN
                raise
            finally:
                GRPC_HANDLED.labels(method, code.name).inc()
                GRPC_SECONDS.labels(method).observe(time.perf_counter() - started)
                workflow_id_var.reset(wf_token)
                case_no_var.reset(case_token)
                request_id_var.reset(rid_token)

        return grpc.unary_unary_rpc_method_handler(
            guarded,
            request_deserializer=handler.request_deserializer,
            response_serializer=handler.response_serializer,
        )


@dataclass
class RunningServer:
    server: grpc.aio.Server
    port: int
    health: health.aio.HealthServicer
    grace_seconds: float

    async def stop(self) -> None:
        """Says NOT_SERVING, then lets calls in flight finish within the grace period."""
        await self.health.enter_graceful_shutdown()
        await self.server.stop(self.grace_seconds)


async def start_server(
    register: Callable[[grpc.aio.Server], Sequence[str]],
    *,
    identity_key: str,
    port: int = 0,
    host: str = "127.0.0.1",
    grace_seconds: float = 5.0,
) -> RunningServer:
    """Builds and starts a grpc.aio server. `register` adds the servicers and returns their full
    service names (for health and reflection). Port 0 picks a free port; the bound one is returned."""
    # Tracing outermost, so a denied or failing call is still a span of the caller's trace.
    server = grpc.aio.server(interceptors=[aio_server_interceptor(), AuthAndErrorsInterceptor(identity_key)])
    names = list(register(server))
    health_servicer = health.aio.HealthServicer()
    health_pb2_grpc.add_HealthServicer_to_server(health_servicer, server)
    reflection.enable_server_reflection([*names, health.SERVICE_NAME, reflection.SERVICE_NAME], server)
    bound = server.add_insecure_port(f"{host}:{port}")
    if bound == 0:
        raise OSError(f"cannot bind gRPC port {host}:{port}")
    await server.start()
    for name in [*names, ""]:
        await health_servicer.set(name, health_pb2.HealthCheckResponse.SERVING)
    return RunningServer(server=server, port=bound, health=health_servicer, grace_seconds=grace_seconds)


async def serve_until_signalled(running: RunningServer, on_stop: Callable[[], Awaitable[None]] | None = None) -> None:
    """Runs until SIGINT or SIGTERM, then stops gracefully."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    log.info("stopping", extra={"port": running.port})
    await running.stop()
    if on_stop is not None:
        await on_stop()


def nul_field(message: Message, prefix: str = "") -> str:
    """The first string field (dotted path) holding a NUL character, or "". Text with NUL is never
    what a person meant, and PostgreSQL refuses it: refusing it here, for every service and
    method, makes it a clear INVALID_ARGUMENT instead of a database error."""
    for field, value in message.ListFields():
        name = f"{prefix}{field.name}"
        if field.message_type is not None and field.message_type.GetOptions().map_entry:
            for key, item in value.items():
                if "\x00" in str(key) or (isinstance(item, str) and "\x00" in item):
                    return f"{name}[{key!r}]"
                if isinstance(item, Message) and (found := nul_field(item, f"{name}[{key!r}].")):
                    return found
        elif field.type == FieldDescriptor.TYPE_STRING:
            items = [value] if isinstance(value, str) else list(value)  # singular or repeated
            if any("\x00" in item for item in items):
                return name
        elif field.type == FieldDescriptor.TYPE_MESSAGE:
            repeated = not isinstance(value, Message)
            for i, item in enumerate(value if repeated else [value]):
                if found := nul_field(item, f"{name}.{i}." if repeated else f"{name}."):
                    return found
    return ""

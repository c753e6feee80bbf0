"""LiaisonService for outside systems on the gateway's public gRPC port.

The gateway owns API keys, so it authenticates the `x-api-key` metadata here and forwards each
call to the mediation service under the key's signed identity; the service checks organisation
scope again. Health and reflection are served, so an integrator's client needs no project code.
Optional TLS, and mutual TLS when a client CA is configured.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import grpc
from fengqiao.mediation.v1 import liaison_pb2, liaison_pb2_grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection

from services.common.errors import ERROR_DETAILS_KEY
from services.common.identity import REQUEST_ID_HEADER, Identity
from services.gateway.api_keys import LIAISON, identity_for_key
from services.gateway.deps import Backends

log = logging.getLogger("fengqiao.gateway.liaison")

API_KEY_METADATA = "x-api-key"
SERVICE_NAME = liaison_pb2.DESCRIPTOR.services_by_name["LiaisonService"].full_name
Reply = TypeVar("Reply")


class PublicLiaisonServicer(liaison_pb2_grpc.LiaisonServiceServicer):
    def __init__(self, backends: Backends) -> None:
        self.backends = backends

    async def _identity(self, context: grpc.aio.ServicerContext) -> Identity:
        metadata = {k: v for k, v in (context.invocation_metadata() or ()) if isinstance(v, str)}
        settings = self.backends.settings
        identity = await identity_for_key(
            self.backends.db,
            metadata.get(API_KEY_METADATA, ""),
            LIAISON,
            development=settings.environment == "development",
        )
        if identity is None:
            log.warning("liaison gRPC call refused: x-api-key missing or invalid", extra={"peer": context.peer()})
            await context.abort(
                grpc.StatusCode.UNAUTHENTICATED, "x-api-key metadata is missing or not a valid liaison key"
            )
            raise AssertionError("abort returns only by raising")
        return identity

    async def _forward(
        self, call: Callable[..., Awaitable[Reply]], request: Any, context: grpc.aio.ServicerContext
    ) -> Reply:
        identity = await self._identity(context)
        metadata = {k: v for k, v in (context.invocation_metadata() or ()) if isinstance(v, str)}
        try:
            return await call(
                request,
                metadata=self.backends.caller_metadata(identity, metadata.get(REQUEST_ID_HEADER)),
                timeout=self.backends.settings.rpc_timeout_seconds,
            )
        except grpc.aio.AioRpcError as exc:
            if exc.code() == grpc.StatusCode.PERMISSION_DENIED:
                log.warning("liaison call denied", extra={"subject": identity.subject, "reason": exc.details()})
            details = [(k, v) for k, v in (exc.trailing_metadata() or ()) if k == ERROR_DETAILS_KEY]
            if details:
                context.set_trailing_metadata(tuple(details))
            await context.abort(exc.code(), exc.details() or exc.code().name)
            raise AssertionError("abort returns only by raising") from exc

    async def ListReferrals(
        self, request: liaison_pb2.ListReferralsRequest, context: grpc.aio.ServicerContext
    ) -> liaison_pb2.ListReferralsResponse:
        return await self._forward(self.backends.liaison.ListReferrals, request, context)

    async def GetReferral(
        self, request: liaison_pb2.GetReferralRequest, context: grpc.aio.ServicerContext
    ) -> liaison_pb2.GetReferralResponse:
        return await self._forward(self.backends.liaison.GetReferral, request, context)

    async def SubmitResult(
        self, request: liaison_pb2.SubmitResultRequest, context: grpc.aio.ServicerContext
    ) -> liaison_pb2.SubmitResultResponse:
        return await self._forward(self.backends.liaison.SubmitResult, request, context)


@dataclass
class PublicServer:
    server: grpc.aio.Server
    port: int
    health: health.aio.HealthServicer

    async def stop(self, grace: float = 5.0) -> None:
        await self.health.enter_graceful_shutdown()
        await self.server.stop(grace)


def server_credentials(cert_path: str, key_path: str, client_ca_path: str) -> grpc.ServerCredentials | None:
    """TLS when cert and key are set; mutual TLS (client certificates required) with a client CA."""
    if not cert_path and not key_path:
        if client_ca_path:
            raise ValueError("a client CA for mutual TLS needs the server's certificate and key too")
        return None
    if not (cert_path and key_path):
        raise ValueError("TLS needs both the certificate and the key")
    ca = Path(client_ca_path).read_bytes() if client_ca_path else None
    return grpc.ssl_server_credentials(
        [(Path(key_path).read_bytes(), Path(cert_path).read_bytes())],
        root_certificates=ca,
        require_client_auth=ca is not None,
    )


async def start(backends: Backends) -> PublicServer:
    s = backends.settings
    server = grpc.aio.server()
    liaison_pb2_grpc.add_LiaisonServiceServicer_to_server(PublicLiaisonServicer(backends), server)
    health_servicer = health.aio.HealthServicer()
    health_pb2_grpc.add_HealthServicer_to_server(health_servicer, server)
    # Only LiaisonService is listed: the services behind the gateway are not the integrator's business.
    reflection.enable_server_reflection([SERVICE_NAME, health.SERVICE_NAME, reflection.SERVICE_NAME], server)
    address = f"{s.liaison_grpc_host}:{s.liaison_grpc_port}"
    credentials = server_credentials(s.liaison_tls_cert_path, s.liaison_tls_key_path, s.liaison_tls_client_ca_path)
    port = server.add_secure_port(address, credentials) if credentials else server.add_insecure_port(address)
    if port == 0:
        raise OSError(f"cannot bind the liaison gRPC port {address}")
    await server.start()
    for name in (SERVICE_NAME, ""):
        await health_servicer.set(name, health_pb2.HealthCheckResponse.SERVING)
    log.info("liaison gRPC serving", extra={"port": port, "tls": credentials is not None})
    return PublicServer(server, port, health_servicer)

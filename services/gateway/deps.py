"""Request dependencies as Annotated aliases; handlers stay declarative and tests can override them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import OAuth2PasswordBearer
from fengqiao.evaluation.v1 import evaluation_pb2_grpc, registry_admin_pb2_grpc, registry_pb2_grpc, takeover_pb2_grpc
from fengqiao.intake.v1 import intake_pb2_grpc
from fengqiao.mediation.v1 import (
    calendar_pb2_grpc,
    consultation_pb2_grpc,
    liaison_admin_pb2_grpc,
    liaison_pb2_grpc,
    task_pb2_grpc,
)
from temporalio.client import Client

from services.common.db import Database
from services.common.grpc_client import CallerMetadata
from services.common.identity import Identity
from services.common.logging import request_id_var
from services.gateway import sessions
from services.gateway.errors import ApiError
from services.gateway.ops.counts import CountsSnapshot
from services.gateway.sessions import IdentityCache
from services.gateway.settings import GatewaySettings

oauth2 = OAuth2PasswordBearer(tokenUrl="/api/v1/auth/token", auto_error=False)


@dataclass
class Backends:
    """Everything the gateway talks to; built once in the composition root."""

    settings: GatewaySettings
    db: Database
    intake: intake_pb2_grpc.IntakeServiceStub
    tasks: task_pb2_grpc.TaskServiceStub
    registry: registry_pb2_grpc.RegistryServiceStub
    evaluation: evaluation_pb2_grpc.EvaluationServiceStub
    caller_metadata: CallerMetadata
    # Encrypting client (services/common/temporal.py): visibility, queries and ops actions.
    temporal: Client
    # The working-day calendar (mediation service): coverage for ops, imports for admins.
    calendar: calendar_pb2_grpc.CalendarServiceStub
    # Issue #5: the liaison side of the mediation service, and its inside (webhooks, deliveries).
    liaison: liaison_pb2_grpc.LiaisonServiceStub
    liaison_admin: liaison_admin_pb2_grpc.LiaisonAdminServiceStub
    # Consultations street center staff start on their own (issue 17: the service starts the workflow).
    consultations: consultation_pb2_grpc.ConsultationServiceStub
    # Issue 14: takeover bundles as the evaluation service follows them.
    takeovers: takeover_pb2_grpc.TakeoverServiceStub
    # Issue 14: registry management (evaluation service); None where a test wires no registry.
    registry_admin: registry_admin_pb2_grpc.RegistryAdminServiceStub | None = None
    # The ops overview's last visibility counts, shared by the views of this process.
    ops_counts: CountsSnapshot = field(default_factory=CountsSnapshot)
    # Identities this replica honoured a moment ago (sessions.py; how stale one may be is a setting).
    identities: IdentityCache = field(default_factory=IdentityCache)


def get_backends(request: Request) -> Backends:
    backends: Backends = request.app.state.backends
    return backends


async def _backends_of(request: Request) -> Backends:
    # The dependencies are coroutines: FastAPI runs a plain function dependency in its thread
    # pool, a hand-off to a thread and back that cost ~20% of a task request's gateway CPU.
    return get_backends(request)


BackendsDep = Annotated[Backends, Depends(_backends_of)]


async def get_current_identity(backends: BackendsDep, token: Annotated[str | None, Depends(oauth2)]) -> Identity:
    if not token:
        raise ApiError(401, "unauthenticated", "sign in first: no bearer token in the request")
    return await sessions.identity_of_token(backends, token)


CurrentIdentity = Annotated[Identity, Depends(get_current_identity)]


@dataclass
class Caller:
    """The signed gRPC metadata and deadline for calls made on behalf of this request's caller."""

    identity: Identity
    metadata: list[tuple[str, str]]
    timeout: float


def get_caller(backends: BackendsDep, identity: CurrentIdentity) -> Caller:
    return Caller(
        identity=identity,
        metadata=backends.caller_metadata(identity, request_id_var.get()),
        timeout=backends.settings.rpc_timeout_seconds,
    )


async def _caller_of(backends: BackendsDep, identity: CurrentIdentity) -> Caller:
    return get_caller(backends, identity)


CallerDep = Annotated[Caller, Depends(_caller_of)]

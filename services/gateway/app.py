"""Composition root of the gateway: builds the FastAPI app over its backends."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from fengqiao.evaluation.v1 import evaluation_pb2_grpc, registry_admin_pb2_grpc, registry_pb2_grpc, takeover_pb2_grpc
from fengqiao.intake.v1 import intake_pb2_grpc
from fengqiao.mediation.v1 import (
    calendar_pb2_grpc,
    consultation_pb2_grpc,
    liaison_admin_pb2_grpc,
    liaison_pb2_grpc,
    task_pb2_grpc,
)

from services.common import temporal
from services.common.db import Database
from services.common.grpc_client import CallerMetadata, channel
from services.gateway import errors, liaison_grpc
from services.gateway.console import registry_pages
from services.gateway.console import routes as console
from services.gateway.deps import Backends
from services.gateway.edge import BodyGuard
from services.gateway.ops import routes as ops
from services.gateway.ops import suggestions as ops_suggestions
from services.gateway.ops.api import api as ops_api
from services.gateway.request_context import RequestContext
from services.gateway.routes import (
    auth,
    board,
    calendar_admin,
    cases,
    codec,
    complaint_preview,
    consultations,
    docs,
    health,
    intake_ops,
    liaison,
    liaison_admin,
    lockouts,
    metrics,
    open311,
    public_intake,
    rates,
    registry,
    reviews,
    saved_filters,
    takeovers,
    tasks,
)
from services.gateway.settings import GatewaySettings

# Paths that take file uploads, up to settings.max_upload_bytes.
UPLOAD_PATHS = {
    "/api/v1/intake/hotline-imports",
    calendar_admin.IMPORT_PATH,
    "/ops/calendar/import",
    registry.IMPORT_PATH,
    registry_pages.IMPORT_PATH,
}

# The console's CSS and the htmx copied from the npm package (make vendor-js); nothing from a CDN.
STATIC_DIR = Path(__file__).resolve().parent / "static"


def create_app(settings: GatewaySettings) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        channels = [
            channel(a) for a in (settings.intake_address, settings.mediation_address, settings.evaluation_address)
        ]
        db = Database(settings.database_url)
        temporal_client = await temporal.connect(settings, lazy=True)
        app.state.backends = Backends(
            settings=settings,
            db=db,
            intake=intake_pb2_grpc.IntakeServiceStub(channels[0]),
            tasks=task_pb2_grpc.TaskServiceStub(channels[1]),
            registry=registry_pb2_grpc.RegistryServiceStub(channels[2]),
            evaluation=evaluation_pb2_grpc.EvaluationServiceStub(channels[2]),
            caller_metadata=CallerMetadata(settings.identity_key),
            temporal=temporal_client,
            calendar=calendar_pb2_grpc.CalendarServiceStub(channels[1]),
            liaison=liaison_pb2_grpc.LiaisonServiceStub(channels[1]),
            liaison_admin=liaison_admin_pb2_grpc.LiaisonAdminServiceStub(channels[1]),
            consultations=consultation_pb2_grpc.ConsultationServiceStub(channels[1]),
            takeovers=takeover_pb2_grpc.TakeoverServiceStub(channels[2]),
            registry_admin=registry_admin_pb2_grpc.RegistryAdminServiceStub(channels[2]),
        )
        # Liaison systems may call LiaisonService over gRPC too, on the gateway's own public port.
        public = await liaison_grpc.start(app.state.backends) if settings.liaison_grpc_port >= 0 else None
        app.state.liaison_grpc_port = public.port if public else None
        # The ops counts are taken now, so that no ops view waits for a visibility count (issue 19).
        app.state.backends.ops_counts.warm(temporal_client)
        yield
        app.state.backends.ops_counts.stop()
        if public is not None:
            await public.stop()
        for ch in channels:
            await ch.close()
        await db.dispose()

    app = FastAPI(
        title="Fengqiao 枫桥 API",
        version="0.1.0",
        description="Property-dispute cases of Dongjie subdistrict: 管 · 评 · 调.",
        lifespan=lifespan,
        # Served from our own static files instead (routes/docs.py): FastAPI's pages load a CDN.
        docs_url=None,
        redoc_url=None,
        # Operation ids are the handlers' names (file_complaint, claim_task), so a client generated
        # from the document reads like the API.
        generate_unique_id_function=lambda route: route.name,
        # A request is one span, its calls to the services its children. FastAPI's own spans for
        # dependency resolution, the endpoint and serialization (three more a request) were ~4%
        # of the gateway's CPU per complaint filed (issue 19), and no trace of ours reads them.
        telemetry={"operation_spans": False},
    )
    errors.install(app)

    def body_limit(path: str) -> int:
        return settings.max_upload_bytes + 65536 if path in UPLOAD_PATHS else settings.max_body_bytes

    # Bodies are sized on the bytes received and JSON checked before any handler reads them. Added
    # first, so it sits inside request_context (which times and labels its answers too) and its
    # 413, raised from a handler's read, reaches the handler's exception handling unwrapped.
    app.add_middleware(BodyGuard, limit_for=body_limit)
    codec.install_cors(app, settings.temporal_ui_url)

    app.add_middleware(RequestContext, production=settings.environment == "production")

    for router in (
        auth.router,
        cases.router,
        tasks.router,
        health.router,
        console.router,
        metrics.router,
        codec.router,
        ops_suggestions.router,
        ops.router,
        ops_api,
        board.router,
        reviews.router,
        consultations.router,
        docs.router,
        takeovers.router,
        rates.router,
        complaint_preview.router,
    ):
        app.include_router(router)
    for router in (public_intake.router, intake_ops.router, open311.router):
        app.include_router(router)
    app.include_router(saved_filters.router)
    app.include_router(calendar_admin.router)
    app.include_router(liaison.router)
    app.include_router(liaison_admin.router)
    app.include_router(lockouts.router)
    app.include_router(registry.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    return app

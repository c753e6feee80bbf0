"""One complaint's journey is one trace: gateway HTTP → intake gRPC → Temporal start → workflow →
activities → mediation and intake gRPC, every process in this one test process so an in-memory
exporter sees all spans (the processes propagate the same context over the wire in production)."""

from __future__ import annotations

import asyncio
import random
import string
import uuid
from collections.abc import AsyncIterator

import httpx
import pytest_asyncio
from opentelemetry import trace
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from temporalio.client import Client

from services.common import temporal
from services.evaluation import main as evaluation_main
from services.evaluation import setup as evaluation_setup
from services.evaluation.settings import EvaluationSettings
from services.gateway import setup as gateway_setup
from services.gateway.app import create_app
from services.gateway.settings import GatewaySettings
from services.intake import main as intake_main
from services.intake import setup as intake_setup
from services.intake.settings import IntakeSettings
from services.mediation import main as mediation_main
from services.mediation import setup as mediation_setup
from services.mediation.settings import MediationSettings
from tests.e2e.test_slice import COMPLAINT, PASSWORD
from tests.helpers import IDENTITY_KEY
from tests.integration.conftest import DatabaseFactory, temporal_target
from workflows.worker import WorkerSettings, build_worker


def span_exporter() -> InMemorySpanExporter:
    """An in-memory exporter on the process's tracer provider (installed here if none is yet)."""
    provider = trace.get_tracer_provider()
    if not isinstance(provider, TracerProvider):
        provider = TracerProvider()
        trace.set_tracer_provider(provider)
    exporter = InMemorySpanExporter()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    return exporter


@pytest_asyncio.fixture
async def system(database_factory: DatabaseFactory, temporal_dev: Client) -> AsyncIterator[httpx.AsyncClient]:
    """The services, worker and gateway in-process on SQLite and the dev server; yields an HTTP client."""
    urls = {name: await database_factory("sqlite") for name in ("intake", "mediation", "evaluation", "gateway")}
    await intake_setup.migrate(urls["intake"])
    await mediation_setup.migrate(urls["mediation"])
    await evaluation_setup.migrate(urls["evaluation"])
    await evaluation_setup.seed_demo(urls["evaluation"])
    await gateway_setup.migrate(urls["gateway"])
    await gateway_setup.seed_demo(urls["gateway"], evaluation_setup.demo_organisations())
    common = {
        "identity_key": IDENTITY_KEY,
        "temporal_address": temporal_target(temporal_dev),
        "temporal_task_queue": f"trace-{uuid.uuid4().hex[:8]}",
    }
    evaluation, eval_db = await evaluation_main.start(
        EvaluationSettings(port=0, database_url=urls["evaluation"], **common)
    )
    addresses = {"evaluation_address": f"127.0.0.1:{evaluation.port}"}
    mediation, med_db = await mediation_main.start(MediationSettings(port=0, database_url=urls["mediation"], **common))
    addresses["mediation_address"] = f"127.0.0.1:{mediation.port}"
    prefix = "".join(random.choices(string.ascii_uppercase, k=4))
    intake = await intake_main.start(
        IntakeSettings(port=0, database_url=urls["intake"], case_no_prefix=prefix, **common, **addresses)
    )
    addresses["intake_address"] = f"127.0.0.1:{intake.running.port}"
    worker_settings = WorkerSettings(**common, **addresses)
    worker = build_worker(await temporal.connect(worker_settings), worker_settings)
    app = create_app(GatewaySettings(database_url=urls["gateway"], liaison_grpc_port=0, **common, **addresses))
    async with worker, app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://gateway", timeout=30) as http:
            yield http
    await intake.running.stop()
    await intake.close()
    for running, db in ((mediation, med_db), (evaluation, eval_db)):
        await running.stop()
        await db.dispose()


def names(spans: list[ReadableSpan]) -> set[str]:
    return {s.name for s in spans}


async def test_one_complaint_is_one_trace(system: httpx.AsyncClient) -> None:
    exporter = span_exporter()
    http = system
    token = (
        await http.post("/api/v1/auth/token", data={"username": "xiadong.caseworker", "password": PASSWORD})
    ).json()
    headers = {"Authorization": f"Bearer {token['access_token']}", "Idempotency-Key": uuid.uuid4().hex}
    filed = await http.post("/api/v1/complaints", json=COMPLAINT, headers=headers)
    assert filed.status_code == 201, filed.text
    case_no = filed.json()["case_no"]

    [root] = [s for s in exporter.get_finished_spans() if s.name == "POST /api/v1/complaints"]
    trace_id = root.context.trace_id

    def journey() -> list[ReadableSpan]:
        return [s for s in exporter.get_finished_spans() if s.context.trace_id == trace_id]

    wanted = {
        "POST /api/v1/complaints",  # gateway
        "/fengqiao.intake.v1.IntakeService/FileComplaint",  # intake, server and client side
        "/fengqiao.evaluation.v1.RegistryService/ResolveCommunity",  # intake asks the registry
        "StartWorkflow:DisputeCaseWorkflow",  # intake's Temporal client
        "RunWorkflow:DisputeCaseWorkflow",  # the worker
        "StartActivity:open_case_task",
        "RunActivity:open_case_task",
        "/fengqiao.mediation.v1.TaskService/CreateTask",  # the activity calls mediation
        "/fengqiao.intake.v1.IntakeService/RecordCaseEvents",  # and writes the timeline with it
    }
    for _ in range(100):
        if wanted <= names(journey()):
            break
        await asyncio.sleep(0.1)
    spans = journey()
    assert wanted <= names(spans), f"missing from the trace: {wanted - names(spans)}"
    # One tree: a single root (the gateway request), every other span's parent in the same trace.
    ids = {s.context.span_id for s in spans}
    roots = [s for s in spans if s.parent is None]
    assert roots == [root]
    assert all(s.parent.span_id in ids for s in spans if s.parent is not None)
    # Spans come from every process kind: gateway, gRPC servers and clients, Temporal.
    kinds = {s.kind for s in spans}
    assert {trace.SpanKind.SERVER, trace.SpanKind.CLIENT} <= kinds
    # The case's other traffic (sign-in, later reads) is not part of it.
    assert not any(s.name == "POST /api/v1/auth/token" for s in spans)
    assert case_no

"""Each service as a real gRPC server on port 0, over a fresh SQLite or PostgreSQL database."""

from __future__ import annotations

import random
import string
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass

import grpc
import pytest
import pytest_asyncio
from fengqiao.evaluation.v1 import evaluation_pb2_grpc, registry_pb2_grpc
from fengqiao.intake.v1 import intake_pb2_grpc
from fengqiao.mediation.v1 import (
    calendar_pb2_grpc,
    consultation_pb2_grpc,
    liaison_admin_pb2_grpc,
    liaison_pb2_grpc,
    task_pb2_grpc,
)
from fengqiao.mediation.v1 import liaison_admin_pb2 as admin_pb
from temporalio.client import Client, WorkflowHandle
from temporalio.worker import Worker

from services.common.settings import CommonSettings
from services.common.temporal import data_converter
from services.evaluation import main as evaluation_main
from services.evaluation.settings import EvaluationSettings
from services.intake import main as intake_main
from services.intake import setup as intake_setup
from services.intake.settings import IntakeSettings
from services.mediation import main as mediation_main
from services.mediation import setup as mediation_setup
from services.mediation.settings import MediationSettings
from tests.conftest import evaluation_with_demo
from tests.helpers import IDENTITY_KEY, SYSTEM, md
from tests.integration.consultation_probe import ConsultationProbeWorkflow
from tests.integration.liaison_probe import LiaisonProbeWorkflow

DatabaseFactory = Callable[[str], Awaitable[str]]
PreparedDatabase = Callable[[str, str, Callable[[str], Awaitable[object]]], Awaitable[str]]


@pytest.fixture(params=["sqlite", "postgres"])
def db_kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def temporal_target(client: Client) -> str:
    return client.service_client.config.target_host


@dataclass
class Evaluation:
    address: str
    registry: registry_pb2_grpc.RegistryServiceStub
    evaluation: evaluation_pb2_grpc.EvaluationServiceStub
    channel: grpc.aio.Channel
    database_url: str = ""


@pytest_asyncio.fixture
async def evaluation(db_kind: str, prepared_database: PreparedDatabase) -> AsyncIterator[Evaluation]:
    url = await prepared_database(db_kind, "evaluation+demo", evaluation_with_demo)
    running, db = await evaluation_main.start(EvaluationSettings(port=0, database_url=url, identity_key=IDENTITY_KEY))
    address = f"127.0.0.1:{running.port}"
    channel = grpc.aio.insecure_channel(address)
    yield Evaluation(
        address,
        registry_pb2_grpc.RegistryServiceStub(channel),
        evaluation_pb2_grpc.EvaluationServiceStub(channel),
        channel,
        url,
    )
    await channel.close()
    await running.stop()
    await db.dispose()


@dataclass
class Intake:
    stub: intake_pb2_grpc.IntakeServiceStub
    temporal: Client
    channel: grpc.aio.Channel
    address: str = ""
    service: intake_main.Intake | None = None
    database_url: str = ""


@pytest_asyncio.fixture
async def intake(
    db_kind: str, prepared_database: PreparedDatabase, evaluation: Evaluation, temporal_dev: Client
) -> AsyncIterator[Intake]:
    url = await prepared_database(db_kind, "intake", intake_setup.migrate)
    settings = IntakeSettings(
        port=0,
        database_url=url,
        identity_key=IDENTITY_KEY,
        evaluation_address=evaluation.address,
        temporal_address=temporal_target(temporal_dev),
        temporal_task_queue="integration-no-worker",
        # Random per test: every test shares one Temporal, and workflow ids derive from case numbers.
        case_no_prefix="".join(random.choices(string.ascii_uppercase, k=4)),
    )
    service = await intake_main.start(settings)
    address = f"127.0.0.1:{service.running.port}"
    channel = grpc.aio.insecure_channel(address)
    yield Intake(intake_pb2_grpc.IntakeServiceStub(channel), temporal_dev, channel, address, service, url)
    await channel.close()
    await service.running.stop()
    await service.close()


@dataclass
class Mediation:
    stub: task_pb2_grpc.TaskServiceStub
    channel: grpc.aio.Channel
    calendar: calendar_pb2_grpc.CalendarServiceStub
    settings: MediationSettings


@pytest_asyncio.fixture
async def mediation(
    db_kind: str, prepared_database: PreparedDatabase, temporal_dev: Client
) -> AsyncIterator[Mediation]:
    url = await prepared_database(db_kind, "mediation", mediation_setup.migrate)
    settings = MediationSettings(
        port=0, database_url=url, identity_key=IDENTITY_KEY, temporal_address=temporal_target(temporal_dev)
    )
    running, db = await mediation_main.start(settings)
    channel = grpc.aio.insecure_channel(f"127.0.0.1:{running.port}")
    yield Mediation(
        task_pb2_grpc.TaskServiceStub(channel), channel, calendar_pb2_grpc.CalendarServiceStub(channel), settings
    )
    await channel.close()
    await running.stop()
    await db.dispose()


async def expect_status(call: Awaitable[object], code: grpc.StatusCode, contains: str = "") -> grpc.aio.AioRpcError:
    """Awaits a call that must fail with `code` (and a message containing `contains`)."""
    try:
        await call
    except grpc.aio.AioRpcError as exc:
        assert exc.code() == code, f"expected {code.name}, got {exc.code().name}: {exc.details()}"
        assert contains in (exc.details() or ""), exc.details()
        return exc
    raise AssertionError(f"expected {code.name}, the call succeeded")


@dataclass
class Liaison:
    """The mediation service's liaison APIs, and probe workflows to refer cases from."""

    stub: liaison_pb2_grpc.LiaisonServiceStub
    admin: liaison_admin_pb2_grpc.LiaisonAdminServiceStub
    client: Client
    task_queue: str
    intake: Intake
    address: str

    async def referral(
        self, purpose: str, organisation: str = "CT-LUZHOU", *, case_no: str = ""
    ) -> tuple[str, WorkflowHandle[LiaisonProbeWorkflow, int]]:
        """A running probe workflow and a waiting referral pointing at it."""
        wf_id = f"professional-{uuid.uuid4().hex[:10]}"
        handle = await self.client.start_workflow(LiaisonProbeWorkflow.run, id=wf_id, task_queue=self.task_queue)
        referral_id = f"{wf_id}-{purpose}-1"
        await self.admin.CreateReferral(
            admin_pb.CreateReferralRequest(
                referral_id=referral_id,
                case_no=case_no or "DJ-2026-999999",
                workflow_id=wf_id,
                organisation_code=organisation,
                purpose=purpose,
                summary="东方世家3号楼漏水纠纷，业主与物业调解",
                agreement_text="物业于十日内修复漏水" if purpose == "judicial_confirmation" else "",
                documents=["调解协议书.pdf"],
            ),
            metadata=md(SYSTEM),
        )
        return referral_id, handle


@pytest_asyncio.fixture
async def liaison(
    db_kind: str, prepared_database: PreparedDatabase, intake: Intake, temporal_dev: Client
) -> AsyncIterator[Liaison]:
    url = await prepared_database(db_kind, "mediation", mediation_setup.migrate)
    settings = MediationSettings(
        port=0,
        database_url=url,
        identity_key=IDENTITY_KEY,
        temporal_address=temporal_target(temporal_dev),
        intake_address=intake.address,
    )
    running, db = await mediation_main.start(settings)
    channel = grpc.aio.insecure_channel(f"127.0.0.1:{running.port}")
    # The service signals through the payload codec; the probe's worker must decode with it.
    client = Client(
        temporal_dev.service_client, namespace=temporal_dev.namespace, data_converter=data_converter(CommonSettings())
    )
    queue = f"liaison-{uuid.uuid4().hex[:8]}"
    async with Worker(client, task_queue=queue, workflows=[LiaisonProbeWorkflow]):
        yield Liaison(
            liaison_pb2_grpc.LiaisonServiceStub(channel),
            liaison_admin_pb2_grpc.LiaisonAdminServiceStub(channel),
            client,
            queue,
            intake,
            f"127.0.0.1:{running.port}",
        )
    await channel.close()
    await running.stop()
    await db.dispose()


@dataclass
class Consultations:
    """The mediation service's ConsultationService, asking the real registry and intake, with a
    stand-in ConsultationWorkflow on its task queue."""

    stub: consultation_pb2_grpc.ConsultationServiceStub
    client: Client
    intake: Intake


@pytest_asyncio.fixture
async def consultations(
    db_kind: str, prepared_database: PreparedDatabase, evaluation: Evaluation, intake: Intake, temporal_dev: Client
) -> AsyncIterator[Consultations]:
    url = await prepared_database(db_kind, "mediation", mediation_setup.migrate)
    queue = f"consultation-{uuid.uuid4().hex[:8]}"
    settings = MediationSettings(
        port=0,
        database_url=url,
        identity_key=IDENTITY_KEY,
        temporal_address=temporal_target(temporal_dev),
        temporal_task_queue=queue,
        intake_address=intake.address,
        evaluation_address=evaluation.address,
    )
    running, db = await mediation_main.start(settings)
    channel = grpc.aio.insecure_channel(f"127.0.0.1:{running.port}")
    # The service starts workflows through the payload codec; the probe's worker must decode with it.
    client = Client(
        temporal_dev.service_client, namespace=temporal_dev.namespace, data_converter=data_converter(CommonSettings())
    )
    async with Worker(client, task_queue=queue, workflows=[ConsultationProbeWorkflow]):
        yield Consultations(consultation_pb2_grpc.ConsultationServiceStub(channel), client, intake)
    await channel.close()
    await running.stop()
    await db.dispose()

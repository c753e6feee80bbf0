"""The workflow worker: `python -m workflows.worker`. Holds no database; talks to services over gRPC."""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from fengqiao.evaluation.v1 import evaluation_pb2_grpc, registry_pb2_grpc
from fengqiao.intake.v1 import intake_pb2_grpc
from fengqiao.mediation.v1 import deadline_pb2_grpc, liaison_admin_pb2_grpc, panel_pb2_grpc, task_pb2_grpc
from temporalio.client import Client
from temporalio.contrib.opentelemetry import TracingInterceptor
from temporalio.worker import Worker

from services.common import temporal
from services.common.grpc_client import CallerMetadata, channel
from services.common.health_port import serve_health
from services.common.heap import settle_after_start
from services.common.logging import configure_logging
from services.common.metrics import serve_metrics
from services.common.settings import CommonSettings, service_field
from services.common.startup import load, refusing
from services.common.tracing import configure_tracing
from workflows.case.activities import CaseActivities
from workflows.case.workflows import DisputeCaseWorkflow
from workflows.consultation.activities import ConsultationActivities
from workflows.consultation.workflows import ConsultationWorkflow
from workflows.log_context import LogContextInterceptor
from workflows.professional.activities import ProfessionalActivities
from workflows.professional.liaison_activities import LiaisonActivities
from workflows.professional.workflows import ProfessionalMediationWorkflow
from workflows.review.activities import ReviewActivities
from workflows.review.workflows import QuarterlyReviewWorkflow
from workflows.sandbox import workflow_runner
from workflows.supervision.activities import SupervisionActivities
from workflows.supervision.workflows import SupervisionWorkflow
from workflows.takeover.activities import TakeoverActivities
from workflows.takeover.workflows import TakeoverWorkflow

log = logging.getLogger("fengqiao.worker")


class WorkerSettings(CommonSettings):
    # Prometheus /metrics of the worker, the Temporal SDK's metrics included (0 turns it off).
    metrics_port: int = service_field("worker", "metrics_port", 9104)
    # gRPC health for Kubernetes probes (services/common/health_port.py; 0 turns it off): ready
    # while the worker polls and Temporal answers, checked every health_check_seconds.
    health_port: int = service_field("worker", "health_port", 0)
    health_check_seconds: float = service_field("worker", "health_check_seconds", 5.0, gt=0)
    # Open workflows kept in memory between their steps (FENGQIAO_WORKER_CACHE_SIZE). A step of a
    # workflow not in the cache replays its whole history first, so size it to the open cases one
    # replica holds; deploy/CAPACITY.md gives the memory per cached case. The SDK's default is 1,000.
    cache_size: int = service_field("worker", "cache_size", 1000, ge=1)


def case_activities(settings: CommonSettings) -> CaseActivities:
    return CaseActivities(
        intake=intake_pb2_grpc.IntakeServiceStub(channel(settings.intake_address)),
        tasks=task_pb2_grpc.TaskServiceStub(channel(settings.mediation_address)),
        evaluation=evaluation_pb2_grpc.EvaluationServiceStub(channel(settings.evaluation_address)),
        caller_metadata=CallerMetadata(settings.identity_key),
    )


def review_activities(settings: CommonSettings) -> list[Callable[..., Any]]:
    """Activities of the quarterly review, listed supervision and takeover bundles (issue #7)."""
    evaluation_channel = channel(settings.evaluation_address)
    evaluation = evaluation_pb2_grpc.EvaluationServiceStub(evaluation_channel)
    registry = registry_pb2_grpc.RegistryServiceStub(evaluation_channel)
    md = CallerMetadata(settings.identity_key)
    review, sup, takeover = (
        ReviewActivities(evaluation, md),
        SupervisionActivities(evaluation, md),
        TakeoverActivities(registry, md),
    )
    return [
        review.open_review,
        review.remind_review,
        review.close_review,
        review.compute_review,
        review.publish_review,
        sup.decide_standing_change,
        sup.publish_notice,
        sup.record_supervision,
        takeover.record_handover,
        takeover.set_management_status,
    ]


def consultation_activities(settings: CommonSettings) -> ConsultationActivities:
    registry = registry_pb2_grpc.RegistryServiceStub(channel(settings.evaluation_address))
    return ConsultationActivities(registry, CallerMetadata(settings.identity_key))


def professional_activities(settings: CommonSettings) -> list[Callable[..., Any]]:
    mediation = channel(settings.mediation_address)
    acts = ProfessionalActivities(
        registry=registry_pb2_grpc.RegistryServiceStub(channel(settings.evaluation_address)),
        panels=panel_pb2_grpc.PanelServiceStub(mediation),
        deadlines=deadline_pb2_grpc.DeadlineServiceStub(mediation),
        intake=intake_pb2_grpc.IntakeServiceStub(channel(settings.intake_address)),
        caller_metadata=CallerMetadata(settings.identity_key),
    )
    return [acts.draw_panel, acts.compute_due, acts.add_case_participants]


def liaison_activities(settings: CommonSettings) -> list[Callable[..., Any]]:
    """Referrals to court and police liaisons and their webhooks (issue #5)."""
    liaison = LiaisonActivities(
        liaison_admin_pb2_grpc.LiaisonAdminServiceStub(channel(settings.mediation_address)),
        CallerMetadata(settings.identity_key),
        public_url=settings.public_url,
    )
    return [liaison.create_referral, liaison.close_referral, liaison.notify_liaison]


def build_worker(client: Client, settings: CommonSettings, cache_size: int = 1000) -> Worker:
    acts = case_activities(settings)
    return Worker(
        client,
        task_queue=settings.temporal_task_queue,
        max_cached_workflows=cache_size,
        # The project's pure modules pass through the sandbox: no re-import per run (workflows/sandbox.py).
        workflow_runner=workflow_runner(),
        workflows=[
            DisputeCaseWorkflow,
            QuarterlyReviewWorkflow,
            SupervisionWorkflow,
            TakeoverWorkflow,
            ConsultationWorkflow,
            ProfessionalMediationWorkflow,
        ],
        activities=[
            acts.create_task,
            acts.record_task_completion,
            acts.mark_task_overdue,
            acts.cancel_task,
            acts.merge_case,
            acts.record_case_event,
            acts.record_case_outcome,
            acts.open_case_task,
            acts.record_case_task_completion,
            acts.mark_case_task_overdue,
            acts.close_case,
            acts.record_case_events,
            *review_activities(settings),
            consultation_activities(settings).council_seats,
            *professional_activities(settings),
            *liaison_activities(settings),
        ],
        # Spans of workflows and activities (the client traces only its own calls,
        # services.common.temporal.ClientTracing); then log context.
        interceptors=[TracingInterceptor(), LogContextInterceptor()],
    )


async def main() -> None:
    settings = load(WorkerSettings)
    configure_logging("worker", settings.log_level)
    client = await temporal.connect_at_start(settings)
    configure_tracing("worker", settings.otlp_endpoint)
    serve_metrics(settings.metrics_port, settings.bind_host)
    worker = build_worker(client, settings, settings.cache_size)
    settle_after_start()
    health = await serve_health(settings.health_port, settings.bind_host) if settings.health_port else None

    async def stop() -> None:
        if health is not None:
            await health.drain()  # out of the Service's endpoints before polling stops
        await worker.shutdown()

    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, lambda: asyncio.ensure_future(stop()))
    if health is not None:

        async def polling_and_temporal_up() -> bool:
            up = await client.service_client.check_health(timeout=timedelta(seconds=2))
            return worker.is_running and not worker.is_shutdown and up

        health.watch(polling_and_temporal_up, settings.health_check_seconds)
    log.info("worker polling", extra={"task_queue": settings.temporal_task_queue, "cache_size": settings.cache_size})
    try:
        await worker.run()
    finally:
        if health is not None:
            await health.stop()


if __name__ == "__main__":
    refusing("worker", lambda: asyncio.run(main()))

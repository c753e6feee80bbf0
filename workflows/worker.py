"""The workflow worker: `python -m workflows.worker`. Holds no database; talks to services over gRPC."""

from __future__ import annotations

import asyncio
import logging
import signal

from fengqiao.evaluation.v1 import evaluation_pb2_grpc
from fengqiao.intake.v1 import intake_pb2_grpc
from fengqiao.mediation.v1 import task_pb2_grpc
from temporalio.client import Client
from temporalio.worker import Worker

from services.common import temporal
from services.common.grpc_client import CallerMetadata, channel
from services.common.logging import configure_logging
from services.common.settings import CommonSettings
from workflows.case.activities import CaseActivities
from workflows.case.workflows import DisputeCaseWorkflow

log = logging.getLogger("fengqiao.worker")


def case_activities(settings: CommonSettings) -> CaseActivities:
    return CaseActivities(
        intake=intake_pb2_grpc.IntakeServiceStub(channel(settings.intake_address)),
        tasks=task_pb2_grpc.TaskServiceStub(channel(settings.mediation_address)),
        evaluation=evaluation_pb2_grpc.EvaluationServiceStub(channel(settings.evaluation_address)),
        caller_metadata=CallerMetadata(settings.identity_key),
    )


def build_worker(client: Client, settings: CommonSettings) -> Worker:
    acts = case_activities(settings)
    return Worker(
        client,
        task_queue=settings.temporal_task_queue,
        workflows=[DisputeCaseWorkflow],
        activities=[
            acts.create_task,
            acts.record_task_completion,
            acts.mark_task_overdue,
            acts.cancel_task,
            acts.merge_case,
            acts.record_case_event,
            acts.record_case_outcome,
        ],
    )


async def main() -> None:
    settings = CommonSettings()
    configure_logging("worker", settings.log_level)
    client = await temporal.connect(settings)
    worker = build_worker(client, settings)
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, lambda: asyncio.ensure_future(worker.shutdown()))
    log.info("worker polling", extra={"task_queue": settings.temporal_task_queue})
    await worker.run()


if __name__ == "__main__":
    asyncio.run(main())

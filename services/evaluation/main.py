"""Composition root of the evaluation service: `python -m services.evaluation.main`."""

from __future__ import annotations

import asyncio
import logging

from fengqiao.evaluation.v1 import evaluation_pb2, evaluation_pb2_grpc, registry_pb2, registry_pb2_grpc
from grpc import aio

from services.common.db import Database
from services.common.grpc_server import RunningServer, serve_until_signalled, start_server
from services.common.logging import configure_logging
from services.common.metrics import serve_metrics
from services.common.tracing import configure_tracing
from services.evaluation.servicer import EvaluationServicer, RegistryServicer
from services.evaluation.settings import EvaluationSettings
from services.evaluation.workflow_starter import WorkflowStarter

log = logging.getLogger("fengqiao.evaluation")


async def start(settings: EvaluationSettings) -> tuple[RunningServer, Database]:
    db = Database(settings.database_url)
    workflows = WorkflowStarter(settings)

    def register(server: aio.Server) -> list[str]:
        registry_pb2_grpc.add_RegistryServiceServicer_to_server(RegistryServicer(db, workflows), server)
        evaluation_pb2_grpc.add_EvaluationServiceServicer_to_server(EvaluationServicer(db, workflows), server)
        return [
            registry_pb2.DESCRIPTOR.services_by_name["RegistryService"].full_name,
            evaluation_pb2.DESCRIPTOR.services_by_name["EvaluationService"].full_name,
        ]

    running = await start_server(
        register, identity_key=settings.identity_key, port=settings.port, grace_seconds=settings.grace_seconds
    )
    return running, db


async def main() -> None:
    settings = EvaluationSettings()
    configure_logging("evaluation", settings.log_level)
    configure_tracing("evaluation", settings.otlp_endpoint)
    serve_metrics(settings.metrics_port)
    running, db = await start(settings)
    log.info("serving", extra={"port": running.port})
    await serve_until_signalled(running, db.dispose)


if __name__ == "__main__":
    asyncio.run(main())

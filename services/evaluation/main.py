"""Composition root of the evaluation service: `python -m services.evaluation.main`."""

from __future__ import annotations

import asyncio

from fengqiao.evaluation.v1 import (
    evaluation_pb2,
    evaluation_pb2_grpc,
    registry_pb2,
    registry_pb2_grpc,
    takeover_pb2,
    takeover_pb2_grpc,
)
from grpc import aio

from services.common.db import Database
from services.common.service import ServerAndDatabase, run, start_service_server
from services.common.startup import load, refusing
from services.evaluation.servicer import EvaluationServicer, RegistryServicer
from services.evaluation.servicer_bundles import TakeoverServicer
from services.evaluation.settings import EvaluationSettings
from services.evaluation.workflow_starter import WorkflowStarter


async def start(settings: EvaluationSettings) -> ServerAndDatabase:
    db = Database(settings.database_url)
    workflows = WorkflowStarter(settings)

    def register(server: aio.Server) -> list[str]:
        probation = settings.takeover_probation_seconds
        registry = RegistryServicer(db, workflows, takeover_probation_seconds=probation)
        registry_pb2_grpc.add_RegistryServiceServicer_to_server(registry, server)
        evaluation_pb2_grpc.add_EvaluationServiceServicer_to_server(EvaluationServicer(db, workflows), server)
        takeover_pb2_grpc.add_TakeoverServiceServicer_to_server(TakeoverServicer(db, workflows), server)
        return [
            registry_pb2.DESCRIPTOR.services_by_name["RegistryService"].full_name,
            evaluation_pb2.DESCRIPTOR.services_by_name["EvaluationService"].full_name,
            takeover_pb2.DESCRIPTOR.services_by_name["TakeoverService"].full_name,
        ]

    return ServerAndDatabase(await start_service_server(register, settings), db)


if __name__ == "__main__":
    refusing("evaluation", lambda: asyncio.run(run("evaluation", load(EvaluationSettings), start)))

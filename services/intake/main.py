"""Composition root of the intake service: `python -m services.intake.main`."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import uvloop
from fengqiao.evaluation.v1 import registry_pb2_grpc
from fengqiao.intake.v1 import intake_pb2, intake_pb2_grpc
from grpc import aio

from services.common import temporal
from services.common.db import Database
from services.common.grpc_client import CallerMetadata, channel
from services.common.grpc_server import RunningServer
from services.common.service import run, start_service_server
from services.common.startup import load, refusing
from services.intake.classifier import MODEL_FILE, choose_model_file, current_model
from services.intake.filing import ComplaintFiler, FilingPolicy
from services.intake.servicer import IntakeServicer
from services.intake.settings import IntakeSettings

log = logging.getLogger("fengqiao.intake")


@dataclass
class Intake:
    running: RunningServer
    db: Database
    servicer: IntakeServicer
    registry_channel: aio.Channel
    reconciler: asyncio.Task[None]
    model_loaded: asyncio.Future[object]

    async def close(self) -> None:
        self.reconciler.cancel()
        self.model_loaded.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self.reconciler
        await self.servicer.filer.marks.close()
        await self.registry_channel.close()
        await self.db.dispose()


async def _reconcile_forever(servicer: IntakeServicer, every: float) -> None:
    while True:
        await asyncio.sleep(every)
        try:
            started = await servicer.reconcile_once()
            if started:
                log.info("reconciler started workflows", extra={"count": started})
        except Exception:
            log.exception("reconciler pass failed")


async def _load_model_later(delay: float) -> object:
    await asyncio.sleep(delay)
    return await asyncio.to_thread(current_model)


async def start(settings: IntakeSettings) -> Intake:
    db = Database(settings.database_url)
    registry_channel = channel(settings.evaluation_address)
    client = await temporal.connect_at_start(settings)
    filer = ComplaintFiler(
        db=db,
        registry=registry_pb2_grpc.RegistryServiceStub(registry_channel),
        caller_metadata=CallerMetadata(settings.identity_key),
        temporal=client,
        task_queue=settings.temporal_task_queue,
        policy=FilingPolicy(
            case_no_prefix=settings.case_no_prefix,
            duplicate_window=timedelta(hours=settings.duplicate_window_hours),
            group_threshold=settings.group_threshold,
        ),
    )
    servicer = IntakeServicer(filer)
    # The category model (numpy, jieba's dictionary: over a second of CPU) loads in the background
    # once start-up has settled, not before serving nor beside the rest of a warm start (issue 19);
    # a suggestion asked for meanwhile loads it or waits for it. A missing or broken file is
    # logged and filing goes on without it.
    choose_model_file(Path(settings.category_model) if settings.category_model else MODEL_FILE)
    model_loaded = asyncio.ensure_future(_load_model_later(settings.category_model_delay_seconds))

    def register(server: aio.Server) -> list[str]:
        intake_pb2_grpc.add_IntakeServiceServicer_to_server(servicer, server)
        return [intake_pb2.DESCRIPTOR.services_by_name["IntakeService"].full_name]

    running = await start_service_server(register, settings)
    reconciler = asyncio.create_task(_reconcile_forever(servicer, settings.reconcile_seconds))
    return Intake(running, db, servicer, registry_channel, reconciler, model_loaded)


if __name__ == "__main__":
    # uvloop's event loop (libuv, in C): every filing wakes the loop a dozen times (gRPC, the
    # database thread, Temporal's), and asyncio's own loop in Python cost a fifth of intake's CPU
    # per complaint (issue 19).
    refusing("intake", lambda: uvloop.run(run("intake", load(IntakeSettings), start)))

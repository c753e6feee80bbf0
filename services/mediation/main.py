"""Composition root of the mediation service: `python -m services.mediation.main`."""

from __future__ import annotations

import asyncio

from fengqiao.evaluation.v1 import registry_pb2_grpc
from fengqiao.intake.v1 import intake_pb2_grpc
from fengqiao.mediation.v1 import (
    calendar_pb2,
    calendar_pb2_grpc,
    consultation_pb2,
    consultation_pb2_grpc,
    deadline_pb2,
    deadline_pb2_grpc,
    liaison_admin_pb2,
    liaison_admin_pb2_grpc,
    liaison_pb2,
    liaison_pb2_grpc,
    panel_pb2,
    panel_pb2_grpc,
    task_pb2,
    task_pb2_grpc,
)
from grpc import aio

from services.common import temporal
from services.common.db import Database
from services.common.grpc_client import CallerMetadata, channel
from services.common.service import ServerAndDatabase, run, start_service_server
from services.common.startup import load, refusing
from services.mediation.calendar.domain import package_data
from services.mediation.calendar.servicer import CalendarServicer
from services.mediation.calendar.store import CalendarStore
from services.mediation.consultations.servicer import ConsultationServicer
from services.mediation.deadlines.domain import load_policies
from services.mediation.deadlines.servicer import DeadlineServicer
from services.mediation.liaison.admin_servicer import LiaisonAdminServicer
from services.mediation.liaison.case_lookup import CaseLookup
from services.mediation.liaison.servicer import LiaisonServicer
from services.mediation.panel.domain import load_methods, load_roster
from services.mediation.panel.servicer import PanelServicer
from services.mediation.settings import MediationSettings
from services.mediation.tasks.servicer import TaskServicer


async def start(settings: MediationSettings) -> ServerAndDatabase:
    db = Database(settings.database_url)
    client = await temporal.connect_at_start(settings)
    calendars = CalendarStore(db, package_data())
    servicer = TaskServicer(
        db,
        client,
        calendars,
        load_policies(
            settings.policy_overrides, time_scale=settings.time_scale, min_seconds=settings.sim_min_deadline_seconds
        ),
    )
    calendar_servicer = CalendarServicer(calendars)
    panels = PanelServicer(load_roster(), load_methods())
    # Case status and parties of referred cases come from the intake service, a consultation's
    # community and street center from the registry (channels connect lazily).
    intake = intake_pb2_grpc.IntakeServiceStub(channel(settings.intake_address))
    caller_metadata = CallerMetadata(settings.identity_key)
    cases = CaseLookup(intake, caller_metadata)
    consultations = ConsultationServicer(
        client,
        settings.temporal_task_queue,
        registry_pb2_grpc.RegistryServiceStub(channel(settings.evaluation_address)),
        intake,
        caller_metadata,
    )

    def register(server: aio.Server) -> list[str]:
        task_pb2_grpc.add_TaskServiceServicer_to_server(servicer, server)
        calendar_pb2_grpc.add_CalendarServiceServicer_to_server(calendar_servicer, server)
        panel_pb2_grpc.add_PanelServiceServicer_to_server(panels, server)
        deadline_pb2_grpc.add_DeadlineServiceServicer_to_server(DeadlineServicer(servicer), server)
        consultation_pb2_grpc.add_ConsultationServiceServicer_to_server(consultations, server)
        liaison_pb2_grpc.add_LiaisonServiceServicer_to_server(LiaisonServicer(db, client, cases), server)
        liaison_admin_pb2_grpc.add_LiaisonAdminServiceServicer_to_server(
            LiaisonAdminServicer(db, temporal.payload_codec(settings)), server
        )
        return [
            task_pb2.DESCRIPTOR.services_by_name["TaskService"].full_name,
            calendar_pb2.DESCRIPTOR.services_by_name["CalendarService"].full_name,
            panel_pb2.DESCRIPTOR.services_by_name["PanelService"].full_name,
            deadline_pb2.DESCRIPTOR.services_by_name["DeadlineService"].full_name,
            consultation_pb2.DESCRIPTOR.services_by_name["ConsultationService"].full_name,
            liaison_pb2.DESCRIPTOR.services_by_name["LiaisonService"].full_name,
            liaison_admin_pb2.DESCRIPTOR.services_by_name["LiaisonAdminService"].full_name,
        ]

    return ServerAndDatabase(await start_service_server(register, settings), db)


if __name__ == "__main__":
    refusing("mediation", lambda: asyncio.run(run("mediation", load(MediationSettings), start)))

"""The gRPC edge of registry management (RegistryAdminService): proto <-> the checked writes of
registry_store, each in one transaction, within the caller's reach."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fengqiao.evaluation.v1 import registry_admin_pb2, registry_admin_pb2_grpc
from grpc import aio
from sqlmodel import col, or_, select
from sqlmodel.ext.asyncio.session import AsyncSession

from services.common.clock import as_utc, utcnow
from services.common.errors import InvalidInput
from services.common.grpc_server import current_identity
from services.common.messages import record_from
from services.evaluation import registry_import
from services.evaluation import registry_rules as rules
from services.evaluation import registry_store as store
from services.evaluation.models import Appointment, Community, Organisation, Person
from services.evaluation.pb import community_pb
from services.evaluation.servicer_base import ServicerBase

_SEARCH_LIMIT = 500


def _retired(row: Organisation | Community) -> str:
    return as_utc(row.retired_at).isoformat() if row.retired_at else ""


def community_entry(row: Community) -> registry_admin_pb2.RegistryEntry:
    return registry_admin_pb2.RegistryEntry(
        kind=registry_admin_pb2.REGISTRY_KIND_COMMUNITY,
        code=row.code,
        name=row.name,
        parent_code=row.neighbourhood_code,
        subdistrict_code=row.subdistrict_code,
        retired_at=_retired(row),
        community=community_pb(row),
    )


def organisation_entry(row: Organisation, subdistrict: str) -> registry_admin_pb2.RegistryEntry:
    return registry_admin_pb2.RegistryEntry(
        kind=rules.PB_OF_KIND[row.kind],
        code=row.code,
        name=row.name,
        parent_code=row.parent_code,
        subdistrict_code=subdistrict,
        retired_at=_retired(row),
    )


async def _organisation_entry(session: AsyncSession, row: Organisation) -> registry_admin_pb2.RegistryEntry:
    return organisation_entry(row, await store.subdistrict_of(session, row))


def appointment_pb(row: Appointment, person: Person, org: Organisation | None) -> registry_admin_pb2.Appointment:
    return registry_admin_pb2.Appointment(
        person_id=person.id,
        person_name=person.name,
        is_party_member=person.is_party_member,
        org_code=row.org_code,
        org_name=org.name if org else row.org_code,
        org_kind=org.kind if org else "",
        post=row.post,
        starts_on=row.starts_on.isoformat() if row.starts_on else "",
        ends_on=row.ends_on.isoformat() if row.ends_on else "",
    )


def _changes(changes: dict[str, list[Any]]) -> str:
    return json.dumps(changes, ensure_ascii=False, default=str)


class RegistryAdminServicer(ServicerBase, registry_admin_pb2_grpc.RegistryAdminServiceServicer):
    @asynccontextmanager
    async def _within_reach(self) -> AsyncIterator[tuple[AsyncSession, store.Reach]]:
        """One transaction and the subdistricts the caller may see and change: every call starts so."""
        async with self.db.session() as session:
            yield session, await store.reach_of(session, current_identity())

    async def SearchRegistry(
        self, request: registry_admin_pb2.SearchRegistryRequest, context: aio.ServicerContext
    ) -> registry_admin_pb2.SearchRegistryResponse:
        kind = rules.KIND_OF_PB.get(request.kind)
        if kind is None:
            raise InvalidInput("请选择名录类别 (kind is required)", field="kind")
        query = request.query.strip()
        async with self._within_reach() as (session, reach):
            entries: list[registry_admin_pb2.RegistryEntry] = []
            if kind == rules.COMMUNITY:
                stmt = select(Community).order_by(col(Community.code)).limit(_SEARCH_LIMIT)
                if query:
                    stmt = stmt.where(or_(col(Community.code).contains(query), col(Community.name).contains(query)))
                if not request.include_retired:
                    stmt = stmt.where(col(Community.retired_at).is_(None))
                entries = [community_entry(c) for c in (await session.exec(stmt)).all()]
            else:
                ostmt = select(Organisation).where(Organisation.kind == kind).order_by(col(Organisation.code))
                if query:
                    ostmt = ostmt.where(
                        or_(col(Organisation.code).contains(query), col(Organisation.name).contains(query))
                    )
                if not request.include_retired:
                    ostmt = ostmt.where(col(Organisation.retired_at).is_(None))
                subdistricts = await store.subdistrict_map(session)
                entries = [
                    organisation_entry(org, subdistricts.get(org.code, ""))
                    for org in (await session.exec(ostmt.limit(_SEARCH_LIMIT))).all()
                ]
        return registry_admin_pb2.SearchRegistryResponse(entries=[e for e in entries if reach.sees(e.subdistrict_code)])

    async def SaveOrganisation(
        self, request: registry_admin_pb2.SaveOrganisationRequest, context: aio.ServicerContext
    ) -> registry_admin_pb2.SaveOrganisationResponse:
        async with self._within_reach() as (session, reach):
            row, changes = await store.save_organisation(
                session,
                reach,
                kind=rules.KIND_OF_PB.get(request.kind, ""),
                code=request.code,
                name=request.name,
                parent_code=request.parent_code,
                create=request.create,
            )
            await session.flush()
            entry = await _organisation_entry(session, row)
        return registry_admin_pb2.SaveOrganisationResponse(entry=entry, changes_json=_changes(changes))

    async def SaveCommunity(
        self, request: registry_admin_pb2.SaveCommunityRequest, context: aio.ServicerContext
    ) -> registry_admin_pb2.SaveCommunityResponse:
        fields = record_from(store.CommunityFields, request)
        async with self._within_reach() as (session, reach):
            row, changes = await store.save_community(session, reach, fields, create=request.create)
            await session.flush()
            entry = community_entry(row)
        return registry_admin_pb2.SaveCommunityResponse(entry=entry, changes_json=_changes(changes))

    async def Retire(
        self, request: registry_admin_pb2.RetireRequest, context: aio.ServicerContext
    ) -> registry_admin_pb2.RetireResponse:
        async with self._within_reach() as (session, reach):
            row, replayed = await store.retire(session, reach, request.code.strip(), utcnow())
            await session.flush()
            entry = community_entry(row) if isinstance(row, Community) else await _organisation_entry(session, row)
        return registry_admin_pb2.RetireResponse(entry=entry, replayed=replayed)

    async def ListAppointments(
        self, request: registry_admin_pb2.ListAppointmentsRequest, context: aio.ServicerContext
    ) -> registry_admin_pb2.ListAppointmentsResponse:
        day = store.today()
        async with self._within_reach() as (session, reach):
            stmt = select(Appointment).order_by(col(Appointment.person_id), col(Appointment.org_code))
            if request.org_code:
                stmt = stmt.where(Appointment.org_code == request.org_code)
            posts = [
                p
                for p in (await session.exec(stmt)).all()
                if request.include_ended or rules.holds_on(p.starts_on, p.ends_on, day)
            ]
            if not request.org_code:  # cross-appointments: people holding posts in two organisations or more
                held: dict[str, set[str]] = {}
                for p in posts:
                    held.setdefault(p.person_id, set()).add(p.org_code)
                posts = [p for p in posts if len(held[p.person_id]) >= 2]
            people = {p.id: p for p in (await session.exec(select(Person))).all()}
            orgs = {o.code: o for o in (await session.exec(select(Organisation))).all()}
            subdistricts = await store.subdistrict_map(session)
            out = [
                appointment_pb(p, people[p.person_id], orgs.get(p.org_code))
                for p in posts
                if p.person_id in people and reach.sees(subdistricts.get(p.org_code, ""))
            ]
        return registry_admin_pb2.ListAppointmentsResponse(appointments=out)

    async def SaveAppointment(
        self, request: registry_admin_pb2.SaveAppointmentRequest, context: aio.ServicerContext
    ) -> registry_admin_pb2.SaveAppointmentResponse:
        fields = record_from(store.AppointmentFields, request)
        async with self._within_reach() as (session, reach):
            row, person, created = await store.save_appointment(session, reach, fields)
            await session.flush()
            org = await session.get(Organisation, row.org_code)
        return registry_admin_pb2.SaveAppointmentResponse(appointment=appointment_pb(row, person, org), created=created)

    async def ImportRegistry(
        self, request: registry_admin_pb2.ImportRegistryRequest, context: aio.ServicerContext
    ) -> registry_admin_pb2.ImportRegistryResponse:
        if not request.workbook:
            raise InvalidInput("请选择要导入的 Excel 文件 (workbook is required)", field="file")
        async with self._within_reach() as (session, reach):
            done = await registry_import.load(session, reach, request.workbook)
        return registry_admin_pb2.ImportRegistryResponse(
            neighbourhoods=done["社区"],
            companies=done["物业企业"],
            communities=done["小区"],
            committees=done["业委会"],
            appointments=done["任职"],
        )

    async def ExportRegistry(
        self, request: registry_admin_pb2.ExportRegistryRequest, context: aio.ServicerContext
    ) -> registry_admin_pb2.ExportRegistryResponse:
        async with self._within_reach() as (session, reach):
            content = await registry_import.export(session, reach)
        return registry_admin_pb2.ExportRegistryResponse(workbook=content)

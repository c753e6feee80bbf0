"""The gRPC edge of 共同管 beyond the base registry: community profiles, cross-appointments,
household verification and takeover bundles ("1+N")."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date, timedelta

from fengqiao.evaluation.v1 import registry_pb2
from grpc import aio
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from contracts import takeover as takeover
from services.common import scope
from services.common.clock import utcnow
from services.common.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from services.common.grpc_server import current_identity, require_role
from services.common.messages import message_from
from services.evaluation import repository, review_store, standing, takeover_state
from services.evaluation.models import (
    Appointment,
    Community,
    Household,
    ManagementContract,
    Organisation,
    Person,
    TakeoverBundle,
    TakeoverItem,
)
from services.evaluation.pb import community_pb, organisation_pb
from services.evaluation.servicer_base import ServicerBase

MAX_PROBATION_DAYS = 365
_STATUS_OF_PB = {
    registry_pb2.MANAGEMENT_STATUS_UNMANAGED: "UNMANAGED",
    registry_pb2.MANAGEMENT_STATUS_TAKEN_OVER: "TAKEN_OVER",
    registry_pb2.MANAGEMENT_STATUS_WELL_MANAGED: "WELL_MANAGED",
}
_PB_OF_STATUS = {name: number for number, name in _STATUS_OF_PB.items()}
_BODY_KINDS = ("owners_committee", "management_committee", "party_branch")


async def _people(session: AsyncSession, org_codes: set[str] | None) -> list[registry_pb2.PersonPosts]:
    """People with posts (in `org_codes` when given), each with all their posts."""
    posts = (await session.exec(select(Appointment))).all()
    by_person: dict[str, list[Appointment]] = defaultdict(list)
    for post in posts:
        by_person[post.person_id].append(post)
    orgs = {o.code: o for o in (await session.exec(select(Organisation))).all()}
    people = {p.id: p for p in (await session.exec(select(Person))).all()}
    out = []
    for person_id, held in sorted(by_person.items()):
        if org_codes is not None and not {p.org_code for p in held} & org_codes:
            continue
        person = people.get(person_id)
        if person is None:
            continue
        out.append(
            registry_pb2.PersonPosts(
                person=registry_pb2.Person(id=person.id, name=person.name, is_party_member=person.is_party_member),
                posts=[
                    registry_pb2.Post(
                        org_code=p.org_code,
                        org_name=orgs[p.org_code].name if p.org_code in orgs else p.org_code,
                        org_kind=orgs[p.org_code].kind if p.org_code in orgs else "",
                        post=p.post,
                    )
                    for p in held
                ],
            )
        )
    return out


class TakeoverMethods(ServicerBase):
    async def GetCommunityProfile(
        self, request: registry_pb2.GetCommunityProfileRequest, context: aio.ServicerContext
    ) -> registry_pb2.GetCommunityProfileResponse:
        async with self.db.session() as session:
            community = await repository.community(session, request.community_code)
            contracts = (
                await session.exec(
                    select(ManagementContract)
                    .where(ManagementContract.community_code == community.code)
                    .order_by(col(ManagementContract.starts_on))
                )
            ).all()
            bodies = (
                await session.exec(
                    select(Organisation).where(
                        Organisation.parent_code == community.code, col(Organisation.kind).in_(_BODY_KINDS)
                    )
                )
            ).all()
            households = (await session.exec(select(Household).where(Household.community_code == community.code))).all()
            people = await _people(session, {b.code for b in bodies} | {community.company_code})
        return registry_pb2.GetCommunityProfileResponse(
            community=community_pb(community),
            contracts=[
                message_from(
                    registry_pb2.ManagementContract, c, starts_on=c.starts_on.isoformat(), ends_on=c.ends_on.isoformat()
                )
                for c in contracts
            ],
            bodies=[organisation_pb(b) for b in bodies],
            people=people,
            households=len(households),
            verified_households=sum(h.verified for h in households),
        )

    async def ListCrossAppointments(
        self, request: registry_pb2.ListCrossAppointmentsRequest, context: aio.ServicerContext
    ) -> registry_pb2.ListCrossAppointmentsResponse:
        async with self.db.session() as session:
            people = await _people(session, {request.org_code} if request.org_code else None)
        return registry_pb2.ListCrossAppointmentsResponse(people=[p for p in people if len(p.posts) >= 2])

    async def VerifyHousehold(
        self, request: registry_pb2.VerifyHouseholdRequest, context: aio.ServicerContext
    ) -> registry_pb2.VerifyHouseholdResponse:
        identity = current_identity()
        async with self.db.session() as session:
            household, community = await repository.household_and_community(session, request.household_code)
            staff = identity.has_role(scope.CASEWORKER, scope.GRID_WORKER)
            if not (staff and community.neighbourhood_code in identity.organisations):
                raise PermissionDenied("households are verified by their neighbourhood's staff")
            if not household.verified:
                household.verified, household.verified_by = True, identity.subject
                session.add(household)
        return registry_pb2.VerifyHouseholdResponse(
            household_code=household.code, community_code=household.community_code, verified=True
        )

    async def GetTakeoverBoard(
        self, request: registry_pb2.GetTakeoverBoardRequest, context: aio.ServicerContext
    ) -> registry_pb2.GetTakeoverBoardResponse:
        """The old communities and where each stands, from the takeover records (takeover_state)."""
        async with self.db.session() as session:
            stmt = select(Community).where(col(Community.is_old).is_(True)).order_by(col(Community.code))
            if request.subdistrict_code:
                stmt = stmt.where(Community.subdistrict_code == request.subdistrict_code)
            communities = (await session.exec(stmt)).all()
            known = await takeover_state.standings(session)
        count: dict[str, int] = defaultdict(int)
        entries = []
        for c in communities:
            seen = known.get(c.code)
            status = seen.status if seen else takeover_state.UNMANAGED
            count[status] += 1
            entries.append(
                registry_pb2.TakeoverBoardEntry(
                    community_code=c.code,
                    community_name=c.name,
                    management_status=_PB_OF_STATUS[status],
                    company_code=seen.company_code if seen else "",
                    bundle_id=seen.bundle_id if seen else "",
                )
            )
        return registry_pb2.GetTakeoverBoardResponse(
            unmanaged=count[takeover_state.UNMANAGED],
            taken_over=count[takeover_state.TAKEN_OVER],
            well_managed=count[takeover_state.WELL_MANAGED],
            communities=entries,
        )

    async def SuggestTakeoverCompanies(
        self, request: registry_pb2.SuggestTakeoverCompaniesRequest, context: aio.ServicerContext
    ) -> registry_pb2.SuggestTakeoverCompaniesResponse:
        async with self.db.session() as session:
            stmt = select(Organisation).where(Organisation.kind == "property_company")
            if request.subdistrict_code:
                stmt = stmt.where(Organisation.parent_code == request.subdistrict_code)
            companies = (await session.exec(stmt)).all()
            current = await review_store.current_standings(session)
            latest = await review_store.latest_results(session)
        out = []
        for company in companies:
            now = current[company.code].standing if company.code in current else standing.NONE
            if now == standing.BLACK:
                continue  # a black-listed company is never offered a bundle
            item = registry_pb2.SuggestedCompany(company_code=company.code, company_name=company.name, standing=now)
            result = latest.get(company.code)
            if result is not None and result.combined is not None:
                item.latest_combined = result.combined
            out.append(item)
        # Red list first (红榜优先), then the best latest score, then code.
        out.sort(
            key=lambda s: (
                s.standing != standing.RED,
                -(s.latest_combined if s.HasField("latest_combined") else -1),
                s.company_code,
            )
        )
        return registry_pb2.SuggestTakeoverCompaniesResponse(companies=out)

    async def StartTakeover(
        self, request: registry_pb2.StartTakeoverRequest, context: aio.ServicerContext
    ) -> registry_pb2.StartTakeoverResponse:
        require_role(scope.STREET_CENTER, scope.ADMIN, denied="takeover bundles are arranged by the street centre")
        codes = list(request.community_codes)
        if not request.bundle_id or not codes:
            raise InvalidInput("a bundle needs an id and at least one community", field="community_codes")
        if len(set(codes)) != len(codes):
            raise InvalidInput("a community is named twice in the bundle", field="community_codes")
        if not 0 <= request.probation_days <= MAX_PROBATION_DAYS:
            raise InvalidInput(f"probation_days is 1–{MAX_PROBATION_DAYS} (0 for 90)", field="probation_days")
        async with self.db.session() as session:
            lead = await repository.property_company(session, request.lead_company_code, field="lead_company_code")
            if await review_store.standing_of(session, lead.code) == standing.BLACK:
                raise InvalidInput(
                    f"{lead.name} ({lead.code}) is on the black list and takes over nothing", field="lead_company_code"
                )
            known = await takeover_state.standings(session)
            for code in codes:
                community = await repository.community(session, code, field="community_codes")
                if community.management_status != "UNMANAGED" and community.company_code != lead.code:
                    raise InvalidInput(f"{code} is managed by {community.company_code}", field="community_codes")
                seen = known.get(code)
                if seen is not None and seen.bundle_id != request.bundle_id:
                    raise InvalidInput(
                        f"{code} is already in takeover bundle {seen.bundle_id}", field="community_codes"
                    )
            street_center = (
                await session.exec(
                    select(Organisation.code).where(
                        Organisation.kind == "street_center", Organisation.parent_code == lead.parent_code
                    )
                )
            ).first()
            existing = await session.get(TakeoverBundle, request.bundle_id)
            replayed = existing is not None
            if existing is not None:
                items = await session.exec(
                    select(TakeoverItem.community_code).where(TakeoverItem.bundle_id == existing.id)
                )
                if existing.lead_company_code != lead.code or set(items.all()) != set(codes):
                    raise Conflict(f"bundle id {request.bundle_id} was used for another proposal", field="bundle_id")
            else:
                session.add(
                    TakeoverBundle(
                        id=request.bundle_id, lead_company_code=lead.code, status="HANDOVER", created_at=utcnow()
                    )
                )
                await session.flush()
                session.add_all(TakeoverItem(bundle_id=request.bundle_id, community_code=c) for c in codes)
        workflow_id = takeover.workflow_id(request.bundle_id)
        await self.workflows.start(
            takeover.WORKFLOW_NAME,
            takeover.TakeoverInput(
                request.bundle_id,
                lead.code,
                codes,
                street_center or "",
                probation_days=request.probation_days or takeover.DEFAULT_PROBATION_DAYS,
                probation_seconds=self.takeover_probation_seconds,
            ),
            workflow_id,
        )
        return registry_pb2.StartTakeoverResponse(
            bundle_id=request.bundle_id, workflow_id=workflow_id, replayed=replayed
        )

    async def RecordHandover(
        self, request: registry_pb2.RecordHandoverRequest, context: aio.ServicerContext
    ) -> registry_pb2.RecordHandoverResponse:
        require_role(scope.SYSTEM, denied="handovers are recorded by the takeover workflow")
        try:
            checklist = json.loads(request.checklist_json or "{}")
        except json.JSONDecodeError as exc:
            raise InvalidInput("checklist_json is not JSON", field="checklist_json") from exc
        now = utcnow()
        async with self.db.session() as session:
            item = await session.get(TakeoverItem, (request.bundle_id, request.community_code))
            bundle = await session.get(TakeoverBundle, request.bundle_id)
            community = await session.get(Community, request.community_code)
            if item is None or bundle is None or community is None:
                raise NotFound(f"{request.community_code} is not in bundle {request.bundle_id}", field="community_code")
            if item.handed_over_at is None:
                item.checklist_json, item.handed_over_at = json.dumps(checklist, ensure_ascii=False), now
                session.add(item)
                community.company_code, community.management_status = bundle.lead_company_code, "TAKEN_OVER"
                session.add(community)
                today = date.today()
                session.add(
                    ManagementContract(
                        id=f"{request.bundle_id}-{community.code}",
                        community_code=community.code,
                        company_code=bundle.lead_company_code,
                        starts_on=today,
                        ends_on=today + timedelta(days=3 * 365),
                    )
                )
        return registry_pb2.RecordHandoverResponse(community=community_pb(community))

    async def SetManagementStatus(
        self, request: registry_pb2.SetManagementStatusRequest, context: aio.ServicerContext
    ) -> registry_pb2.SetManagementStatusResponse:
        require_role(scope.SYSTEM, denied="management status changes through the takeover workflow")
        status = _STATUS_OF_PB.get(request.management_status)
        if status is None:
            raise InvalidInput("management_status is required", field="management_status")
        async with self.db.session() as session:
            community = await repository.community(session, request.community_code)
            if status != "UNMANAGED" and not (request.company_code or community.company_code):
                raise InvalidInput("a managed community needs its company", field="company_code")
            community.management_status = status
            community.company_code = "" if status == "UNMANAGED" else (request.company_code or community.company_code)
            session.add(community)
            if request.bundle_id and status == "WELL_MANAGED":
                item = await session.get(TakeoverItem, (request.bundle_id, community.code))
                if item is not None and item.well_managed_at is None:
                    item.well_managed_at = utcnow()
                    session.add(item)
        return registry_pb2.SetManagementStatusResponse(community=community_pb(community))

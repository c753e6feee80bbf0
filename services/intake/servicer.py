"""The gRPC edge of intake: proto <-> domain, scope checks, the filing transaction."""

from __future__ import annotations

import logging
from datetime import timedelta

import grpc
from fengqiao.evaluation.v1 import registry_pb2, registry_pb2_grpc
from fengqiao.intake.v1 import intake_pb2, intake_pb2_grpc
from google.protobuf.timestamp_pb2 import Timestamp
from grpc import aio
from sqlalchemy.exc import IntegrityError
from temporalio.client import Client

from services.common import scope
from services.common.clock import SHANGHAI, as_utc, utcnow
from services.common.db import Database
from services.common.errors import Conflict, InvalidInput, NotFound, PermissionDenied, PreconditionFailed, Unavailable
from services.common.grpc_client import CallerMetadata
from services.common.grpc_server import current_identity
from services.common.identity import SYSTEM_SERVICE, Identity
from services.common.paging import decode_token, encode_token, page_size
from services.intake import repository
from services.intake.case_starter import start_case_workflow
from services.intake.domain import (
    ComplaintDraft,
    check_status,
    format_case_no,
    new_receipt_no,
    validate_complaint,
    validate_idempotency_key,
)
from services.intake.models import Case
from workflows.case.contract import workflow_id

log = logging.getLogger("fengqiao.intake")

CLOSED_STATUSES = ("CLOSED", "MERGED", "REFERRED")


def _ts(value: object) -> Timestamp:
    ts = Timestamp()
    ts.FromDatetime(as_utc(value))  # type: ignore[arg-type]
    return ts


def case_pb(case: Case, identity: Identity) -> intake_pb2.Case:
    """The case as this caller may see it: personal data masked unless the role owns the case."""
    clear = scope.owns_personal_data(identity, neighbourhood_code=case.neighbourhood_code)
    name = case.complainant_name if clear else scope.mask_name(case.complainant_name)
    phone = case.complainant_phone if clear else scope.mask_phone(case.complainant_phone)
    return intake_pb2.Case(
        case_no=case.case_no,
        receipt_no=case.receipt_no,
        status=case.status,
        track=case.track,
        escalation_level=case.escalation_level,
        channel=case.channel,
        category=case.category,
        community_code=case.community_code,
        community_name=case.community_name,
        neighbourhood_code=case.neighbourhood_code,
        company_code=case.company_code,
        address=case.address if clear else "",
        content=case.content,
        complainant=intake_pb2.Complainant(name=name, phone=phone),
        personal_data_masked=not clear,
        workflow_id=case.workflow_id,
        created_at=_ts(case.created_at),
        updated_at=_ts(case.updated_at),
        satisfaction=case.satisfaction,
    )


class IntakeServicer(intake_pb2_grpc.IntakeServiceServicer):
    def __init__(
        self,
        db: Database,
        registry: registry_pb2_grpc.RegistryServiceStub,
        caller_metadata: CallerMetadata,
        temporal: Client,
        task_queue: str,
        case_no_prefix: str,
    ) -> None:
        self.db = db
        self.registry = registry
        self.caller_metadata = caller_metadata
        self.temporal = temporal
        self.task_queue = task_queue
        self.case_no_prefix = case_no_prefix

    async def FileComplaint(
        self, request: intake_pb2.FileComplaintRequest, context: aio.ServicerContext
    ) -> intake_pb2.FileComplaintResponse:
        identity = current_identity()
        if not scope.may_file(identity):
            raise PermissionDenied(f"role(s) {', '.join(identity.roles) or 'none'} may not file complaints")
        key = validate_idempotency_key(request.idempotency_key)
        draft = validate_complaint(
            channel=request.channel,
            community=request.community,
            address=request.address,
            content=request.content,
            name=request.complainant.name,
            phone=request.complainant.phone,
            category=request.category,
        )
        idempotency_scope = f"{identity.subject}:{key}" if key else None
        if idempotency_scope is not None and (replay := await self._replay(idempotency_scope, draft)) is not None:
            return intake_pb2.FileComplaintResponse(case=case_pb(replay, identity), replayed=True)

        community = await self._resolve_community(draft.community)
        centres = await self._escalation_centres(community.subdistrict_code)
        try:
            case = await self._store(draft, community, centres, identity, idempotency_scope)
        except IntegrityError:
            # A concurrent retry with the same key won the insert; answer as it did.
            if idempotency_scope is None or (replay := await self._replay(idempotency_scope, draft)) is None:
                raise
            return intake_pb2.FileComplaintResponse(case=case_pb(replay, identity), replayed=True)
        await self._start_workflow(case)
        log.info("complaint filed", extra={"case_no": case.case_no, "channel": case.channel})
        return intake_pb2.FileComplaintResponse(case=case_pb(case, identity), replayed=False)

    async def _replay(self, idempotency_scope: str, draft: ComplaintDraft) -> Case | None:
        async with self.db.session() as session:
            existing = await repository.find_by_idempotency(session, idempotency_scope)
        if existing is None:
            return None
        if existing.request_fingerprint != draft.fingerprint():
            raise Conflict(
                f"Idempotency-Key was already used for a different complaint (case {existing.case_no})",
                field="idempotency_key",
                case_no=existing.case_no,
            )
        if not existing.workflow_started:
            await self._start_workflow(existing)
        return existing

    async def _resolve_community(self, query: str) -> registry_pb2.Community:
        try:
            response = await self.registry.ResolveCommunity(
                registry_pb2.ResolveCommunityRequest(query=query), metadata=self.caller_metadata(SYSTEM_SERVICE)
            )
        except aio.AioRpcError as exc:
            if exc.code() == grpc.StatusCode.NOT_FOUND:
                raise InvalidInput(f"community {query!r} is not in the registry", field="community") from exc
            raise Unavailable(f"the registry could not be reached: {exc.details()}") from exc
        return response.community

    async def _escalation_centres(self, subdistrict_code: str) -> tuple[str, str]:
        """(street center, district center) a case of this subdistrict escalates to, from the registry."""
        md = self.caller_metadata(SYSTEM_SERVICE)
        try:
            subdistrict = await self.registry.GetOrganisation(
                registry_pb2.GetOrganisationRequest(code=subdistrict_code), metadata=md
            )
            streets = await self.registry.ListOrganisations(
                registry_pb2.ListOrganisationsRequest(kind="street_center"), metadata=md
            )
            districts = await self.registry.ListOrganisations(
                registry_pb2.ListOrganisationsRequest(kind="district_center"), metadata=md
            )
        except aio.AioRpcError as exc:
            raise Unavailable(f"the registry could not be reached: {exc.details()}") from exc
        street = next((o.code for o in streets.organisations if o.parent_code == subdistrict_code), "")
        district_parent = subdistrict.organisation.parent_code
        district = next((o.code for o in districts.organisations if o.parent_code == district_parent), "")
        return street, district

    async def _store(
        self,
        draft: ComplaintDraft,
        community: registry_pb2.Community,
        centres: tuple[str, str],
        identity: Identity,
        idempotency_scope: str | None,
    ) -> Case:
        now = utcnow()
        local = now.astimezone(SHANGHAI)
        async with self.db.session() as session:
            serial = await repository.next_serial(session, local.year)
            case_no = format_case_no(self.case_no_prefix, local.year, serial)
            case = Case(
                case_no=case_no,
                receipt_no=new_receipt_no(local.year, local.month, local.day),
                status="RECEIVED",
                channel=draft.channel,
                category=draft.category,
                community_code=community.code,
                community_name=community.name,
                neighbourhood_code=community.neighbourhood_code,
                company_code=community.company_code,
                street_center_code=centres[0],
                district_center_code=centres[1],
                address=draft.address,
                content=draft.content,
                complainant_name=draft.complainant_name,
                complainant_phone=draft.complainant_phone,
                filed_by=identity.subject,
                idempotency_scope=idempotency_scope,
                request_fingerprint=draft.fingerprint(),
                workflow_id=workflow_id(case_no),
                created_at=now,
                updated_at=now,
            )
            session.add(case)
            await session.flush()
            repository.add_event(
                session,
                case_no=case_no,
                event_id=f"{case_no}/received",
                kind="complaint_received",
                summary=f"诉求受理 · complaint received via {draft.channel}",
                actor=identity.subject,
                occurred_at=now,
                attributes={"channel": draft.channel, "community": community.code},
            )
            repository.add_event(
                session,
                case_no=case_no,
                event_id=f"{case_no}/acknowledged",
                kind="acknowledged",
                summary=f"受理回执 {case.receipt_no}",
                actor="system",
                occurred_at=now,
                attributes={"receipt_no": case.receipt_no},
            )
        return case

    async def _start_workflow(self, case: Case) -> None:
        """Starts the workflow and marks the case; on failure the case stays stored and the
        reconciler starts it later, so the complainant's answer does not depend on Temporal."""
        try:
            await start_case_workflow(self.temporal, self.task_queue, case)
        except Exception:
            log.exception("workflow start failed; the reconciler will retry", extra={"case_no": case.case_no})
            return
        async with self.db.session() as session:
            row = await repository.get_case(session, case.case_no)
            if row is not None and not row.workflow_started:
                row.workflow_started = True
                session.add(row)
        case.workflow_started = True

    async def reconcile_once(self) -> int:
        """Starts the workflows of cases stored but not started (crash or Temporal outage)."""
        async with self.db.session() as session:
            pending = await repository.cases_awaiting_workflow(session, utcnow() - timedelta(seconds=5))
        for case in pending:
            await self._start_workflow(case)
        return len(pending)

    async def GetCase(
        self, request: intake_pb2.GetCaseRequest, context: aio.ServicerContext
    ) -> intake_pb2.GetCaseResponse:
        identity = current_identity()
        async with self.db.session() as session:
            case = await repository.get_case(session, request.case_no)
            if case is None:
                raise NotFound(f"no case {request.case_no!r}", field="case_no")
            self._check_sees(identity, case)
            events = await repository.timeline(session, case.case_no)
        return intake_pb2.GetCaseResponse(
            case=case_pb(case, identity),
            timeline=[
                intake_pb2.TimelineEvent(
                    seq=e.seq or 0,
                    kind=e.kind,
                    summary=e.summary,
                    actor=e.actor,
                    occurred_at=_ts(e.occurred_at),
                    attributes={k: str(v) for k, v in e.attributes.items()},
                )
                for e in events
            ],
        )

    @staticmethod
    def _check_sees(identity: Identity, case: Case) -> None:
        if not scope.sees_case(identity, neighbourhood_code=case.neighbourhood_code, company_code=case.company_code):
            raise PermissionDenied(f"case {case.case_no} is outside your organisations' scope")

    async def ListCases(
        self, request: intake_pb2.ListCasesRequest, context: aio.ServicerContext
    ) -> intake_pb2.ListCasesResponse:
        identity = current_identity()
        if request.status:
            check_status(request.status)
        limit = page_size(request.page_size)
        if identity.has_role(*scope.WIDE_ROLES):
            neighbourhoods, companies = None, None
        else:
            orgs = list(identity.organisations)
            neighbourhoods = orgs if identity.has_role(scope.CASEWORKER, scope.GRID_WORKER) else []
            companies = orgs if identity.has_role(scope.COMPANY) else []
        async with self.db.session() as session:
            rows = await repository.list_cases(
                session,
                neighbourhoods=neighbourhoods,
                companies=companies,
                status=request.status,
                before_case_no=decode_token(request.page_token),
                limit=limit + 1,
            )
        token = encode_token(rows[limit - 1].case_no) if len(rows) > limit else ""
        return intake_pb2.ListCasesResponse(cases=[case_pb(c, identity) for c in rows[:limit]], next_page_token=token)

    async def MergeCase(
        self, request: intake_pb2.MergeCaseRequest, context: aio.ServicerContext
    ) -> intake_pb2.MergeCaseResponse:
        identity = current_identity()
        if not identity.has_role(scope.SYSTEM):
            raise PermissionDenied("only the case workflow merges cases")
        if not request.event_id:
            raise InvalidInput("event_id is required", field="event_id")
        if request.case_no == request.into_case_no:
            raise InvalidInput("a case cannot be merged into itself", field="into_case_no")
        now = utcnow()
        async with self.db.session() as session:
            source = await repository.get_case(session, request.case_no)
            target = await repository.get_case(session, request.into_case_no)
            if source is None:
                raise NotFound(f"no case {request.case_no!r}", field="case_no")
            if await repository.has_event(session, request.event_id):
                return intake_pb2.MergeCaseResponse(case=case_pb(source, identity), replayed=True)
            if target is None:
                raise NotFound(f"no case {request.into_case_no!r} to merge into", field="into_case_no")
            if target.status in CLOSED_STATUSES:
                raise PreconditionFailed(
                    f"case {target.case_no} is {target.status}; merge only into an open case", field="into_case_no"
                )
            if target.community_code != source.community_code:
                raise PreconditionFailed(
                    f"case {target.case_no} is about {target.community_name}, not {source.community_name}",
                    field="into_case_no",
                )
            repository.add_event(
                session,
                case_no=source.case_no,
                event_id=request.event_id,
                kind="merged",
                summary=f"并入案件 {target.case_no} · merged into {target.case_no}",
                actor="system",
                occurred_at=now,
                attributes={"into_case_no": target.case_no},
            )
            repository.add_event(
                session,
                case_no=target.case_no,
                event_id=f"{request.event_id}/target",
                kind="complaint_joined",
                summary=f"案件 {source.case_no} 并入 · case {source.case_no} joined",
                actor="system",
                occurred_at=now,
                attributes={"from_case_no": source.case_no},
            )
            source.status, source.updated_at, target.updated_at = "MERGED", now, now
            session.add(source)
            session.add(target)
        return intake_pb2.MergeCaseResponse(case=case_pb(source, identity), replayed=False)

    async def RecordCaseEvent(
        self, request: intake_pb2.RecordCaseEventRequest, context: aio.ServicerContext
    ) -> intake_pb2.RecordCaseEventResponse:
        identity = current_identity()
        if not identity.has_role(scope.SYSTEM):
            raise PermissionDenied("only the case workflow records case events")
        if not request.event_id or not request.kind:
            raise InvalidInput("event_id and kind are required", field="event_id" if not request.event_id else "kind")
        if request.status:
            check_status(request.status)
        now = utcnow()
        async with self.db.session() as session:
            case = await repository.get_case(session, request.case_no)
            if case is None:
                raise NotFound(f"no case {request.case_no!r}", field="case_no")
            if await repository.has_event(session, request.event_id):
                return intake_pb2.RecordCaseEventResponse(case=case_pb(case, identity), replayed=True)
            repository.add_event(
                session,
                case_no=case.case_no,
                event_id=request.event_id,
                kind=request.kind,
                summary=request.summary,
                actor=request.actor,
                occurred_at=now,
                attributes=dict(request.attributes),
            )
            for field in ("status", "track", "escalation_level", "satisfaction"):
                if value := getattr(request, field):
                    setattr(case, field, value)
            case.updated_at = now
            session.add(case)
        return intake_pb2.RecordCaseEventResponse(case=case_pb(case, identity), replayed=False)

"""The gRPC edge of intake: proto <-> domain, scope checks, the filing transaction."""

from __future__ import annotations

import logging
import uuid
from datetime import datetime, timedelta

from fengqiao.evaluation.v1 import registry_pb2_grpc
from fengqiao.intake.v1 import intake_pb2, intake_pb2_grpc
from google.protobuf.timestamp_pb2 import Timestamp
from grpc import aio
from sqlmodel.ext.asyncio.session import AsyncSession
from temporalio.client import Client

from services.common import scope
from services.common.clock import as_utc, utcnow
from services.common.db import Database
from services.common.errors import Conflict, InvalidInput, NotFound, PermissionDenied, PreconditionFailed
from services.common.grpc_client import CallerMetadata
from services.common.grpc_server import current_identity
from services.common.identity import SYSTEM_SERVICE, Identity
from services.common.paging import decode_token, encode_token, page_size
from services.intake import repository
from services.intake.catalogue import categories
from services.intake.channels import HOTLINE, ONLINE, validate_channel_facts
from services.intake.community_lookup import AddressCommunities
from services.intake.domain import (
    check_receipt_no,
    check_status,
    validate_complaint,
    validate_idempotency_key,
)
from services.intake.filing import ComplaintFiler, FilingPolicy
from services.intake.hotline_import import ANONYMOUS_CALLER, HotlineRow, parse_received_at, read_rows
from services.intake.models import Case
from services.intake.public_pb import complaint_pb, photo_from_pb, public_case_pb, public_events_pb, ts
from services.intake.public_view import CLOSED_STATUSES, redact, states_to_statuses

log = logging.getLogger("fengqiao.intake")


def _ts(value: datetime) -> Timestamp:
    return ts(value)


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
        building=case.building,
        households=case.households,
        is_group_dispute=case.is_group_dispute,
        due_at=_ts(case.due_at) if case.due_at else None,
        category_source=case.category_source,
        complaint_count=case.complaint_count,
    )


class IntakeServicer(intake_pb2_grpc.IntakeServiceServicer):
    def __init__(
        self,
        db: Database,
        registry: registry_pb2_grpc.RegistryServiceStub,
        caller_metadata: CallerMetadata,
        temporal: Client,
        task_queue: str,
        policy: FilingPolicy,
    ) -> None:
        self.db = db
        self.registry = registry
        self.caller_metadata = caller_metadata
        self.filer = ComplaintFiler(db, registry, caller_metadata, temporal, task_queue, policy)

    async def FileComplaint(
        self, request: intake_pb2.FileComplaintRequest, context: aio.ServicerContext
    ) -> intake_pb2.FileComplaintResponse:
        identity = current_identity()
        check_may_file(identity, request.channel)
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
        facts = validate_channel_facts(
            draft.channel,
            external_ref=request.external_ref,
            location=(request.location.latitude, request.location.longitude) if request.HasField("location") else None,
            photos=[photo_from_pb(p) for p in request.photos],
            fields=dict(request.channel_fields),
        )
        received_at = as_utc(request.received_at.ToDatetime()) if request.HasField("received_at") else None
        filed = await self.filer.file(
            draft, facts, identity=identity, idempotency_key=key, building=request.building, received_at=received_at
        )
        return intake_pb2.FileComplaintResponse(
            case=case_pb(filed.case, identity), replayed=filed.replayed, complaint=complaint_pb(filed.complaint)
        )

    async def ImportHotlineOrders(
        self, request: intake_pb2.ImportHotlineOrdersRequest, context: aio.ServicerContext
    ) -> intake_pb2.ImportHotlineOrdersResponse:
        identity = current_identity()
        check_may_file(identity, HOTLINE)
        rows = read_rows(request.content, request.file_name, dict(request.column_map))
        resolver = await AddressCommunities.load(self.registry, self.caller_metadata(SYSTEM_SERVICE))
        results = [await self._import_row(row, identity, resolver) for row in rows]
        outcomes = [r.outcome for r in results]
        return intake_pb2.ImportHotlineOrdersResponse(
            rows=results,
            taken=outcomes.count("taken"),
            already_imported=outcomes.count("already_imported"),
            refused=outcomes.count("refused"),
        )

    async def _import_row(
        self, row: HotlineRow, identity: Identity, resolver: AddressCommunities
    ) -> intake_pb2.ImportRowResult:
        """Files one row through the same rules as FileComplaint; a refusal stores nothing."""
        f = row.fields
        result = intake_pb2.ImportRowResult(row=row.row, external_ref=f.get("external_ref", ""))
        try:
            received_at = parse_received_at(f.get("received_at", ""))
            draft = validate_complaint(
                channel=HOTLINE,
                community=f.get("community") or resolver.community_in(f.get("address", "")),
                address=f.get("address", ""),
                content=f.get("content", ""),
                name=f.get("name") or ANONYMOUS_CALLER,
                phone=f.get("phone", ""),
                category=f.get("category", ""),
            )
            facts = validate_channel_facts(
                HOTLINE, external_ref=f.get("external_ref", ""), location=None, photos=[], fields={}
            )
            filed = await self.filer.file(
                draft, facts, identity=identity, idempotency_key="", building=0, received_at=received_at
            )
        except Conflict as exc:
            result.outcome, result.field, result.message = "already_imported", exc.field or "", exc.message
            result.case_no = str(exc.details.get("case_no", ""))
            return result
        except InvalidInput as exc:
            result.outcome, result.field, result.message = "refused", exc.field or "", exc.message
            return result
        result.outcome = "already_imported" if filed.replayed else "taken"
        result.case_no, result.receipt_no = filed.case.case_no, filed.complaint.receipt_no
        result.joined_existing = filed.complaint.joined_existing
        if filed.replayed:
            result.message = f"order {facts.external_ref} was imported before as case {filed.case.case_no}"
        return result

    async def reconcile_once(self) -> int:
        """Starts the workflows of cases stored but not started (crash or Temporal outage)."""
        async with self.db.session() as session:
            pending = await repository.cases_awaiting_workflow(session, utcnow() - timedelta(seconds=5))
        for case in pending:
            await self.filer.start_workflow(case)
        return len(pending)

    async def GetCase(
        self, request: intake_pb2.GetCaseRequest, context: aio.ServicerContext
    ) -> intake_pb2.GetCaseResponse:
        identity = current_identity()
        async with self.db.session() as session:
            case = await repository.get_case(session, request.case_no)
            if case is None:
                raise NotFound(f"no case {request.case_no!r}", field="case_no")
            await self._check_sees(session, identity, case)
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
    async def _check_sees(session: AsyncSession, identity: Identity, case: Case) -> None:
        taking_part = await repository.participants(session, case.case_no) if identity.has_role(scope.MEDIATOR) else []
        if not scope.sees_case(
            identity,
            neighbourhood_code=case.neighbourhood_code,
            company_code=case.company_code,
            participants=taking_part,
        ):
            raise PermissionDenied(f"case {case.case_no} is outside your organisations' scope")

    async def AddCaseParticipants(
        self, request: intake_pb2.AddCaseParticipantsRequest, context: aio.ServicerContext
    ) -> intake_pb2.AddCaseParticipantsResponse:
        if not current_identity().has_role(scope.SYSTEM):
            raise PermissionDenied("only workflows add the organisations taking part in a case")
        orgs = [o for o in request.organisation_codes if o]
        if not orgs or any(len(o) > 32 for o in orgs):
            raise InvalidInput(
                "organisation_codes: one or more codes of at most 32 characters", field="organisation_codes"
            )
        async with self.db.session() as session:
            case = await repository.get_case(session, request.case_no)
            if case is None:
                raise NotFound(f"no case {request.case_no!r}", field="case_no")
            await repository.add_participants(session, case.case_no, orgs, request.reason, utcnow())
        async with self.db.session() as session:
            now_taking_part = await repository.participants(session, request.case_no)
        return intake_pb2.AddCaseParticipantsResponse(organisation_codes=now_taking_part)

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
            taking_part = orgs if identity.has_role(scope.MEDIATOR) else []
        async with self.db.session() as session:
            rows = await repository.list_cases(
                session,
                neighbourhoods=neighbourhoods,
                companies=companies,
                participants=taking_part if neighbourhoods is not None else (),
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
            # The open step's deadline, for Open311's expected_datetime and the tracking page.
            if request.kind == "task_created" and (due := request.attributes.get("due_at")):
                case.due_at = _parse_due(due)
            if case.status in CLOSED_STATUSES:
                case.due_at = None
            case.updated_at = now
            session.add(case)
        return intake_pb2.RecordCaseEventResponse(case=case_pb(case, identity), replayed=False)

    async def TrackComplaint(
        self, request: intake_pb2.TrackComplaintRequest, context: aio.ServicerContext
    ) -> intake_pb2.TrackComplaintResponse:
        """Anyone holding the receipt number may track it; they see the public view only."""
        receipt_no = check_receipt_no(request.receipt_no.strip().upper())
        async with self.db.session() as session:
            complaint = await repository.find_complaint_by_receipt(session, receipt_no)
            if complaint is None:
                raise NotFound(f"no complaint with receipt number {receipt_no}", field="receipt_no")
            case = await repository.get_case(session, complaint.case_no)
            assert case is not None  # the foreign key guarantees it
            events = list(await repository.timeline(session, case.case_no))
        public = public_case_pb(case)
        public.description = redact(complaint.content)
        return intake_pb2.TrackComplaintResponse(
            case=public,
            receipt_no=complaint.receipt_no,
            received_at=ts(complaint.received_at),
            joined_existing=complaint.joined_existing,
            events=public_events_pb(events, complaint.receipt_no),
        )

    async def ListCategories(
        self, request: intake_pb2.ListCategoriesRequest, context: aio.ServicerContext
    ) -> intake_pb2.ListCategoriesResponse:
        return intake_pb2.ListCategoriesResponse(
            categories=[
                intake_pb2.Category(
                    code=c.code,
                    name=c.name,
                    name_en=c.name_en,
                    group=c.group,
                    group_name=c.group_name,
                    description=c.description,
                    keywords=[word for word, _ in c.keywords],
                )
                for c in categories().values()
            ]
        )

    async def SetCaseCategory(
        self, request: intake_pb2.SetCaseCategoryRequest, context: aio.ServicerContext
    ) -> intake_pb2.SetCaseCategoryResponse:
        """Triage overrides the suggested (or given) category; the timeline keeps both."""
        identity = current_identity()
        if not identity.has_role(scope.CASEWORKER, scope.GRID_WORKER, scope.STREET_CENTER, scope.DISTRICT_CENTER):
            raise PermissionDenied("only caseworkers and the centres re-categorise cases at triage")
        if request.category not in categories():
            raise InvalidInput(f"category {request.category!r} is not in the category catalogue", field="category")
        if len(request.reason) > 200:
            raise InvalidInput("reason is longer than 200 characters", field="reason")
        now = utcnow()
        async with self.db.session() as session:
            case = await repository.get_case(session, request.case_no)
            if case is None:
                raise NotFound(f"no case {request.case_no!r}", field="case_no")
            await self._check_sees(session, identity, case)
            if case.category != request.category:
                repository.add_event(
                    session,
                    case_no=case.case_no,
                    event_id=f"{case.case_no}/category/{uuid.uuid4().hex}",
                    kind="category_changed",
                    summary=f"分类调整 · category {case.category or '—'} → {request.category}",
                    actor=identity.subject,
                    occurred_at=now,
                    attributes={"from": case.category, "to": request.category, "reason": request.reason},
                )
                case.category, case.category_source, case.updated_at = request.category, "triage", now
                session.add(case)
        return intake_pb2.SetCaseCategoryResponse(case=case_pb(case, identity))

    async def ListServiceRequests(
        self, request: intake_pb2.ListServiceRequestsRequest, context: aio.ServicerContext
    ) -> intake_pb2.ListServiceRequestsResponse:
        """Public views of cases, for Open311 GeoReport v2 GET requests."""
        for state in request.states:
            if state not in ("open", "closed"):
                raise InvalidInput(f"status must be open or closed; got {state!r}", field="status")
        limit = max(1, min(request.limit or 1000, 1000))
        async with self.db.session() as session:
            rows = await repository.search_cases(
                session,
                case_nos=list(request.case_nos),
                categories=list(request.categories),
                start=as_utc(request.start.ToDatetime()) if request.HasField("start") else None,
                end=as_utc(request.end.ToDatetime()) if request.HasField("end") else None,
                statuses=states_to_statuses(list(request.states)),
                limit=limit,
            )
        return intake_pb2.ListServiceRequestsResponse(cases=[public_case_pb(c) for c in rows])

    async def LookupToken(
        self, request: intake_pb2.LookupTokenRequest, context: aio.ServicerContext
    ) -> intake_pb2.LookupTokenResponse:
        async with self.db.session() as session:
            complaint = await repository.find_complaint_by_token(session, request.token)
        if complaint is None:
            raise NotFound(f"no service request for token {request.token!r}", field="token")
        return intake_pb2.LookupTokenResponse(token=complaint.token, case_no=complaint.case_no)


def check_may_file(identity: Identity, channel: str) -> None:
    """Staff file on any channel; a member of the public only through the online channel."""
    if scope.may_file(identity):
        return
    if identity.has_role(scope.RESIDENT) and channel == ONLINE:
        return
    roles = ", ".join(identity.roles) or "none"
    raise PermissionDenied(f"role(s) {roles} may not file {channel or 'these'} complaints")


def _parse_due(text: str) -> datetime:
    try:
        return as_utc(datetime.fromisoformat(text))
    except ValueError as exc:
        raise InvalidInput(f"attributes.due_at {text!r} is not an ISO 8601 time", field="attributes.due_at") from exc

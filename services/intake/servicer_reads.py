"""The reading half of the intake gRPC edge: cases, timelines, tracking, categories, Open311 searches."""

from __future__ import annotations

from typing import Any

from fengqiao.intake.v1 import intake_pb2
from grpc import aio
from sqlmodel.ext.asyncio.session import AsyncSession

from services.common import scope
from services.common.clock import as_utc
from services.common.db import Database
from services.common.errors import InvalidInput, NotFound, PermissionDenied
from services.common.grpc_server import current_identity
from services.common.identity import Identity
from services.common.messages import message_from
from services.common.paging import MAX_PAGE_SIZE, decode_token, encode_token, page_size
from services.common.timestamps import timestamp
from services.intake import repository
from services.intake.case_pb import case_pb
from services.intake.catalogue import categories
from services.intake.domain import check_receipt_no, check_status
from services.intake.models import Case
from services.intake.public_pb import public_case_pb, public_events_pb
from services.intake.public_view import redact, states_to_statuses

# An inbox page's rows at most.
MAX_CASES_AT_ONCE = MAX_PAGE_SIZE
DEFAULT_TIMELINE_PAGE = 200
MAX_TIMELINE_PAGE = 500


class CaseReads:
    """Case reads for staff (scoped, personal data masked by role) and for the public (receipt, Open311)."""

    db: Database

    async def GetCase(
        self, request: intake_pb2.GetCaseRequest, context: aio.ServicerContext
    ) -> intake_pb2.GetCaseResponse:
        identity = current_identity()
        if not 0 <= request.timeline_page_size <= MAX_TIMELINE_PAGE:
            raise InvalidInput(f"timeline_page_size must be within 0–{MAX_TIMELINE_PAGE}", field="timeline_page_size")
        try:
            before = decode_token(request.timeline_page_token)
        except InvalidInput:
            before = ""
        if before is not None and not isinstance(before, int):
            raise InvalidInput("timeline_page_token is not a token this service issued", field="timeline_page_token")
        async with self.db.session() as session:
            case = await repository.case(session, request.case_no)
            await check_sees(session, identity, case)
            if request.without_timeline:
                return intake_pb2.GetCaseResponse(case=case_pb(case, identity))
            events, more, total = await repository.timeline_page(
                session,
                case.case_no,
                before_seq=before,
                limit=request.timeline_page_size or DEFAULT_TIMELINE_PAGE,
            )
        return intake_pb2.GetCaseResponse(
            case=case_pb(case, identity),
            timeline=[
                intake_pb2.TimelineEvent(
                    seq=e.seq or 0,
                    kind=e.kind,
                    summary=e.summary,
                    actor=e.actor,
                    occurred_at=timestamp(e.occurred_at),
                    attributes={k: str(v) for k, v in e.attributes.items()},
                )
                for e in events
            ],
            timeline_next_page_token=encode_token(events[0].seq) if more and events else "",
            timeline_total=total,
        )

    async def GetCases(
        self, request: intake_pb2.GetCasesRequest, context: aio.ServicerContext
    ) -> intake_pb2.GetCasesResponse:
        """One read for an inbox page: the console asked GetCase once per row on every refresh."""
        identity = current_identity()
        numbers = list(dict.fromkeys(request.case_nos))
        if len(numbers) > MAX_CASES_AT_ONCE:
            raise InvalidInput(
                f"at most {MAX_CASES_AT_ONCE} case numbers at once, got {len(numbers)}", field="case_nos"
            )
        async with self.db.session() as session:
            cases = await repository.cases(session, numbers)
            taking_part = (
                await repository.participants_of(session, [c.case_no for c in cases])
                if identity.has_role(scope.MEDIATOR)
                else {}
            )
        seen = [
            c
            for c in cases
            if scope.sees_case(
                identity,
                neighbourhood_code=c.neighbourhood_code,
                company_code=c.company_code,
                participants=taking_part.get(c.case_no, ()),
            )
        ]
        return intake_pb2.GetCasesResponse(cases=[case_pb(c, identity) for c in seen])

    async def ListCases(
        self, request: intake_pb2.ListCasesRequest, context: aio.ServicerContext
    ) -> intake_pb2.ListCasesResponse:
        identity = current_identity()
        if request.status:
            check_status(request.status)
        limit = page_size(request.page_size)
        async with self.db.session() as session:
            rows = await repository.list_cases(
                session,
                **_scope_of(identity),
                status=request.status,
                before_case_no=decode_token(request.page_token),
                limit=limit + 1,
            )
        token = encode_token(rows[limit - 1].case_no) if len(rows) > limit else ""
        return intake_pb2.ListCasesResponse(cases=[case_pb(c, identity) for c in rows[:limit]], next_page_token=token)

    async def CountCases(
        self, request: intake_pb2.CountCasesRequest, context: aio.ServicerContext
    ) -> intake_pb2.CountCasesResponse:
        identity = current_identity()
        async with self.db.session() as session:
            counts = await repository.count_cases(session, **_scope_of(identity))
        return intake_pb2.CountCasesResponse(
            total=sum(counts["status"].values()),
            by_status=counts["status"],
            by_track=counts["track"],
            by_escalation_level=counts["escalation_level"],
            by_community=counts["community_code"],
        )

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
            received_at=timestamp(complaint.received_at),
            joined_existing=complaint.joined_existing,
            events=public_events_pb(events, complaint.receipt_no),
        )

    async def ListCategories(
        self, request: intake_pb2.ListCategoriesRequest, context: aio.ServicerContext
    ) -> intake_pb2.ListCategoriesResponse:
        return intake_pb2.ListCategoriesResponse(
            categories=[
                message_from(intake_pb2.Category, c, keywords=[word for word, _ in c.keywords])
                for c in categories().values()
            ]
        )

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


def _scope_of(identity: Identity) -> dict[str, Any]:
    """What ListCases and CountCases narrow to (the same rule as check_sees, as a query)."""
    if identity.has_role(*scope.WIDE_ROLES):
        return {"neighbourhoods": None, "companies": None, "participants": ()}
    orgs = list(identity.organisations)
    return {
        "neighbourhoods": orgs if identity.has_role(scope.CASEWORKER, scope.GRID_WORKER) else [],
        "companies": orgs if identity.has_role(scope.COMPANY) else [],
        "participants": orgs if identity.has_role(scope.MEDIATOR) else (),
    }


async def check_sees(session: AsyncSession, identity: Identity, case: Case) -> None:
    """Raises PermissionDenied unless the caller's scope (or a mediator's part in the case) covers it."""
    taking_part = await repository.participants(session, case.case_no) if identity.has_role(scope.MEDIATOR) else []
    if not scope.sees_case(
        identity,
        neighbourhood_code=case.neighbourhood_code,
        company_code=case.company_code,
        participants=taking_part,
    ):
        raise PermissionDenied(f"case {case.case_no} is outside your organisations' scope")

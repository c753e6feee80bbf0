"""The gRPC edge of the red and black list: standings, serious events, notices, supervision."""

from __future__ import annotations

import hashlib
from functools import partial

from fengqiao.evaluation.v1 import evaluation_pb2
from grpc import aio
from sqlmodel import col, select

from contracts import supervision as supervision
from services.common import scope
from services.common.clock import as_utc, utcnow
from services.common.errors import InvalidInput, NotFound, PreconditionFailed
from services.common.grpc_server import require_role
from services.common.timestamps import timestamp
from services.evaluation import policy, repository, review_store, standing
from services.evaluation.models import Notice, Organisation, StandingChange, Supervision
from services.evaluation.pb import STANDING_PB, change_pb, notice_pb, supervision_pb
from services.evaluation.servicer_base import ServicerBase

EVENT_REPORTERS = (scope.STREET_CENTER, scope.DISTRICT_CENTER, scope.ADMIN)
NOTICE_KINDS = ("NOTICE", "SUMMONS", "REMINDER")
SUPERVISION_STATUSES = (
    "AWAITING_APPROVAL", "SUMMONS", "PLANNING", "RECTIFYING", "INSPECTING", "DELISTED", "REJECTED", "FAILED",
)  # fmt: skip


class ListMethods(ServicerBase):
    async def ListStandings(
        self, request: evaluation_pb2.ListStandingsRequest, context: aio.ServicerContext
    ) -> evaluation_pb2.ListStandingsResponse:
        async with self.db.session() as session:
            current = await review_store.current_standings(session)
            stmt = select(Organisation).where(Organisation.kind == "property_company").order_by(col(Organisation.code))
            companies = (await session.exec(stmt)).all()
        out = []
        for company in companies:
            change = current.get(company.code)
            out.append(
                evaluation_pb2.CompanyStanding(
                    company_code=company.code,
                    company_name=company.name,
                    standing=STANDING_PB[change.standing if change else standing.NONE],
                    since=timestamp(change.decided_at) if change else None,
                    reason=change.reason if change else "",
                )
            )
        return evaluation_pb2.ListStandingsResponse(standings=out)

    async def GetStandingHistory(
        self, request: evaluation_pb2.GetStandingHistoryRequest, context: aio.ServicerContext
    ) -> evaluation_pb2.GetStandingHistoryResponse:
        stmt = (
            select(StandingChange)
            .where(StandingChange.company_code == request.company_code)
            .order_by(col(StandingChange.created_at).desc(), col(StandingChange.id).desc())
        )
        changes = await self.db.fetch_all(stmt)
        return evaluation_pb2.GetStandingHistoryResponse(changes=[change_pb(c) for c in changes])

    async def ReportSeriousEvent(
        self, request: evaluation_pb2.ReportSeriousEventRequest, context: aio.ServicerContext
    ) -> evaluation_pb2.ReportSeriousEventResponse:
        identity = require_role(*EVENT_REPORTERS, denied="serious events are reported by the street or district centre")
        rules = policy.list_rules()
        event_name = standing.check_serious_event(request.event_kind, rules)
        if not request.description.strip() or len(request.description) > 400:
            raise InvalidInput("description is required (at most 400 characters)", field="description")
        key = request.idempotency_key or f"{request.company_code}/{request.event_kind}/{request.description}"
        change_id = f"EV-{request.company_code}-{hashlib.sha256(key.encode()).hexdigest()[:12]}"
        now = utcnow()
        async with self.db.session() as session:
            company = await repository.property_company(session, request.company_code, field="company_code")
            proposal = await session.get(StandingChange, change_id)
            replayed = proposal is not None
            if proposal is None:
                current = await review_store.standing_of(session, company.code)
                if current == standing.BLACK:
                    raise PreconditionFailed(f"{company.code} is already on the black list", field="company_code")
                # Both changes of one event: the same company, reason, requester and moment.
                event_change = partial(
                    StandingChange,
                    company_code=company.code,
                    source="EVENT",
                    reason=f"{event_name}：{request.description.strip()}",
                    requested_by=identity.subject,
                    created_at=now,
                )
                if current == standing.RED:  # a serious event takes a red standing away at once
                    session.add(
                        event_change(
                            id=f"{change_id}-unred",
                            standing=standing.NONE,
                            previous=standing.RED,
                            status=review_store.APPLIED,
                            decided_by=identity.subject,
                            decided_at=now,
                        )
                    )
                proposal = event_change(
                    id=change_id, standing=standing.BLACK, previous=standing.NONE, status=review_store.PENDING
                )
                session.add(proposal)
                street_center = (
                    await session.exec(
                        select(Organisation.code).where(
                            Organisation.kind == "street_center", Organisation.parent_code == company.parent_code
                        )
                    )
                ).first()
        workflow_id = supervision.workflow_id(change_id)
        if not replayed:
            await self.workflows.start(
                supervision.WORKFLOW_NAME,
                supervision.SupervisionInput(
                    change_id=change_id,
                    company_code=proposal.company_code,
                    subdistrict_code=company.parent_code,
                    street_center_code=street_center or "",
                    reason=proposal.reason,
                    needs_approval=True,
                    max_rounds=rules.max_rounds,
                ),
                workflow_id,
            )
        return evaluation_pb2.ReportSeriousEventResponse(
            proposal=change_pb(proposal), workflow_id=workflow_id, replayed=replayed
        )

    async def DecideStandingChange(
        self, request: evaluation_pb2.DecideStandingChangeRequest, context: aio.ServicerContext
    ) -> evaluation_pb2.DecideStandingChangeResponse:
        require_role(scope.SYSTEM, denied="standing changes are decided through the director's approval task")
        if not request.decided_by:
            raise InvalidInput("decided_by is required", field="decided_by")
        now = utcnow()
        async with self.db.session() as session:
            change = await session.get(StandingChange, request.change_id)
            if change is None:
                raise NotFound(f"no standing change {request.change_id!r}", field="change_id")
            if change.status == review_store.PENDING:
                change.previous = await review_store.standing_of(session, change.company_code)
                change.status = review_store.APPLIED if request.approved else review_store.REJECTED
                change.decided_by, change.decided_at = request.decided_by, now
                session.add(change)
        return evaluation_pb2.DecideStandingChangeResponse(change=change_pb(change))

    async def PublishNotice(
        self, request: evaluation_pb2.PublishNoticeRequest, context: aio.ServicerContext
    ) -> evaluation_pb2.PublishNoticeResponse:
        require_role(scope.SYSTEM, denied="notices are published by the supervision workflow")
        n = request.notice
        if not n.id or n.kind not in NOTICE_KINDS or not n.title:
            raise InvalidInput(f"a notice needs an id, a title and a kind in {NOTICE_KINDS}", field="notice")
        async with self.db.session() as session:
            existing = await session.get(Notice, n.id)
            if existing is not None:
                return evaluation_pb2.PublishNoticeResponse(notice=notice_pb(existing), replayed=True)
            row = Notice(
                id=n.id,
                kind=n.kind,
                company_code=n.company_code,
                subdistrict_code=n.subdistrict_code,
                title=n.title[:200],
                body=n.body[:4000],
                published_at=utcnow(),
            )
            session.add(row)
        return evaluation_pb2.PublishNoticeResponse(notice=notice_pb(row), replayed=False)

    async def ListNotices(
        self, request: evaluation_pb2.ListNoticesRequest, context: aio.ServicerContext
    ) -> evaluation_pb2.ListNoticesResponse:
        stmt = select(Notice).order_by(col(Notice.published_at).desc(), col(Notice.id)).limit(200)
        if request.company_code:
            stmt = stmt.where(Notice.company_code == request.company_code)
        rows = await self.db.fetch_all(stmt)
        return evaluation_pb2.ListNoticesResponse(notices=[notice_pb(r) for r in rows])

    async def RecordSupervision(
        self, request: evaluation_pb2.RecordSupervisionRequest, context: aio.ServicerContext
    ) -> evaluation_pb2.RecordSupervisionResponse:
        require_role(scope.SYSTEM, denied="supervisions are recorded by the supervision workflow")
        s = request.supervision
        if not s.id or s.status not in SUPERVISION_STATUSES:
            raise InvalidInput(f"a supervision needs an id and a status in {SUPERVISION_STATUSES}", field="supervision")
        now = utcnow()
        async with self.db.session() as session:
            row = await session.get(Supervision, s.id)
            if row is None:
                row = Supervision(
                    id=s.id, company_code=s.company_code, standing_change_id=s.standing_change_id, status=s.status,
                    updated_at=now,
                )  # fmt: skip
            row.status, row.rounds, row.updated_at = s.status, s.rounds, now
            if s.plan:
                row.plan = s.plan[:2000]
            if s.HasField("deadline"):
                row.deadline = as_utc(s.deadline.ToDatetime())
            session.add(row)
            delisting_id = f"{s.id}-delisted"
            if s.status == "DELISTED" and await session.get(StandingChange, delisting_id) is None:
                session.add(
                    StandingChange(
                        id=delisting_id,
                        company_code=row.company_code,
                        standing=standing.NONE,
                        previous=standing.BLACK,
                        source="DELISTING",
                        reason="挂牌督办整改验收合格，予以销号",
                        status=review_store.APPLIED,
                        requested_by="supervision",
                        decided_by="supervision",
                        created_at=now,
                        decided_at=now,
                    )
                )
        return evaluation_pb2.RecordSupervisionResponse(supervision=supervision_pb(row))

    async def ListSupervisions(
        self, request: evaluation_pb2.ListSupervisionsRequest, context: aio.ServicerContext
    ) -> evaluation_pb2.ListSupervisionsResponse:
        stmt = select(Supervision).order_by(col(Supervision.updated_at).desc())
        if request.company_code:
            stmt = stmt.where(Supervision.company_code == request.company_code)
        rows = await self.db.fetch_all(stmt)
        return evaluation_pb2.ListSupervisionsResponse(supervisions=[supervision_pb(r) for r in rows])

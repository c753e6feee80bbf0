"""The changing half of the intake gRPC edge: case events, merges, participants and category."""

from __future__ import annotations

import uuid
from datetime import datetime

from fengqiao.intake.v1 import intake_pb2
from grpc import aio
from sqlmodel.ext.asyncio.session import AsyncSession

from services.common import scope
from services.common.clock import as_utc, utcnow
from services.common.db import Database
from services.common.errors import InvalidInput, NotFound, PreconditionFailed
from services.common.grpc_server import require_role
from services.intake import repository
from services.intake.case_pb import case_pb
from services.intake.catalogue import categories
from services.intake.domain import check_status
from services.intake.models import Case
from services.intake.public_view import CLOSED_STATUSES
from services.intake.servicer_reads import check_sees


class CaseChanges:
    """Changes to a stored case: workflow events and merges (system only), participants, triage's category."""

    db: Database

    async def AddCaseParticipants(
        self, request: intake_pb2.AddCaseParticipantsRequest, context: aio.ServicerContext
    ) -> intake_pb2.AddCaseParticipantsResponse:
        require_role(scope.SYSTEM, denied="only workflows add the organisations taking part in a case")
        orgs = [o for o in request.organisation_codes if o]
        if not orgs or any(len(o) > 32 for o in orgs):
            raise InvalidInput(
                "organisation_codes: one or more codes of at most 32 characters", field="organisation_codes"
            )
        async with self.db.session() as session:
            case = await repository.case(session, request.case_no)
            await repository.add_participants(session, case.case_no, orgs, request.reason, utcnow())
        async with self.db.session() as session:
            now_taking_part = await repository.participants(session, request.case_no)
        return intake_pb2.AddCaseParticipantsResponse(organisation_codes=now_taking_part)

    async def MergeCase(
        self, request: intake_pb2.MergeCaseRequest, context: aio.ServicerContext
    ) -> intake_pb2.MergeCaseResponse:
        identity = require_role(scope.SYSTEM, denied="only the case workflow merges cases")
        if not request.event_id:
            raise InvalidInput("event_id is required", field="event_id")
        if request.case_no == request.into_case_no:
            raise InvalidInput("a case cannot be merged into itself", field="into_case_no")
        now = utcnow()
        async with self.db.session() as session:
            source = await repository.case(session, request.case_no)
            target = await repository.get_case(session, request.into_case_no)
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
        identity = require_role(scope.SYSTEM, denied="only the case workflow records case events")
        _check_event(request, "")
        now = utcnow()
        async with self.db.session() as session:
            case = await repository.case(session, request.case_no)
            if await repository.has_event(session, request.event_id):
                return intake_pb2.RecordCaseEventResponse(case=case_pb(case, identity), replayed=True)
            _apply_event(session, case, request, now, now)
        return intake_pb2.RecordCaseEventResponse(case=case_pb(case, identity), replayed=False)

    async def RecordCaseEvents(
        self, request: intake_pb2.RecordCaseEventsRequest, context: aio.ServicerContext
    ) -> intake_pb2.RecordCaseEventsResponse:
        """Consecutive events of one case in one transaction, in their order; an event already
        recorded (a retried activity) is skipped, so a retry records each event once."""
        identity = require_role(scope.SYSTEM, denied="only the case workflow records case events")
        if not request.events:
            raise InvalidInput("events: at least one event is required", field="events")
        if len(request.events) > MAX_EVENTS_PER_CALL:
            raise InvalidInput(f"events: at most {MAX_EVENTS_PER_CALL} events per call", field="events")
        ids = [event.event_id for event in request.events]
        if len(set(ids)) != len(ids):
            raise InvalidInput("events: each event_id once per call", field="events")
        for index, event in enumerate(request.events):
            _check_event(event, f"events[{index}].")
        now = utcnow()
        async with self.db.session() as session:
            case = await repository.case(session, request.case_no)
            known = await repository.known_event_ids(session, ids)
            for event in request.events:
                if event.event_id not in known:
                    at = as_utc(event.occurred_at.ToDatetime()) if event.HasField("occurred_at") else now
                    _apply_event(session, case, event, at, now)
        return intake_pb2.RecordCaseEventsResponse(
            case=case_pb(case, identity), recorded=len(ids) - len(known), replayed=len(known)
        )

    async def SetCaseCategory(
        self, request: intake_pb2.SetCaseCategoryRequest, context: aio.ServicerContext
    ) -> intake_pb2.SetCaseCategoryResponse:
        """Triage sets the final category (overriding the suggested or given one; the timeline keeps
        both) and records it as the caseworker's confirmed category."""
        identity = require_role(
            scope.CASEWORKER,
            scope.GRID_WORKER,
            scope.STREET_CENTER,
            scope.DISTRICT_CENTER,
            denied="only caseworkers and the centres re-categorise cases at triage",
        )
        if request.category not in categories():
            raise InvalidInput(f"category {request.category!r} is not in the category catalogue", field="category")
        if len(request.reason) > 200:
            raise InvalidInput("reason is longer than 200 characters", field="reason")
        now = utcnow()
        async with self.db.session() as session:
            case = await repository.case(session, request.case_no)
            await check_sees(session, identity, case)
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
            # The caseworker's final category, beside the suggestion, even when it kept it (issue #16).
            case.confirmed_category, case.confirmed_by, case.confirmed_at = request.category, identity.subject, now
            session.add(case)
        return intake_pb2.SetCaseCategoryResponse(case=case_pb(case, identity))


# A batch is the events between two steps of one workflow: a handful; this bounds a wrong caller.
MAX_EVENTS_PER_CALL = 100

_EventFields = intake_pb2.RecordCaseEventRequest | intake_pb2.CaseEventEntry


def _check_event(event: _EventFields, prefix: str) -> None:
    """Refuses an event without its id or kind, or moving the case to an unknown status."""
    if not event.event_id or not event.kind:
        field = "event_id" if not event.event_id else "kind"
        raise InvalidInput(f"{prefix}event_id and kind are required", field=prefix + field)
    if event.status:
        check_status(event.status)


def _apply_event(session: AsyncSession, case: Case, event: _EventFields, occurred_at: datetime, now: datetime) -> None:
    """Appends the event to the case's timeline and moves the case's status, track, level and
    satisfaction as it says."""
    repository.add_event(
        session,
        case_no=case.case_no,
        event_id=event.event_id,
        kind=event.kind,
        summary=event.summary,
        actor=event.actor,
        occurred_at=occurred_at,
        attributes=dict(event.attributes),
    )
    for field in ("status", "track", "escalation_level", "satisfaction"):
        if value := getattr(event, field):
            setattr(case, field, value)
    # The open step's deadline, for Open311's expected_datetime and the tracking page.
    if event.kind == "task_created" and (due := event.attributes.get("due_at")):
        case.due_at = _parse_due(due)
    if case.status in CLOSED_STATUSES:
        case.due_at = None
    case.updated_at = now
    session.add(case)


def _parse_due(text: str) -> datetime:
    try:
        return as_utc(datetime.fromisoformat(text))
    except ValueError as exc:
        raise InvalidInput(f"attributes.due_at {text!r} is not an ISO 8601 time", field="attributes.due_at") from exc

"""The filing transaction: a validated complaint becomes a new case or joins an open one, with its
receipt, in one database transaction (nothing half-stored); retries and re-imports replay."""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any

from fengqiao.evaluation.v1 import registry_pb2, registry_pb2_grpc
from grpc import aio
from sqlalchemy.exc import IntegrityError
from temporalio.client import Client
from temporalio.service import RPCError

from contracts.case import workflow_id
from services.common.clock import SHANGHAI, utcnow
from services.common.db import Database, DriverConnection
from services.common.errors import Conflict, InvalidInput, Unavailable
from services.common.grpc_client import CallerMetadata
from services.common.identity import SYSTEM_SERVICE, Identity
from services.common.messages import record_from
from services.intake import repository
from services.intake.address import resolve_building
from services.intake.case_starter import start_case_workflow
from services.intake.channels import ChannelFacts, channel_ref
from services.intake.classifier import case_columns, suggest_category
from services.intake.domain import ComplaintDraft, format_case_no, new_receipt_no, new_token
from services.intake.grouping import (
    JOINABLE_STATUSES,
    DuplicateKey,
    becomes_group_dispute,
    households,
    may_join,
    window_start,
)
from services.intake.models import Case, Complaint, TimelineEvent
from services.intake.registry_cache import COMMUNITY_CACHE_SECONDS, CommunityCache
from services.intake.started_marks import StartedMarks

log = logging.getLogger("fengqiao.intake.filing")


@dataclass(frozen=True)
class Filed:
    case: Case
    complaint: Complaint
    replayed: bool


@dataclass(frozen=True)
class FilingPolicy:
    case_no_prefix: str
    duplicate_window: timedelta
    group_threshold: int


class ComplaintFiler:
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
        self.temporal = temporal
        self.task_queue = task_queue
        self.policy = policy
        self.marks = StartedMarks(db)
        # Two complaints about one matter filed at once must not both open a case: the duplicate
        # check and the insert run under a lock per duplicate key — striped in this process, and a
        # transaction-scoped advisory lock on PostgreSQL for the other replicas.
        self._locks = [asyncio.Lock() for _ in range(64)]
        # Communities change rarely; a short-lived cache spares the registry a call per complaint.
        self.communities = CommunityCache(registry, lambda: caller_metadata(SYSTEM_SERVICE))
        self._centres: dict[str, tuple[float, tuple[str, str]]] = {}

    async def file(
        self,
        draft: ComplaintDraft,
        facts: ChannelFacts,
        *,
        identity: Identity,
        idempotency_key: str,
        building: int,
        received_at: datetime | None,
    ) -> Filed:
        """Files one complaint. The same idempotency key, or the same channel number, replays the
        first answer; with a different complaint behind it, Conflict names the field."""
        fingerprint = draft.fingerprint_with((facts, building, received_at))
        scope = f"{identity.subject}:{idempotency_key}" if idempotency_key else None
        ref = channel_ref(draft.channel, facts.external_ref)
        # A retry is the exception and a new complaint the rule, so a complaint under an idempotency
        # key alone is not looked up first (issue 19: a session and a query per filing): the unique
        # idempotency scope refuses its second insert and the retry replays below. Channel numbers
        # are looked up first: a re-imported hotline export is thousands of known orders at once.
        if ref is not None and (replay := await self._replay(scope, ref, fingerprint)) is not None:
            return replay
        try:
            community = await self.resolve_community(draft.community)
            centres = await self._escalation_centres(community.subdistrict_code)
            building_no = resolve_building(draft.address, building, community.buildings, community.name)
        except (InvalidInput, Unavailable):
            # A retry gets its first answer even when the registry changed since, or is down.
            if scope is not None and (replay := await self._replay(scope, ref, fingerprint)) is not None:
                return replay
            raise
        # The filer's category, or the model's suggestion kept beside it (issue #16); never raises.
        suggested = {"category_source": "given"} if draft.category else case_columns(suggest_category(draft.content))
        category = draft.category or str(suggested["suggested_category"])
        now = utcnow()
        try:
            filed = await self._store(
                draft,
                facts,
                community=community,
                centres=centres,
                building=building_no,
                category=category,
                suggested=suggested,
                identity=identity,
                scope=scope,
                ref=ref,
                fingerprint=fingerprint,
                received_at=received_at or now,
                now=now,
            )
        except IntegrityError:
            # A retry, or a concurrent one that won the insert (same key or channel number): answer
            # as the first filing did.
            if (replay := await self._replay(scope, ref, fingerprint)) is None:
                raise
            return replay
        if not filed.complaint.joined_existing:
            await self.start_workflow(filed.case)
        log.info(
            "complaint filed",
            extra={"case_no": filed.case.case_no, "channel": draft.channel, "joined": filed.complaint.joined_existing},
        )
        return filed

    async def _replay(self, scope: str | None, ref: str | None, fingerprint: str) -> Filed | None:
        async with self.db.session() as session:
            complaint = None
            if scope is not None:
                complaint = await repository.find_complaint_by_idempotency(session, scope)
            field = "idempotency_key"
            if complaint is None and ref is not None:
                complaint = await repository.find_complaint_by_channel_ref(session, ref)
                field = "external_ref"
            if complaint is None:
                return None
            case = await repository.get_case(session, complaint.case_no)
        assert case is not None  # the foreign key guarantees it
        if complaint.request_fingerprint != fingerprint:
            what = (
                "Idempotency-Key"
                if field == "idempotency_key"
                else f"{complaint.channel} number {complaint.external_ref}"
            )
            raise Conflict(
                f"{what} was already used for a different complaint (case {case.case_no})",
                field=field,
                case_no=case.case_no,
            )
        if not case.workflow_started and not complaint.joined_existing:
            await self.start_workflow(case)
        return Filed(case, complaint, replayed=True)

    async def resolve_community(self, query: str) -> registry_pb2.Community:
        """The registry's community for a name or code, cached a few seconds; filing and the staff
        form's preview both resolve through here."""
        return await self.communities.resolve(query)

    async def _escalation_centres(self, subdistrict_code: str) -> tuple[str, str]:
        """(street center, district center) a case of this subdistrict escalates to, from the
        registry; cached like communities."""
        cached = self._centres.get(subdistrict_code)
        if cached is not None and cached[0] > time.monotonic():
            return cached[1]
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
        self._centres[subdistrict_code] = (time.monotonic() + COMMUNITY_CACHE_SECONDS, (street, district))
        return street, district

    async def _store(
        self,
        draft: ComplaintDraft,
        facts: ChannelFacts,
        *,
        community: registry_pb2.Community,
        centres: tuple[str, str],
        building: int,
        category: str,
        suggested: dict[str, Any],
        identity: Identity,
        scope: str | None,
        ref: str | None,
        fingerprint: str,
        received_at: datetime,
        now: datetime,
    ) -> Filed:
        local = now.astimezone(SHANGHAI)
        key = DuplicateKey(community.code, building, category)
        # The complaint and its case keep the draft's channel, text and complainant.
        complaint = record_from(
            Complaint,
            draft,
            case_no="",
            receipt_no=new_receipt_no(local.year, local.month, local.day),
            token=new_token(),
            channel_ref=ref,
            external_ref=facts.external_ref,
            idempotency_scope=scope,
            request_fingerprint=fingerprint,
            building=building,
            latitude=facts.latitude,
            longitude=facts.longitude,
            channel_fields=_channel_fields(facts),
            filed_by=identity.subject,
            received_at=received_at,
            created_at=now,
        )
        async with self._locks[hash(key) % len(self._locks)], self.db.session() as session:
            if may_join(key):
                await repository.lock_duplicate_key(session, f"{key.community_code}/{key.building}/{key.category}")
            # After the lock: on PostgreSQL the lock's statement began the transaction.
            connection = await DriverConnection.of(session)
            if may_join(key):
                open_case_no = await repository.find_open_duplicate(
                    connection,
                    community_code=key.community_code,
                    building=key.building,
                    category=key.category,
                    since=window_start(now, self.policy.duplicate_window),
                    statuses=JOINABLE_STATUSES,
                )
                if open_case_no is not None:
                    open_case = await repository.case(session, open_case_no)
                    await self._join(session, open_case, complaint, identity, now)
                    return Filed(open_case, complaint, replayed=False)
            serial = await repository.next_serial(connection, local.year)
            case_no = format_case_no(self.policy.case_no_prefix, local.year, serial)
            case = record_from(
                Case,
                draft,
                case_no=case_no,
                receipt_no=complaint.receipt_no,
                status="RECEIVED",
                category=category,
                **suggested,
                community_code=community.code,
                community_name=community.name,
                neighbourhood_code=community.neighbourhood_code,
                company_code=community.company_code,
                street_center_code=centres[0],
                district_center_code=centres[1],
                filed_by=identity.subject,
                idempotency_scope=scope,
                request_fingerprint=fingerprint,
                workflow_id=workflow_id(case_no),
                building=building,
                latitude=facts.latitude,
                longitude=facts.longitude,
                created_at=now,
                updated_at=now,
            )
            complaint.case_no = case_no
            complaint.notice = (
                f"您的诉求已受理，案件号 {case_no}，回执号 {complaint.receipt_no}，可凭回执号查询办理进度。"
            )
            received = TimelineEvent(
                case_no=case_no,
                event_id=f"{case_no}/received",
                kind="complaint_received",
                summary=f"诉求受理 · complaint received via {draft.channel}",
                actor=identity.subject,
                occurred_at=now,
                attributes={"channel": draft.channel, "community": community.code, "category": category}
                | ({"external_ref": facts.external_ref} if facts.external_ref else {}),
            )
            acknowledged = TimelineEvent(
                case_no=case_no,
                event_id=f"{case_no}/acknowledged",
                kind="acknowledged",
                summary=f"受理回执 {complaint.receipt_no}",
                actor="system",
                occurred_at=now,
                attributes={"receipt_no": complaint.receipt_no},
            )
            await repository.insert_new_case(connection, case, complaint, [received, acknowledged])
        return Filed(case, complaint, replayed=False)

    async def _join(self, session: Any, case: Case, complaint: Complaint, identity: Identity, now: datetime) -> None:
        """Adds the complainant to the open case and tells them so; no new case, no new workflow.
        Flags the case a group dispute when its households reach the threshold."""
        complaint.case_no = case.case_no
        complaint.joined_existing = True
        complaint.notice = (
            f"您反映的问题与正在办理的案件 {case.case_no} 相同，已并入该案一并办理；"
            f"您的回执号 {complaint.receipt_no}，可凭回执号查询办理进度。"
        )
        session.add(complaint)
        await session.flush()
        phones = await repository.complainant_phones(session, case.case_no)
        count = households(phones)
        flag = becomes_group_dispute(count, self.policy.group_threshold, case.is_group_dispute)
        case.households = count
        case.complaint_count = len(phones)
        case.updated_at = now
        repository.add_event(
            session,
            case_no=case.case_no,
            event_id=f"{case.case_no}/joined/{complaint.receipt_no}",
            kind="complainant_joined",
            summary=f"同类诉求并入 · complainant joined via {complaint.channel} (回执 {complaint.receipt_no})",
            actor=identity.subject,
            occurred_at=now,
            attributes={"receipt_no": complaint.receipt_no, "channel": complaint.channel, "households": str(count)},
        )
        if flag:
            case.is_group_dispute = True
            repository.add_event(
                session,
                case_no=case.case_no,
                event_id=f"{case.case_no}/group-dispute",
                kind="group_dispute_flagged",
                summary=f"群体性纠纷 · {count} households; consultation or professional mediation advised",
                actor="system",
                occurred_at=now,
                attributes={"households": str(count), "threshold": str(self.policy.group_threshold)},
            )
        session.add(case)

    async def start_workflow(self, case: Case) -> None:
        """Starts the workflow and marks the case; on failure the case stays stored and the
        reconciler starts it later, so the complainant's answer does not depend on Temporal."""
        try:
            await start_case_workflow(self.temporal, self.task_queue, case)
        except (RPCError, TimeoutError) as exc:
            # Temporal down or restarting: expected and handled, so one line, not a traceback per filing.
            why = (
                f"{exc.status.name if exc.status else 'UNKNOWN'}: {exc.message}"
                if isinstance(exc, RPCError)
                else "timed out"
            )
            log.warning("workflow start failed (%s); the reconciler will retry", why, extra={"case_no": case.case_no})
            return
        except Exception:
            log.exception("workflow start failed; the reconciler will retry", extra={"case_no": case.case_no})
            return
        self.marks.add(case.case_no)
        case.workflow_started = True


def _channel_fields(facts: ChannelFacts) -> dict[str, Any]:
    fields: dict[str, Any] = dict(facts.fields)
    if facts.photos:
        fields["photos"] = [
            asdict(p) | {"taken_at": p.taken_at.isoformat() if p.taken_at else None} for p in facts.photos
        ]
    return fields

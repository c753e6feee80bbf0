"""The gRPC edge of the liaison link for court and police systems: their waiting referrals, one
referral package, and results — idempotent by message id, stored first, then signalled."""

from __future__ import annotations

import json
import logging
from datetime import datetime

from fengqiao.mediation.v1 import liaison_pb2, liaison_pb2_grpc
from google.protobuf import json_format
from grpc import aio
from sqlalchemy.exc import IntegrityError
from temporalio.client import Client
from temporalio.service import RPCError, RPCStatusCode

from contracts.professional import (
    KINDS_FOR_PURPOSE,
    LIAISON_RESULT_SIGNAL,
    LiaisonResult,
    result_kind_name,
    result_kind_value,
)
from services.common import scope
from services.common.clock import SHANGHAI, as_utc, utcnow
from services.common.db import Database
from services.common.errors import Conflict, InvalidInput, NotFound, PermissionDenied, PreconditionFailed, Unavailable
from services.common.grpc_server import current_identity
from services.common.identity import Identity
from services.common.messages import message_from, record_from
from services.common.paging import decode_token, encode_token, page_size
from services.common.timestamps import timestamp
from services.mediation.liaison import domain as rules
from services.mediation.liaison import store
from services.mediation.liaison.case_lookup import CaseLookup
from services.mediation.models import LiaisonResultRecord, Referral

log = logging.getLogger("fengqiao.mediation.liaison")

LIAISON_ROLES = (scope.COURT_LIAISON, scope.POLICE_LIAISON)


def referral_pb(referral: Referral) -> liaison_pb2.Referral:
    allowed = [result_kind_value(k) for k in KINDS_FOR_PURPOSE.get(referral.purpose, ())]
    return message_from(liaison_pb2.Referral, referral, allowed_kinds=allowed)


def _require_liaison(identity: Identity) -> None:
    if not identity.has_role(*LIAISON_ROLES) or not identity.organisations:
        raise PermissionDenied("only court and police liaison systems use the liaison service")


def _check_organisation(identity: Identity, referral: Referral, what: str) -> None:
    """A liaison sees and answers only what was referred to its own organisation."""
    if referral.organisation_code not in identity.organisations:
        raise PermissionDenied(
            f"referral {referral.referral_id} was not referred to your organisation; {what} refused",
            referral_id=referral.referral_id,
        )


class LiaisonServicer(liaison_pb2_grpc.LiaisonServiceServicer):
    def __init__(self, db: Database, temporal: Client, cases: CaseLookup) -> None:
        self.db = db
        self.temporal = temporal
        self.cases = cases

    async def _referral(self, referral_id: str) -> Referral:
        rules.check_referral_id(referral_id)
        async with self.db.session() as session:
            referral = await store.get_referral(session, referral_id)
        if referral is None:
            raise NotFound(f"no referral {referral_id!r}", field="referral_id")
        return referral

    async def ListReferrals(
        self, request: liaison_pb2.ListReferralsRequest, context: aio.ServicerContext
    ) -> liaison_pb2.ListReferralsResponse:
        identity = current_identity()
        _require_liaison(identity)
        limit = page_size(request.page_size)
        after = _page_key(decode_token(request.page_token))
        async with self.db.session() as session:
            rows = await store.waiting_referrals(session, identity.organisations, after=after, limit=limit + 1)
        token = ""
        if len(rows) > limit:
            last = rows[limit - 1]
            token = encode_token([as_utc(last.referred_at).isoformat(), last.referral_id])
        return liaison_pb2.ListReferralsResponse(
            referrals=[referral_pb(r) for r in rows[:limit]], next_page_token=token
        )

    async def GetReferral(
        self, request: liaison_pb2.GetReferralRequest, context: aio.ServicerContext
    ) -> liaison_pb2.GetReferralResponse:
        identity = current_identity()
        _require_liaison(identity)
        referral = await self._referral(request.referral_id)
        _check_organisation(identity, referral, "reading it is")
        facts = await self.cases.facts(referral.case_no)
        return liaison_pb2.GetReferralResponse(
            referral=referral_pb(referral),
            agreement_text=referral.agreement_text,
            documents=json.loads(referral.documents_json),
            parties=[liaison_pb2.Party(role=role, name=name) for role, name in facts.parties],
            case_status=facts.status,
        )

    async def SubmitResult(
        self, request: liaison_pb2.SubmitResultRequest, context: aio.ServicerContext
    ) -> liaison_pb2.SubmitResultResponse:
        identity = current_identity()
        _require_liaison(identity)
        rules.check_message_id(request.message_id)
        kind = result_kind_name(request.kind)
        if not kind:
            raise InvalidInput("kind is required: one of " + ", ".join(rules.RESULT_KINDS), field="kind")
        referral = await self._referral(request.referral_id)
        _check_organisation(identity, referral, "a result for it is")
        submission = rules.check_result(
            message_id=request.message_id,
            referral_id=referral.referral_id,
            kind=kind,
            reference_no=request.reference_no,
            outcome=request.outcome,
            reason=request.reason,
            purpose=referral.purpose,
            today=datetime.now(SHANGHAI).date(),
        )
        async with self.db.session() as session:
            stored = await store.get_result(session, referral.organisation_code, submission.message_id)
        if stored is not None:
            return await self._replay(stored, submission, identity, referral)
        if referral.status != rules.WAITING:
            raise await self._closed(referral)
        now = utcnow()
        response = liaison_pb2.SubmitResultResponse(
            replayed=False,
            case_status=(await self.cases.facts(referral.case_no)).status,
            message_id=submission.message_id,
            referral_id=referral.referral_id,
            reference_no=submission.reference_no,
            received_at=timestamp(now),
        )
        record = LiaisonResultRecord(
            message_id=submission.message_id,
            organisation_code=referral.organisation_code,
            referral_id=referral.referral_id,
            payload_hash=submission.payload_hash(),
            kind=submission.kind,
            reference_no=submission.reference_no,
            outcome=submission.outcome,
            reason=submission.reason,
            response_json=json_format.MessageToJson(response),
            received_at=now,
        )
        try:
            async with self.db.session() as session:
                session.add(record)
        except IntegrityError:
            # The same message id arrived twice at once: the other call stored it first.
            async with self.db.session() as session:
                raced = await store.get_result(session, referral.organisation_code, submission.message_id)
            if raced is None:
                raise
            return await self._replay(raced, submission, identity, referral)
        await self._signal(referral, record, forget_on_gone=True)
        log.info(
            "liaison result accepted",
            extra={"referral_id": referral.referral_id, "kind": record.kind, "message_id": record.message_id},
        )
        return response

    async def _replay(
        self, stored: LiaisonResultRecord, submission: rules.ResultSubmission, identity: Identity, referral: Referral
    ) -> liaison_pb2.SubmitResultResponse:
        if stored.payload_hash != submission.payload_hash():
            raise Conflict(
                f"message_id {stored.message_id} was already used for a different result; use a new message_id",
                field="message_id",
            )
        # The first call may have stored and then crashed before signalling: send again, the
        # workflow deduplicates by message id. A finished workflow has already had it.
        await self._signal(referral, stored, forget_on_gone=False)
        response = json_format.Parse(stored.response_json, liaison_pb2.SubmitResultResponse())
        response.replayed = True
        return response

    async def _signal(self, referral: Referral, record: LiaisonResultRecord, *, forget_on_gone: bool) -> None:
        result = record_from(LiaisonResult, record, received_at=as_utc(record.received_at).isoformat())
        try:
            await self.temporal.get_workflow_handle(referral.workflow_id).signal(LIAISON_RESULT_SIGNAL, result)
        except RPCError as exc:
            if exc.status != RPCStatusCode.NOT_FOUND:
                raise Unavailable(
                    f"the result is stored but Temporal did not take it yet; send it again: {exc.message}"
                ) from exc
            if not forget_on_gone:
                return
            # The mediation ended before the result came: nothing will ever read it.
            async with self.db.session() as session:
                stale = await store.get_result(session, record.organisation_code, record.message_id)
                if stale is not None:
                    await session.delete(stale)
            raise await self._closed(referral, ended=True) from exc

    async def _closed(self, referral: Referral, *, ended: bool = False) -> PreconditionFailed:
        facts = await self.cases.facts(referral.case_no)
        state = f"case {referral.case_no} is {facts.status or 'unknown to intake'}"
        what = "its mediation has ended" if ended else f"the referral is {referral.status}"
        return PreconditionFailed(
            f"referral {referral.referral_id} takes no more results: {what}; {state}",
            referral_status=referral.status,
            case_status=facts.status,
        )


def _page_key(raw: object) -> tuple[datetime, str] | None:
    if raw is None:
        return None
    try:
        if not isinstance(raw, list) or len(raw) != 2:
            raise ValueError("not a pair")
        return as_utc(datetime.fromisoformat(str(raw[0]))), str(raw[1])
    except (ValueError, TypeError) as exc:
        raise InvalidInput("page_token is not a token this service issued", field="page_token") from exc

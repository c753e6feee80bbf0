"""The inside of the liaison link: referrals and webhook attempts recorded by the workflow worker,
webhook endpoints set by admins, deliveries read by ops. Never served to liaison systems."""

from __future__ import annotations

import ipaddress
import json
import logging
from urllib.parse import urlsplit

from fengqiao.mediation.v1 import liaison_admin_pb2 as pb
from fengqiao.mediation.v1 import liaison_admin_pb2_grpc
from grpc import aio
from sqlalchemy.exc import IntegrityError

from contracts.professional import PURPOSES
from services.common import scope
from services.common.clock import utcnow
from services.common.codec import EncryptionCodec, open_text, seal_text
from services.common.db import Database
from services.common.errors import InvalidInput, NotFound
from services.common.grpc_server import require_role
from services.common.identity import Identity
from services.common.messages import message_from, record_from
from services.mediation.liaison import domain as rules
from services.mediation.liaison import store
from services.mediation.models import Referral, WebhookAttempt, WebhookEndpoint

log = logging.getLogger("fengqiao.mediation.liaison")

ATTEMPT_OUTCOMES = ("delivered", "failed", "no_endpoint")
MIN_SECRET = 16


def _require(roles: tuple[str, ...], what: str) -> Identity:
    return require_role(*roles, denied=f"{what} is for {', '.join(roles)} only")


def check_webhook_url(url: str) -> str:
    """https anywhere; plain http only to loopback (a receiver on the same machine, in development)."""
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname or len(url) > 500:
        raise InvalidInput("url must be an absolute http(s) URL of at most 500 characters", field="url")
    if parts.scheme == "http":
        try:
            loopback = parts.hostname == "localhost" or ipaddress.ip_address(parts.hostname).is_loopback
        except ValueError:
            loopback = False
        if not loopback:
            raise InvalidInput("url must use https (http only to a loopback address)", field="url")
    return url


class LiaisonAdminServicer(liaison_admin_pb2_grpc.LiaisonAdminServiceServicer):
    def __init__(self, db: Database, codec: EncryptionCodec) -> None:
        self.db = db
        self.codec = codec  # seals webhook secrets at rest

    async def CreateReferral(
        self, request: pb.CreateReferralRequest, context: aio.ServicerContext
    ) -> pb.CreateReferralResponse:
        _require((scope.SYSTEM,), "recording referrals")
        for name in ("referral_id", "case_no", "workflow_id", "organisation_code"):
            if not getattr(request, name):
                raise InvalidInput(f"{name} is required", field=name)
        if request.purpose not in PURPOSES:
            raise InvalidInput(f"purpose must be one of {', '.join(PURPOSES)}", field="purpose")
        async with self.db.session() as session:
            if await store.get_referral(session, request.referral_id) is not None:
                return pb.CreateReferralResponse(replayed=True)
        referral = record_from(
            Referral,
            request,
            summary=request.summary[:4000],
            agreement_text=request.agreement_text,
            documents_json=json.dumps(list(request.documents), ensure_ascii=False),
            status=rules.WAITING,
            referred_at=utcnow(),
        )
        try:
            async with self.db.session() as session:
                session.add(referral)
        except IntegrityError:
            return pb.CreateReferralResponse(replayed=True)
        log.info(
            "referral recorded",
            extra={
                "referral_id": referral.referral_id,
                "organisation": referral.organisation_code,
                "case_no": referral.case_no,
            },
        )
        return pb.CreateReferralResponse(replayed=False)

    async def CloseReferral(
        self, request: pb.CloseReferralRequest, context: aio.ServicerContext
    ) -> pb.CloseReferralResponse:
        _require((scope.SYSTEM,), "closing referrals")
        if request.status not in rules.CLOSURE_STATUSES:
            raise InvalidInput(f"status must be one of {', '.join(rules.CLOSURE_STATUSES)}", field="status")
        async with self.db.session() as session:
            referral = await store.get_referral(session, request.referral_id)
            if referral is None:
                raise NotFound(f"no referral {request.referral_id!r}", field="referral_id")
            # The first closure wins: a retried activity or a later closure changes nothing.
            if referral.status == rules.WAITING:
                referral.status = request.status
                referral.closed_at = utcnow()
                session.add(referral)
            return pb.CloseReferralResponse(status=referral.status)

    async def GetWebhookTarget(
        self, request: pb.GetWebhookTargetRequest, context: aio.ServicerContext
    ) -> pb.GetWebhookTargetResponse:
        _require((scope.SYSTEM,), "webhook targets")
        async with self.db.session() as session:
            referral = await store.get_referral(session, request.referral_id)
            if referral is None:
                raise NotFound(f"no referral {request.referral_id!r}", field="referral_id")
            endpoint = await store.get_endpoint(session, referral.organisation_code)
        return pb.GetWebhookTargetResponse(
            url=endpoint.url if endpoint else "",
            secret=open_text(self.codec, endpoint.secret) if endpoint else "",
            referral_id=referral.referral_id,
            case_no=referral.case_no,
            organisation_code=referral.organisation_code,
            purpose=referral.purpose,
            summary=referral.summary,
        )

    async def RecordWebhookAttempt(
        self, request: pb.RecordWebhookAttemptRequest, context: aio.ServicerContext
    ) -> pb.RecordWebhookAttemptResponse:
        _require((scope.SYSTEM,), "recording webhook attempts")
        if request.outcome not in ATTEMPT_OUTCOMES:
            raise InvalidInput(f"outcome must be one of {', '.join(ATTEMPT_OUTCOMES)}", field="outcome")
        if not request.delivery_id or not request.referral_id:
            raise InvalidInput("delivery_id and referral_id are required", field="delivery_id")
        async with self.db.session() as session:
            session.add(
                WebhookAttempt(
                    delivery_id=request.delivery_id,
                    referral_id=request.referral_id,
                    organisation_code=request.organisation_code,
                    url=request.url[:500],
                    attempt=request.attempt,
                    outcome=request.outcome,
                    status_code=request.status_code,
                    error=request.error[:500],
                    duration_ms=request.duration_ms,
                    attempted_at=utcnow(),
                )
            )
        return pb.RecordWebhookAttemptResponse()

    async def ListWebhookAttempts(
        self, request: pb.ListWebhookAttemptsRequest, context: aio.ServicerContext
    ) -> pb.ListWebhookAttemptsResponse:
        _require((scope.OPS, scope.ADMIN, scope.SYSTEM), "webhook deliveries")
        if not 0 <= request.limit <= 1000:
            raise InvalidInput("limit must be within 0–1000", field="limit")
        async with self.db.session() as session:
            rows = await store.recent_attempts(session, request.limit or 200)
        return pb.ListWebhookAttemptsResponse(attempts=[message_from(pb.WebhookAttempt, r) for r in rows])

    async def SetWebhookEndpoint(
        self, request: pb.SetWebhookEndpointRequest, context: aio.ServicerContext
    ) -> pb.SetWebhookEndpointResponse:
        identity = _require((scope.ADMIN,), "setting webhook endpoints")
        code = request.organisation_code.strip()
        if not code or len(code) > 32:
            raise InvalidInput("organisation_code is required (at most 32 characters)", field="organisation_code")
        async with self.db.session() as session:
            existing = await store.get_endpoint(session, code)
            if not request.url:
                if existing is not None:
                    await session.delete(existing)
                return pb.SetWebhookEndpointResponse(organisation_code=code, url="")
            url = check_webhook_url(request.url)
            if not MIN_SECRET <= len(request.secret) <= 200:
                raise InvalidInput(f"secret must be {MIN_SECRET}–200 characters", field="secret")
            sealed = seal_text(self.codec, request.secret)
            endpoint = existing or WebhookEndpoint(
                organisation_code=code, url=url, secret=sealed, updated_by=identity.subject, updated_at=utcnow()
            )
            endpoint.url, endpoint.secret = url, sealed
            endpoint.updated_by, endpoint.updated_at = identity.subject[:64], utcnow()
            session.add(endpoint)
        log.info("webhook endpoint set", extra={"organisation": code, "actor": identity.subject})
        return pb.SetWebhookEndpointResponse(organisation_code=code, url=url)

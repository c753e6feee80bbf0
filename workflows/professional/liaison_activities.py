"""Activities of ProfessionalMediationWorkflow that touch liaisons: thin gRPC clients of the
mediation service (referrals, webhook targets and attempts) and the outbound webhook itself.

Referral calls are idempotent on the service side (referral id), so Temporal's retries create
nothing twice. The webhook raises on anything but 2xx, so the workflow's retry policy (backoff)
applies; every attempt is recorded first.
"""

from __future__ import annotations

import time
import uuid

from fengqiao.mediation.v1 import liaison_admin_pb2 as pb
from fengqiao.mediation.v1 import liaison_admin_pb2_grpc
from temporalio import activity
from temporalio.exceptions import ApplicationError

from contracts.professional import ReferralClosure, ReferralRequest
from services.common.grpc_client import CallerMetadata
from workflows.professional import webhook
from workflows.service_calls import call, request_of

WEBHOOK_TIMEOUT_SECONDS = 10.0


class LiaisonActivities:
    def __init__(
        self,
        liaison: liaison_admin_pb2_grpc.LiaisonAdminServiceStub,
        caller_metadata: CallerMetadata,
        *,
        public_url: str,
        timeout: float = WEBHOOK_TIMEOUT_SECONDS,
    ) -> None:
        self.liaison = liaison
        self.metadata = caller_metadata
        self.public_url = public_url
        self.timeout = timeout

    @activity.defn(name="create_referral")
    async def create_referral(self, request: ReferralRequest) -> None:
        await call(self.liaison.CreateReferral, request_of(pb.CreateReferralRequest, request), self.metadata)

    @activity.defn(name="close_referral")
    async def close_referral(self, closure: ReferralClosure) -> None:
        await call(self.liaison.CloseReferral, request_of(pb.CloseReferralRequest, closure), self.metadata)

    @activity.defn(name="notify_liaison")
    async def notify_liaison(self, referral_id: str) -> None:
        """POSTs the signed referral notice to the organisation's webhook; no endpoint → recorded
        as such and done (the organisation pulls its list instead)."""
        info = activity.info()
        # One delivery id for every retry of this activity: a receiver deduplicates by it.
        delivery_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"{info.workflow_id}/{info.activity_id}/{referral_id}"))
        target = await call(
            self.liaison.GetWebhookTarget, pb.GetWebhookTargetRequest(referral_id=referral_id), self.metadata
        )
        attempt = pb.RecordWebhookAttemptRequest(
            delivery_id=delivery_id,
            referral_id=referral_id,
            organisation_code=target.organisation_code,
            url=target.url,
            attempt=info.attempt,
        )
        if not target.url:
            attempt.outcome = "no_endpoint"
            await self._record(attempt)
            return
        raw = webhook.body(
            delivery_id=delivery_id,
            referral_id=target.referral_id,
            case_no=target.case_no,
            organisation_code=target.organisation_code,
            purpose=target.purpose,
            summary=target.summary,
            public_url=self.public_url,
        )
        headers = webhook.headers(target.secret, int(time.time()), delivery_id, info.attempt, raw)
        started = time.perf_counter()
        failure = ""
        import httpx  # here, not at import: the worker's start-up does not pay for it (issue 19)

        try:
            async with httpx.AsyncClient(timeout=self.timeout, follow_redirects=False) as http:
                reply = await http.post(target.url, content=raw, headers=headers)
            attempt.status_code = reply.status_code
            if not 200 <= reply.status_code < 300:
                failure = f"HTTP {reply.status_code}"
        except httpx.HTTPError as exc:
            failure = f"{type(exc).__name__}: {exc}"[:500] or type(exc).__name__
        attempt.duration_ms = int((time.perf_counter() - started) * 1000)
        attempt.outcome = "failed" if failure else "delivered"
        attempt.error = failure
        await self._record(attempt)
        if failure:
            # Retryable: the workflow's retry policy backs off and tries again.
            raise ApplicationError(f"webhook to {target.organisation_code} failed: {failure}", type="WebhookFailed")

    async def _record(self, attempt: pb.RecordWebhookAttemptRequest) -> None:
        await call(self.liaison.RecordWebhookAttempt, attempt, self.metadata)

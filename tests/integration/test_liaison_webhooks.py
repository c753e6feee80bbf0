"""The outbound webhook as a Temporal activity against a real HTTP receiver: HMAC-signed body,
retries with backoff on failures and timeouts, every attempt recorded; no endpoint → recorded and
done (the pull list is the fallback)."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import grpc
import pytest
from fengqiao.mediation.v1 import liaison_admin_pb2 as admin_pb
from fengqiao.mediation.v1 import liaison_admin_pb2_grpc, liaison_pb2
from temporalio.client import WorkflowFailureError
from temporalio.worker import Worker

from contracts.professional import ReferralRequest
from services.common.grpc_client import CallerMetadata
from services.common.identity import Identity
from tests.helpers import IDENTITY_KEY, OPS, md
from tests.integration.conftest import Liaison
from tests.integration.liaison_probe import ReferAndNotify, ReferAndNotifyProbeWorkflow
from workflows.professional.liaison_activities import LiaisonActivities

ADMIN = Identity("admin", ("admin",), ("SD-DONGJIE",), "admin")
POLICE = Identity("apikey:police", ("police_liaison",), ("PS-DONGJIE",), "police")
SECRET = "station-webhook-secret-0001"


@dataclass
class Receiver:
    """A liaison system's webhook endpoint: answers each request with the next planned reply
    (a status, or "slow" to outlast the sender's timeout) and keeps what it received."""

    url: str
    plan: list[int | str] = field(default_factory=list)
    received: list[tuple[dict[str, str], bytes]] = field(default_factory=list)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    state = Receiver(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers["Content-Length"]))
            state.received.append(({k.lower(): v for k, v in self.headers.items()}, raw))
            reply = state.plan.pop(0) if state.plan else 200
            if reply == "slow":
                time.sleep(1.5)
                reply = 200
            self.send_response(int(reply))
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/fengqiao/hook"
    yield state
    server.shutdown()
    server.server_close()


async def run_referral(liaison: Liaison, organisation: str, max_attempts: int = 4) -> tuple[str, Exception | None]:
    stub = liaison_admin_pb2_grpc.LiaisonAdminServiceStub(grpc.aio.insecure_channel(liaison.address))
    acts = LiaisonActivities(stub, CallerMetadata(IDENTITY_KEY), public_url="https://fengqiao.example/", timeout=0.5)
    queue = f"notify-{uuid.uuid4().hex[:8]}"
    wf_id = f"professional-{uuid.uuid4().hex[:10]}"
    referral = ReferralRequest(
        referral_id=f"{wf_id}-police-1",
        case_no="DJ-2026-000321",
        workflow_id=wf_id,
        organisation_code=organisation,
        purpose="police",
        summary="邻里噪音纠纷，涉及派出所出警记录",
    )
    failure: Exception | None = None
    async with Worker(
        liaison.client,
        task_queue=queue,
        workflows=[ReferAndNotifyProbeWorkflow],
        activities=[acts.create_referral, acts.notify_liaison, acts.close_referral],
    ):
        try:
            await liaison.client.execute_workflow(
                ReferAndNotifyProbeWorkflow.run, ReferAndNotify(referral, max_attempts), id=wf_id, task_queue=queue
            )
        except WorkflowFailureError as exc:
            failure = exc
    return referral.referral_id, failure


async def attempts_of(liaison: Liaison, referral_id: str) -> list[admin_pb.WebhookAttempt]:
    listed = await liaison.admin.ListWebhookAttempts(admin_pb.ListWebhookAttemptsRequest(), metadata=md(OPS))
    return sorted((a for a in listed.attempts if a.referral_id == referral_id), key=lambda a: a.attempt)


async def test_webhook_is_signed_retried_with_backoff_and_every_attempt_recorded(
    liaison: Liaison, receiver: Receiver
) -> None:
    await liaison.admin.SetWebhookEndpoint(
        admin_pb.SetWebhookEndpointRequest(organisation_code="PS-DONGJIE", url=receiver.url, secret=SECRET),
        metadata=md(ADMIN),
    )
    receiver.plan = [503, "slow", 200]
    referral_id, failure = await run_referral(liaison, "PS-DONGJIE")
    assert failure is None
    attempts = await attempts_of(liaison, referral_id)
    assert [(a.attempt, a.outcome, a.status_code) for a in attempts] == [
        (1, "failed", 503),
        (2, "failed", 0),
        (3, "delivered", 200),
    ]
    assert "Timeout" in attempts[1].error and attempts[0].error == "HTTP 503"
    assert len({a.delivery_id for a in attempts}) == 1 and attempts[2].url == receiver.url
    assert len(receiver.received) == 3
    headers, raw = receiver.received[-1]
    timestamp, delivery = headers["x-fengqiao-timestamp"], headers["x-fengqiao-delivery"]
    expected = hmac.new(SECRET.encode(), f"{timestamp}.{delivery}.".encode() + raw, hashlib.sha256).hexdigest()
    assert headers["x-fengqiao-signature"] == f"sha256={expected}"
    assert abs(int(timestamp) - time.time()) < 60 and headers["x-fengqiao-attempt"] == "3"
    body = json.loads(raw)
    assert body["referral_id"] == referral_id and body["delivery_id"] == delivery == attempts[0].delivery_id
    assert body["links"]["referral"] == f"https://fengqiao.example/api/v1/liaison/referrals/{referral_id}"
    assert body["purpose"] == "police" and "13800" not in raw.decode()
    # The referral was recorded and then closed by the same workflow.
    listed = await liaison.stub.ListReferrals(liaison_pb2.ListReferralsRequest(), metadata=md(POLICE))
    assert referral_id not in {r.referral_id for r in listed.referrals}


async def test_a_receiver_that_keeps_failing_exhausts_the_retries(liaison: Liaison, receiver: Receiver) -> None:
    await liaison.admin.SetWebhookEndpoint(
        admin_pb.SetWebhookEndpointRequest(organisation_code="PS-DONGJIE", url=receiver.url, secret=SECRET),
        metadata=md(ADMIN),
    )
    receiver.plan = [500, 500]
    referral_id, failure = await run_referral(liaison, "PS-DONGJIE", max_attempts=2)
    assert failure is not None
    assert [(a.outcome, a.status_code) for a in await attempts_of(liaison, referral_id)] == [("failed", 500)] * 2
    # The referral still waits in the pull list, the fallback.
    listed = await liaison.stub.ListReferrals(liaison_pb2.ListReferralsRequest(), metadata=md(POLICE))
    assert referral_id in {r.referral_id for r in listed.referrals}


async def test_no_endpoint_is_recorded_and_nothing_is_sent(liaison: Liaison, receiver: Receiver) -> None:
    referral_id, failure = await run_referral(liaison, "PS-NOHOOK")
    assert failure is None and receiver.received == []
    assert [(a.outcome, a.url) for a in await attempts_of(liaison, referral_id)] == [("no_endpoint", "")]

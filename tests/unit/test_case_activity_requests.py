"""The case activities build valid requests from their inputs: every field of a timeline entry
reaches the service, one at a time or in a batch (an entry's batch-only time once broke the
single-entry call of the professional mediation workflow: "RecordCaseEventRequest has no
occurred_at field")."""

from __future__ import annotations

from typing import Any, cast

from google.protobuf.message import Message
from temporalio.testing import ActivityEnvironment

from services.common.grpc_client import CallerMetadata
from workflows.case.activities import CaseActivities, CaseEvent


class Recorder:
    """Stands in for a gRPC stub: any method records the request it was sent."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, Message]] = []

    def __getattr__(self, method: str) -> Any:
        async def send(request: Message, metadata: Any = None) -> Message:
            self.sent.append((method, request))
            return request

        return send


EVENT = CaseEvent(
    case_no="DJ-2026-000001",
    event_id="professional-DJ-2026-000001-p1/2",
    kind="referral_sent",
    summary="转法院 · referred to the court",
    status="IN_PROGRESS",
    attributes={"referral_id": "R-1"},
    occurred_at="2026-12-02T10:00:00+08:00",
)


async def test_one_timeline_entry_reaches_the_service_whole() -> None:
    intake = Recorder()
    activities = CaseActivities(cast(Any, intake), cast(Any, None), cast(Any, None), CallerMetadata("k" * 32))
    await ActivityEnvironment().run(activities.record_case_event, EVENT)
    [(method, request)] = intake.sent
    assert method == "RecordCaseEvent"
    assert (request.event_id, request.kind, request.status) == (EVENT.event_id, EVENT.kind, "IN_PROGRESS")  # type: ignore[attr-defined]
    assert dict(request.attributes) == {"referral_id": "R-1"}  # type: ignore[attr-defined]


async def test_a_batch_keeps_each_entry_and_its_time() -> None:
    intake = Recorder()
    activities = CaseActivities(cast(Any, intake), cast(Any, None), cast(Any, None), CallerMetadata("k" * 32))
    await ActivityEnvironment().run(activities.record_case_events, [EVENT, EVENT])
    [(method, request)] = intake.sent
    assert method == "RecordCaseEvents" and len(request.events) == 2  # type: ignore[attr-defined]
    assert request.events[0].occurred_at.ToJsonString() == "2026-12-02T02:00:00Z"  # type: ignore[attr-defined]

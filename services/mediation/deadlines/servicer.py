"""The gRPC edge of due-time computation for timers that no task carries (DESIGN.md invariant 3)."""

from __future__ import annotations

from datetime import UTC, timedelta

from fengqiao.mediation.v1 import deadline_pb2, deadline_pb2_grpc
from google.protobuf.timestamp_pb2 import Timestamp
from grpc import aio

from services.common.errors import InvalidInput
from services.common.grpc_server import current_identity
from services.mediation.tasks.servicer import TaskServicer


class DeadlineServicer(deadline_pb2_grpc.DeadlineServiceServicer):
    """Uses the task servicer's calendar and policy, so a timer and a task started together agree."""

    def __init__(self, tasks: TaskServicer) -> None:
        self.tasks = tasks

    async def ComputeDue(
        self, request: deadline_pb2.ComputeDueRequest, context: aio.ServicerContext
    ) -> deadline_pb2.ComputeDueResponse:
        current_identity()  # any authenticated caller; the answer holds no case data
        if not request.HasField("start"):
            raise InvalidInput("start is required", field="start")
        policy = self.tasks.policies.select(request.policy_version)
        start = request.start.ToDatetime(tzinfo=UTC)
        if request.if_defined and request.deadline_policy not in policy.rules:
            # A rule a later version added: the case's own version sets no such deadline.
            return deadline_pb2.ComputeDueResponse(policy_version=policy.version)
        due = policy.due_at(request.deadline_policy, start, await self.tasks.calendars.current())
        if request.extended:
            days = policy.rules[request.deadline_policy].get("extension_calendar_days")
            if days is None:
                raise InvalidInput(f"deadline {request.deadline_policy!r} has no extension", field="extended")
            due += timedelta(days=int(days))
        ts = Timestamp()
        ts.FromDatetime(due.astimezone(UTC))
        return deadline_pb2.ComputeDueResponse(due_at=ts, policy_version=policy.version)

"""Task lifecycles driven by the case workflows: create (deadline from the policy and calendar), record a completion, mark overdue."""

from __future__ import annotations

import logging
from datetime import UTC

from fengqiao.mediation.v1 import task_pb2
from grpc import aio
from sqlalchemy.exc import IntegrityError

from contracts.tasks import TaskCompletion
from services.common.clock import SHANGHAI, as_utc, utcnow
from services.common.errors import InvalidInput
from services.common.messages import record_from
from services.mediation.calendar.domain import WorkCalendar
from services.mediation.models import CLAIMED, OPEN, Task, TaskCandidateGroup
from services.mediation.tasks import domain, store
from services.mediation.tasks.edge import TaskEdge, existing_task, require_system

log = logging.getLogger("fengqiao.mediation")


class TaskLifecycle(TaskEdge):
    async def CreateTask(
        self, request: task_pb2.CreateTaskRequest, context: aio.ServicerContext
    ) -> task_pb2.CreateTaskResponse:
        require_system()
        kind = domain.task_kind(request.kind)
        unknown = [o for o in request.allowed_outcomes if kind.outcome(o) is None]
        if unknown:
            raise InvalidInput(
                f"outcomes {unknown} are not in the registry for {kind.name}; known: {', '.join(kind.outcome_names)}",
                field="allowed_outcomes",
            )
        if not request.task_id or not request.case_no or not request.workflow_id:
            raise InvalidInput("task_id, case_no and workflow_id are required", field="task_id")
        if not request.allowed_outcomes:
            raise InvalidInput("a task needs at least one allowed outcome", field="allowed_outcomes")
        if not 0 <= request.priority <= 100:
            raise InvalidInput("priority must be within 0–100", field="priority")
        # No look first: a task created before (the activity retried) fails the insert on its key
        # and is answered from the row below — one session, not two, for every new task.
        policy = self.policies.select(request.policy_version)
        calendar = await self.calendars.current()
        now = utcnow()
        task = record_from(
            Task,
            request,
            id=request.task_id,
            status=OPEN,
            due_at=(
                request.due_at.ToDatetime(tzinfo=UTC)
                if request.HasField("due_at")
                else policy.due_at(request.deadline_policy, now, calendar)
            ),
            allowed_outcomes=",".join(request.allowed_outcomes),
            policy_version=policy.version,
            track=request.track or None,
            escalation_level=request.escalation_level or None,
            follow_up_at=(policy.due_at(request.follow_up_policy, now, calendar) if request.follow_up_policy else None),
            created_at=now,
        )
        groups = sorted(set(request.candidate_groups))
        try:
            async with self.db.session() as session:
                session.add(task)
                await session.flush()
                for group in groups:
                    session.add(TaskCandidateGroup(task_id=task.id, group_code=group, due_at=task.due_at))
                store.add_event(session, task.id, "created", "system", now, _created_detail(task, calendar))
        except IntegrityError:
            async with self.db.session() as session:
                found = await store.get_task(session, request.task_id)
            if found is None:
                raise
            return task_pb2.CreateTaskResponse(task=await self._task_pb(found, groups), replayed=True)
        log.info("task created", extra={"task_id": task.id, "kind": task.kind, "due_at": task.due_at.isoformat()})
        return task_pb2.CreateTaskResponse(task=await self._task_pb(task, groups), replayed=False)

    async def RecordTaskCompletion(
        self, request: task_pb2.RecordTaskCompletionRequest, context: aio.ServicerContext
    ) -> task_pb2.RecordTaskCompletionResponse:
        require_system()
        async with self.db.session() as session:
            await store.record_completion(session, record_from(TaskCompletion, request), utcnow())
            task = await existing_task(session, request.task_id)
            groups = await store.candidate_groups(session, task.id)
        return task_pb2.RecordTaskCompletionResponse(task=await self._task_pb(task, groups))

    async def MarkTaskOverdue(
        self, request: task_pb2.MarkTaskOverdueRequest, context: aio.ServicerContext
    ) -> task_pb2.MarkTaskOverdueResponse:
        require_system()
        now = utcnow()
        async with self.db.session() as session:
            task = await existing_task(session, request.task_id)
            if not task.overdue and task.status in (OPEN, CLAIMED):
                task.overdue = True
                # Overdue work rises to the top of every inbox.
                task.priority = max(task.priority, 75)
                task.version += 1
                session.add(task)
                store.add_event(session, task.id, "overdue", "system", now, f"due {as_utc(task.due_at).isoformat()}")
            groups = await store.candidate_groups(session, task.id)
        return task_pb2.MarkTaskOverdueResponse(task=await self._task_pb(task, groups))


def _created_detail(task: Task, calendar: WorkCalendar) -> str:
    """The due time and the policy version; and, when the deadline crosses a year no calendar
    source covers, that weekdays stood in for working days there (ops also sees it on the ops page)."""
    detail = f"due {as_utc(task.due_at).isoformat()} by policy {task.policy_version}"
    uncovered = calendar.uncovered_years(
        as_utc(task.created_at).astimezone(SHANGHAI).date(), as_utc(task.due_at).astimezone(SHANGHAI).date()
    )
    if uncovered:
        years = ", ".join(map(str, uncovered))
        log.warning("deadline computed without holiday data", extra={"task_id": task.id, "years": uncovered})
        detail += f"; no holiday data for {years}: weekdays counted as working days"
    return detail

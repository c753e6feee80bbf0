"""The gRPC edge of the task inbox: scope checks, claims with optimistic concurrency, completion."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any

from fengqiao.mediation.v1 import task_pb2, task_pb2_grpc
from google.protobuf.timestamp_pb2 import Timestamp
from grpc import aio
from sqlalchemy.exc import IntegrityError
from temporalio.client import Client

from contracts.task_kinds import TASK_KINDS
from contracts.tasks import TaskCompletion
from services.common import scope
from services.common.clock import SHANGHAI, as_utc, utcnow
from services.common.db import Database
from services.common.errors import ConcurrentChange, InvalidInput, NotFound, PermissionDenied, PreconditionFailed
from services.common.grpc_server import current_identity
from services.common.identity import Identity
from services.common.paging import decode_token, encode_token, page_size
from services.mediation.calendar.domain import WorkCalendar
from services.mediation.calendar.store import CalendarStore
from services.mediation.deadlines.domain import PolicyBook
from services.mediation.models import CANCELLED, CLAIMED, COMPLETED, OPEN, Task, TaskCandidateGroup
from services.mediation.tasks import domain
from services.mediation.tasks import store as repository
from services.mediation.tasks.completion import send_completion
from services.mediation.tasks.stuck import workflow_holds_task

log = logging.getLogger("fengqiao.mediation")

_STATUS_PB = {
    OPEN: task_pb2.TASK_STATUS_OPEN,
    CLAIMED: task_pb2.TASK_STATUS_CLAIMED,
    COMPLETED: task_pb2.TASK_STATUS_COMPLETED,
    CANCELLED: task_pb2.TASK_STATUS_CANCELLED,
}


def _ts(value: datetime | None) -> Timestamp | None:
    if value is None:
        return None
    ts = Timestamp()
    ts.FromDatetime(as_utc(value))
    return ts


def _scope_of(task: Task, groups: list[str]) -> domain.TaskScope:
    return domain.TaskScope(
        candidate_groups=frozenset(groups),
        assignee=task.assignee,
        completed_by=task.completed_by,
        neighbourhood_code=task.neighbourhood_code,
        company_code=task.company_code,
    )


class TaskServicer(task_pb2_grpc.TaskServiceServicer):
    def __init__(self, db: Database, temporal: Client, calendars: CalendarStore, policies: PolicyBook) -> None:
        self.db = db
        self.temporal = temporal
        self.calendars = calendars
        self.policies = policies

    async def _task_pb(self, task: Task, groups: list[str], *, with_history: bool = False) -> task_pb2.Task:
        kind = TASK_KINDS.get(task.kind)
        pb = task_pb2.Task(
            id=task.id,
            kind=task.kind,
            case_no=task.case_no,
            workflow_id=task.workflow_id,
            title=task.title,
            candidate_groups=groups,
            assignee=task.assignee or "",
            priority=task.priority,
            status=_STATUS_PB[task.status],
            due_at=_ts(task.due_at),
            overdue=task.overdue,
            allowed_outcomes=[o for o in task.allowed_outcomes.split(",") if o],
            form_schema_json=json.dumps(domain.form_schema(kind), ensure_ascii=False) if kind else "{}",
            outcome=task.outcome,
            completed_by=task.completed_by or "",
            created_at=_ts(task.created_at),
            completed_at=_ts(task.completed_at),
            version=task.version,
            community_code=task.community_code,
            neighbourhood_code=task.neighbourhood_code,
            company_code=task.company_code,
            track=task.track or "",
            escalation_level=task.escalation_level or "",
            follow_up_at=_ts(task.follow_up_at),
            policy_version=task.policy_version,
        )
        if with_history:
            async with self.db.session() as session:
                for event in await repository.history(session, task.id):
                    pb.history.append(
                        task_pb2.TaskEvent(
                            action=event.action,
                            actor=event.actor,
                            occurred_at=_ts(event.occurred_at),
                            detail=event.detail,
                        )
                    )
        return pb

    async def _load_visible(self, task_id: str, identity: Identity) -> tuple[Task, list[str]]:
        async with self.db.session() as session:
            task = await repository.get_task(session, task_id)
            if task is None:
                raise NotFound(f"no task {task_id!r}", field="task_id")
            groups = await repository.candidate_groups(session, task_id)
        if not domain.sees_task(identity, _scope_of(task, groups)):
            raise PermissionDenied(f"task {task_id} is outside your organisations' scope")
        return task, groups

    # --- called by the case workflow -------------------------------------------------------

    async def CreateTask(
        self, request: task_pb2.CreateTaskRequest, context: aio.ServicerContext
    ) -> task_pb2.CreateTaskResponse:
        _require_system(current_identity())
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
        async with self.db.session() as session:
            existing = await repository.get_task(session, request.task_id)
        if existing is not None:
            return task_pb2.CreateTaskResponse(
                task=await self._task_pb(existing, list(request.candidate_groups)), replayed=True
            )
        policy = self.policies.select(request.policy_version)
        calendar = await self.calendars.current()
        now = utcnow()
        task = Task(
            id=request.task_id,
            kind=request.kind,
            case_no=request.case_no,
            workflow_id=request.workflow_id,
            title=request.title,
            priority=request.priority,
            status=OPEN,
            due_at=(
                request.due_at.ToDatetime(tzinfo=UTC)
                if request.HasField("due_at")
                else policy.due_at(request.deadline_policy, now, calendar)
            ),
            allowed_outcomes=",".join(request.allowed_outcomes),
            deadline_policy=request.deadline_policy,
            policy_version=policy.version,
            community_code=request.community_code,
            neighbourhood_code=request.neighbourhood_code,
            company_code=request.company_code,
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
                repository.add_event(session, task.id, "created", "system", now, _created_detail(task, calendar))
        except IntegrityError:
            async with self.db.session() as session:
                found = await repository.get_task(session, request.task_id)
            if found is None:
                raise
            return task_pb2.CreateTaskResponse(task=await self._task_pb(found, groups), replayed=True)
        log.info("task created", extra={"task_id": task.id, "kind": task.kind, "due_at": task.due_at.isoformat()})
        return task_pb2.CreateTaskResponse(task=await self._task_pb(task, groups), replayed=False)

    async def RecordTaskCompletion(
        self, request: task_pb2.RecordTaskCompletionRequest, context: aio.ServicerContext
    ) -> task_pb2.RecordTaskCompletionResponse:
        _require_system(current_identity())
        now = utcnow()
        async with self.db.session() as session:
            task = await repository.get_task(session, request.task_id)
            if task is None:
                raise NotFound(f"no task {request.task_id!r}", field="task_id")
            if task.status != COMPLETED:
                task.status = COMPLETED
                task.outcome = request.outcome
                task.form_json = request.form_json or "{}"
                task.completed_by = request.completed_by
                task.completed_at = now
                task.assignee = task.assignee or request.completed_by
                task.version += 1
                session.add(task)
                await repository.set_group_status(session, task.id, COMPLETED)
                repository.add_event(session, task.id, "completed", request.completed_by, now, request.outcome)
            groups = await repository.candidate_groups(session, task.id)
        return task_pb2.RecordTaskCompletionResponse(task=await self._task_pb(task, groups))

    async def MarkTaskOverdue(
        self, request: task_pb2.MarkTaskOverdueRequest, context: aio.ServicerContext
    ) -> task_pb2.MarkTaskOverdueResponse:
        _require_system(current_identity())
        now = utcnow()
        async with self.db.session() as session:
            task = await repository.get_task(session, request.task_id)
            if task is None:
                raise NotFound(f"no task {request.task_id!r}", field="task_id")
            if not task.overdue and task.status in (OPEN, CLAIMED):
                task.overdue = True
                # Overdue work rises to the top of every inbox.
                task.priority = max(task.priority, 75)
                task.version += 1
                session.add(task)
                repository.add_event(
                    session, task.id, "overdue", "system", now, f"due {as_utc(task.due_at).isoformat()}"
                )
            groups = await repository.candidate_groups(session, task.id)
        return task_pb2.MarkTaskOverdueResponse(task=await self._task_pb(task, groups))

    # --- called by people through the gateway ----------------------------------------------

    async def ListTasks(
        self, request: task_pb2.ListTasksRequest, context: aio.ServicerContext
    ) -> task_pb2.ListTasksResponse:
        identity = current_identity()
        view = domain.check_view(request.view or "mine")
        sort = domain.check_sort(request.sort, view)
        limit = page_size(request.page_size)
        after = _page_key(sort, decode_token(request.page_token))
        filters = _inbox_filter(request)
        async with self.db.session() as session:
            rows, total, capped = await repository.inbox_page(
                session, view, identity, filters, sort=sort, after=after, limit=limit + 1, now=utcnow()
            )
            groups = await repository.groups_of(session, [t.id for t in rows[:limit]])
        token = encode_token(repository.sort_key_values(rows[limit - 1], sort)) if len(rows) > limit else ""
        return task_pb2.ListTasksResponse(
            tasks=[await self._task_pb(t, groups[t.id]) for t in rows[:limit]],
            next_page_token=token,
            total=total,
            total_capped=capped,
        )

    async def CountTasks(
        self, request: task_pb2.CountTasksRequest, context: aio.ServicerContext
    ) -> task_pb2.CountTasksResponse:
        identity = current_identity()
        now = utcnow()
        counts = []
        async with self.db.session() as session:
            for view in domain.VIEWS:
                count, capped = await repository.inbox_count(session, view, identity, repository.InboxFilter(), now)
                counts.append(task_pb2.ViewCount(view=view, count=count, capped=capped))
        return task_pb2.CountTasksResponse(counts=counts)

    async def GetTask(self, request: task_pb2.GetTaskRequest, context: aio.ServicerContext) -> task_pb2.GetTaskResponse:
        task, groups = await self._load_visible(request.task_id, current_identity())
        return task_pb2.GetTaskResponse(task=await self._task_pb(task, groups, with_history=True))

    async def ClaimTask(
        self, request: task_pb2.ClaimTaskRequest, context: aio.ServicerContext
    ) -> task_pb2.ClaimTaskResponse:
        identity = current_identity()
        task, groups = await self._load_visible(request.task_id, identity)
        if not domain.may_claim(identity, _scope_of(task, groups)):
            raise PermissionDenied(f"you are in none of the candidate groups of task {task.id}")
        if task.status != OPEN:
            holder = f" by {task.assignee}" if task.assignee else ""
            raise ConcurrentChange(f"task {task.id} is already {task.status.lower()}{holder}", status=task.status)
        version = request.expected_version or task.version
        await self._change(task.id, version, "claimed", identity.subject, "", status=CLAIMED, assignee=identity.subject)
        return task_pb2.ClaimTaskResponse(task=await self._reload(task.id))

    async def ReleaseTask(
        self, request: task_pb2.ReleaseTaskRequest, context: aio.ServicerContext
    ) -> task_pb2.ReleaseTaskResponse:
        identity = current_identity()
        task, _ = await self._load_visible(request.task_id, identity)
        if task.status != CLAIMED:
            raise PreconditionFailed(f"task {task.id} is {task.status.lower()}, not claimed", status=task.status)
        if task.assignee != identity.subject and not domain.is_supervisor(identity):
            raise PermissionDenied(
                f"task {task.id} is held by {task.assignee}; only they or a supervisor may release it"
            )
        await self._change(task.id, task.version, "released", identity.subject, "", status=OPEN, assignee=None)
        return task_pb2.ReleaseTaskResponse(task=await self._reload(task.id))

    async def AssignTask(
        self, request: task_pb2.AssignTaskRequest, context: aio.ServicerContext
    ) -> task_pb2.AssignTaskResponse:
        identity = current_identity()
        if not domain.is_supervisor(identity):
            raise PermissionDenied("only supervisors assign tasks")
        assignee = request.assignee.strip()
        if not assignee or len(assignee) > 64:
            raise InvalidInput("assignee must be a username of 1–64 characters", field="assignee")
        task, _ = await self._load_visible(request.task_id, identity)
        if task.status not in (OPEN, CLAIMED):
            raise PreconditionFailed(f"task {task.id} is {task.status.lower()}", status=task.status)
        await self._change(
            task.id, task.version, "assigned", identity.subject, assignee, status=CLAIMED, assignee=assignee
        )
        return task_pb2.AssignTaskResponse(task=await self._reload(task.id))

    async def CompleteTask(
        self, request: task_pb2.CompleteTaskRequest, context: aio.ServicerContext
    ) -> task_pb2.CompleteTaskResponse:
        identity = current_identity()
        task, _ = await self._load_visible(request.task_id, identity)
        if task.status == COMPLETED:
            raise PreconditionFailed(f"task {task.id} is already completed ({task.outcome})", status=task.status)
        if task.status != CLAIMED or task.assignee != identity.subject:
            holder = f"it is held by {task.assignee}" if task.assignee else "nobody has claimed it"
            raise PreconditionFailed(f"you do not hold task {task.id}: {holder}; claim it first", status=task.status)
        allowed = [o for o in task.allowed_outcomes.split(",") if o]
        if request.outcome not in allowed:
            raise InvalidInput(
                f"outcome {request.outcome!r} is not allowed for this task; allowed: {', '.join(allowed)}",
                field="outcome",
            )
        form = domain.parse_form(domain.task_kind(task.kind), request.form_json, outcome=request.outcome)
        await send_completion(
            self.temporal,
            task.workflow_id,
            TaskCompletion(
                task_id=task.id,
                outcome=request.outcome,
                completed_by=identity.subject,
                form_json=json.dumps(form, ensure_ascii=False),
            ),
            task_age_seconds=(utcnow() - as_utc(task.created_at)).total_seconds(),
        )
        return task_pb2.CompleteTaskResponse(task=await self._reload(task.id))

    async def CancelTask(
        self, request: task_pb2.CancelTaskRequest, context: aio.ServicerContext
    ) -> task_pb2.CancelTaskResponse:
        identity = current_identity()
        if identity.has_role(scope.SYSTEM):
            return await self._cancel_for_workflow(request)
        if not identity.has_role(scope.ADMIN):
            raise PermissionDenied("only admins cancel tasks")
        reason = request.reason.strip()
        if not reason or len(reason) > 500:
            raise InvalidInput("a reason of 1–500 characters is required", field="reason")
        async with self.db.session() as session:
            task = await repository.get_task(session, request.task_id)
        if task is None:
            raise NotFound(f"no task {request.task_id!r}", field="task_id")
        if task.status not in (OPEN, CLAIMED):
            raise PreconditionFailed(f"task {task.id} is {task.status.lower()}, nothing to cancel", status=task.status)
        if await workflow_holds_task(self.temporal, task.workflow_id, task.id):
            raise PreconditionFailed(
                f"workflow {task.workflow_id} still waits on task {task.id}; "
                "complete it, or terminate the workflow first"
            )
        await self._change(task.id, task.version, "cancelled", identity.subject, reason, status=CANCELLED)
        log.warning("task cancelled", extra={"task_id": task.id, "actor": identity.subject, "reason": reason})
        return task_pb2.CancelTaskResponse(task=await self._reload(task.id))

    async def _cancel_for_workflow(self, request: task_pb2.CancelTaskRequest) -> task_pb2.CancelTaskResponse:
        """The owning workflow no longer needs the task (escalated past, order done). Idempotent."""
        now = utcnow()
        async with self.db.session() as session:
            task = await repository.get_task(session, request.task_id)
            if task is None:
                raise NotFound(f"no task {request.task_id!r}", field="task_id")
            if task.status in (OPEN, CLAIMED):
                task.status = CANCELLED
                task.version += 1
                session.add(task)
                repository.add_event(session, task.id, "cancelled", "system", now, request.reason[:500])
            groups = await repository.candidate_groups(session, task.id)
        return task_pb2.CancelTaskResponse(task=await self._task_pb(task, groups))

    async def _change(self, task_id: str, version: int, action: str, actor: str, detail: str, **values: object) -> None:
        now = utcnow()
        async with self.db.session() as session:
            if not await repository.conditional_update(session, task_id, version, **values):
                current = await repository.get_task(session, task_id)
                holder = (
                    f" (now {current.status.lower()} by {current.assignee})" if current and current.assignee else ""
                )
                raise ConcurrentChange(f"task {task_id} was changed by someone else first{holder}; reload and retry")
            repository.add_event(session, task_id, action, actor, now, detail)
        log.info("task %s", action, extra={"task_id": task_id, "actor": actor})

    async def _reload(self, task_id: str) -> task_pb2.Task:
        async with self.db.session() as session:
            task = await repository.get_task(session, task_id)
            assert task is not None
            groups = await repository.candidate_groups(session, task_id)
        return await self._task_pb(task, groups, with_history=True)


def _page_key(sort: str, raw: object) -> list[Any] | None:
    if raw is None:
        return None
    try:
        if not isinstance(raw, list):
            raise ValueError("not a list")
        return repository.parse_key_values(sort, raw)
    except (ValueError, TypeError) as exc:
        raise InvalidInput(
            "page_token is not a token this service issued for this view and sort", field="page_token"
        ) from exc


def _inbox_filter(request: task_pb2.ListTasksRequest) -> repository.InboxFilter:
    """The request's filters, checked: bad ranges are refused rather than silently emptied."""
    for name in ("priority_min", "priority_max"):
        if not 0 <= getattr(request, name) <= 100:
            raise InvalidInput(f"{name} must be within 0–100", field=name)
    if request.priority_max and request.priority_min > request.priority_max:
        raise InvalidInput("priority_min is above priority_max", field="priority_min")
    if len(request.text) > 100:
        raise InvalidInput("text is limited to 100 characters", field="text")
    due_from = as_utc(request.due_from.ToDatetime()) if request.HasField("due_from") else None
    due_before = as_utc(request.due_before.ToDatetime()) if request.HasField("due_before") else None
    if due_from and due_before and due_from >= due_before:
        raise InvalidInput("due_from must be before due_before", field="due_from")
    return repository.InboxFilter(
        kind=request.kind,
        case_no=request.case_no,
        community_code=request.community_code,
        company_code=request.company_code,
        track=request.track,
        escalation_level=request.escalation_level,
        due_from=due_from,
        due_before=due_before,
        priority_min=request.priority_min,
        priority_max=request.priority_max,
        text=request.text.strip(),
    )


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


def _require_system(identity: Identity) -> None:
    if not identity.has_role(scope.SYSTEM):
        raise PermissionDenied("only the case workflow manages task lifecycles")

"""Task actions by people through the gateway (claim, release, assign, complete) and cancellation."""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

from fengqiao.mediation.v1 import task_pb2
from grpc import aio

from contracts.tasks import TaskCompletion
from services.common import scope
from services.common.clock import as_utc, utcnow
from services.common.errors import ConcurrentChange, InvalidInput, NotFound, PermissionDenied, PreconditionFailed
from services.common.grpc_server import current_identity
from services.mediation.models import CANCELLED, CLAIMED, COMPLETED, OPEN, Task, TaskEvent
from services.mediation.tasks import domain, store
from services.mediation.tasks.completion import send_completion
from services.mediation.tasks.edge import TaskEdge, existing_task
from services.mediation.tasks.pb import scope_of, task_pb
from services.mediation.tasks.stuck import workflow_holds_task

log = logging.getLogger("fengqiao.mediation")


def _outcome_read(done: asyncio.Future[Any]) -> None:
    """A completion whose caller went away has nobody to hear its outcome: it is read here, so
    asyncio does not report it as never retrieved (the task row and the timeline show it)."""
    if not done.cancelled():
        done.exception()


class TaskActions(TaskEdge):
    async def ClaimTask(
        self, request: task_pb2.ClaimTaskRequest, context: aio.ServicerContext
    ) -> task_pb2.ClaimTaskResponse:
        identity = current_identity()
        async with self.db.session() as session:  # the check, the change and the answer: one transaction
            task, groups = await self._visible(session, request.task_id, identity)
            if not domain.may_claim(identity, scope_of(task, groups)):
                raise PermissionDenied(f"you are in none of the candidate groups of task {task.id}")
            if task.status != OPEN:
                holder = f" by {task.assignee}" if task.assignee else ""
                raise ConcurrentChange(f"task {task.id} is already {task.status.lower()}{holder}", status=task.status)
            version = request.expected_version or task.version
            claimed = await self._change_in(
                session,
                task,
                groups,
                version,
                "claimed",
                identity.subject,
                "",
                status=CLAIMED,
                assignee=identity.subject,
            )
        log.info("task claimed", extra={"task_id": claimed.id, "actor": identity.subject})
        return task_pb2.ClaimTaskResponse(task=claimed)

    async def ReleaseTask(
        self, request: task_pb2.ReleaseTaskRequest, context: aio.ServicerContext
    ) -> task_pb2.ReleaseTaskResponse:
        identity = current_identity()
        async with self.db.session() as session:
            task, groups = await self._visible(session, request.task_id, identity)
            if task.status != CLAIMED:
                raise PreconditionFailed(f"task {task.id} is {task.status.lower()}, not claimed", status=task.status)
            if task.assignee != identity.subject and not domain.is_supervisor(identity):
                raise PermissionDenied(
                    f"task {task.id} is held by {task.assignee}; only they or a supervisor may release it"
                )
            released = await self._change_in(
                session, task, groups, task.version, "released", identity.subject, "", status=OPEN, assignee=None
            )
        log.info("task released", extra={"task_id": released.id, "actor": identity.subject})
        return task_pb2.ReleaseTaskResponse(task=released)

    async def AssignTask(
        self, request: task_pb2.AssignTaskRequest, context: aio.ServicerContext
    ) -> task_pb2.AssignTaskResponse:
        identity = current_identity()
        if not domain.is_supervisor(identity):
            raise PermissionDenied("only supervisors assign tasks")
        assignee = request.assignee.strip()
        if not assignee or len(assignee) > 64:
            raise InvalidInput("assignee must be a username of 1–64 characters", field="assignee")
        async with self.db.session() as session:
            task, groups = await self._visible(session, request.task_id, identity)
            if task.status not in (OPEN, CLAIMED):
                raise PreconditionFailed(f"task {task.id} is {task.status.lower()}", status=task.status)
            assigned = await self._change_in(
                session,
                task,
                groups,
                task.version,
                "assigned",
                identity.subject,
                assignee,
                status=CLAIMED,
                assignee=assignee,
            )
        log.info("task assigned", extra={"task_id": assigned.id, "actor": identity.subject})
        return task_pb2.AssignTaskResponse(task=assigned)

    async def CompleteTask(
        self, request: task_pb2.CompleteTaskRequest, context: aio.ServicerContext
    ) -> task_pb2.CompleteTaskResponse:
        identity = current_identity()
        task, groups = await self._load_visible(request.task_id, identity)
        if task.status == COMPLETED:
            if task.completed_by == identity.subject and task.outcome == request.outcome:
                return await self._complete_again(task, identity.subject, request)
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
        completion = TaskCompletion(
            task_id=task.id,
            outcome=request.outcome,
            completed_by=identity.subject,
            form_json=json.dumps(form, ensure_ascii=False),
        )
        sending = self._complete(task, groups, completion)
        # A caller that goes away (a gateway replica killed, issue #12) cancels this call; the
        # update under way is not abandoned with it: it runs to its answer (bounded by
        # send_completion's own wait) and the row is written, so its outcome is in Temporal and
        # the row when the caller asks again.
        under_way = asyncio.ensure_future(sending)
        under_way.add_done_callback(_outcome_read)
        return task_pb2.CompleteTaskResponse(task=await asyncio.shield(under_way))

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
            task = await store.get_task(session, request.task_id)
        if task is None:
            raise NotFound(f"no task {request.task_id!r}", field="task_id")
        if task.status not in (OPEN, CLAIMED):
            raise PreconditionFailed(f"task {task.id} is {task.status.lower()}, nothing to cancel", status=task.status)
        if await workflow_holds_task(self.temporal, task.workflow_id, task.id):
            raise PreconditionFailed(
                f"workflow {task.workflow_id} still waits on task {task.id}; "
                "complete it, or terminate the workflow first"
            )
        cancelled = await self._change(task.id, task.version, "cancelled", identity.subject, reason, status=CANCELLED)
        log.warning("task cancelled", extra={"task_id": task.id, "actor": identity.subject, "reason": reason})
        return task_pb2.CancelTaskResponse(task=cancelled)

    async def _cancel_for_workflow(self, request: task_pb2.CancelTaskRequest) -> task_pb2.CancelTaskResponse:
        """The owning workflow no longer needs the task (escalated past, order done). Idempotent."""
        now = utcnow()
        async with self.db.session() as session:
            task = await existing_task(session, request.task_id)
            if task.status in (OPEN, CLAIMED):
                task.status = CANCELLED
                task.version += 1
                session.add(task)
                store.add_event(session, task.id, "cancelled", "system", now, request.reason[:500])
            groups = await store.candidate_groups(session, task.id)
        return task_pb2.CancelTaskResponse(task=await self._task_pb(task, groups))

    async def _complete(self, task: Task, groups: list[str], completion: TaskCompletion) -> task_pb2.Task:
        """The workflow's answer, then the row written from it (issue #19): the caller hears as soon
        as the workflow accepts. Should this service die between the two, the case workflow's next
        step writes the row (v6; before v6 the update itself wrote it, and this write finds it done).

        After the answer only the row is written: it comes back from its UPDATE (RETURNING), the
        candidate groups are those read before (a task's groups never change), and the history
        was read while the workflow decided — it is the answer's history when the row's version
        shows no change between the first read and the write (every change bumps it)."""
        age = (utcnow() - as_utc(task.created_at)).total_seconds()
        read_version = task.version
        earlier = asyncio.ensure_future(self._history(task.id))
        earlier.add_done_callback(_outcome_read)
        try:
            await send_completion(self.temporal, task.workflow_id, completion, task_age_seconds=age)
        except BaseException:
            earlier.cancel()
            raise
        now = utcnow()
        async with self.db.session() as session:
            if await store.write_completion(session, completion, now, into=task) is None:
                earlier.cancel()
                return await self._read(session, task.id)  # the workflow's step wrote it first
            if task.version != read_version + 1:  # changed meanwhile (marked overdue): read it all
                earlier.cancel()
                return task_pb(task, groups, await store.history(session, task.id))
        try:
            history = [*await earlier, store.completed_event(completion, now)]
        except Exception:  # the read failed (a dropped connection): the row is written, read it all
            return await self._reload(task.id)
        return task_pb(task, groups, history)

    async def _history(self, task_id: str) -> list[TaskEvent]:
        async with self.db.session() as session:
            return list(await store.history(session, task_id))

    async def _complete_again(
        self, task: Task, subject: str, request: task_pb2.CompleteTaskRequest
    ) -> task_pb2.CompleteTaskResponse:
        """The same person sends the same completion again, and the row says completed. Since v6
        the row is written only from the workflow's answer, so an accepted update stands behind
        it; before v6 it was written inside the update (a local activity, v4), and an update
        Temporal never kept (the worker running it killed before its workflow task was saved,
        issue #12) left the row completed while the workflow still held the task open. Sent again
        under the same update id: an update Temporal kept answers as before, a lost one is applied
        now, once; a workflow that refuses it or has ended means the completion was applied:
        "already completed"."""
        kind = domain.task_kind(task.kind)
        form = domain.parse_form(kind, request.form_json, outcome=request.outcome)
        completion = TaskCompletion(task.id, request.outcome, subject, json.dumps(form, ensure_ascii=False))
        try:
            await send_completion(self.temporal, task.workflow_id, completion, task_age_seconds=float("inf"))
        except PreconditionFailed as exc:
            raise PreconditionFailed(
                f"task {task.id} is already completed ({task.outcome})", status=task.status
            ) from exc
        return task_pb2.CompleteTaskResponse(task=await self._reload(task.id))

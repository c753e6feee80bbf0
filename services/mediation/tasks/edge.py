"""What every part of the task servicer shares: its adapters, visibility checks, versioned changes."""

from __future__ import annotations

import logging

from fengqiao.mediation.v1 import task_pb2
from sqlmodel.ext.asyncio.session import AsyncSession
from temporalio.client import Client

from services.common import scope
from services.common.clock import utcnow
from services.common.db import Database
from services.common.errors import ConcurrentChange, NotFound, PermissionDenied
from services.common.grpc_server import require_role
from services.common.identity import Identity
from services.mediation.calendar.store import CalendarStore
from services.mediation.deadlines.domain import PolicyBook
from services.mediation.models import Task
from services.mediation.tasks import domain, store
from services.mediation.tasks.pb import scope_of, task_pb

log = logging.getLogger("fengqiao.mediation")


class TaskEdge:
    """The task servicer's state and helpers; its RPCs live in lifecycle, reads and actions."""

    def __init__(self, db: Database, temporal: Client, calendars: CalendarStore, policies: PolicyBook) -> None:
        self.db = db
        self.temporal = temporal
        self.calendars = calendars
        self.policies = policies

    async def _task_pb(self, task: Task, groups: list[str], *, with_history: bool = False) -> task_pb2.Task:
        if not with_history:
            return task_pb(task, groups)
        async with self.db.session() as session:
            return task_pb(task, groups, await store.history(session, task.id))

    async def _load_visible(self, task_id: str, identity: Identity) -> tuple[Task, list[str]]:
        async with self.db.session() as session:
            return await self._visible(session, task_id, identity)

    @staticmethod
    async def _visible(session: AsyncSession, task_id: str, identity: Identity) -> tuple[Task, list[str]]:
        """The task and its candidate groups, read in `session`; PermissionDenied outside the
        caller's scope."""
        task = await existing_task(session, task_id)
        groups = await store.candidate_groups(session, task_id)
        if not domain.sees_task(identity, scope_of(task, groups)):
            raise PermissionDenied(f"task {task_id} is outside your organisations' scope")
        return task, groups

    async def _change(
        self, task_id: str, version: int, action: str, actor: str, detail: str, **values: object
    ) -> task_pb2.Task:
        """Applies the change if the task still has `version`; the task as it is then, with its
        history (one session: the change and the answer read together)."""
        async with self.db.session() as session:
            task = await existing_task(session, task_id)
            groups = await store.candidate_groups(session, task_id)
            changed = await self._change_in(session, task, groups, version, action, actor, detail, **values)
        log.info("task %s", action, extra={"task_id": task_id, "actor": actor})
        return changed

    @staticmethod
    async def _change_in(
        session: AsyncSession,
        task: Task,
        groups: list[str],
        version: int,
        action: str,
        actor: str,
        detail: str,
        **values: object,
    ) -> task_pb2.Task:
        """`_change` on a task (and its groups) read in `session` — the visibility check, the
        change and the answer in one transaction (issue #19: a claim was two sessions and
        sixteen round trips, now eight). The versioned UPDATE also brings `task` up to date in
        the session, so the answer needs only the history read after it."""
        if not await store.conditional_update(session, task, version, **values):
            await session.refresh(task)
            holder = f" (now {task.status.lower()} by {task.assignee})" if task.assignee else ""
            raise ConcurrentChange(f"task {task.id} was changed by someone else first{holder}; reload and retry")
        store.add_event(session, task.id, action, actor, utcnow(), detail)
        await session.flush()
        return task_pb(task, groups, await store.history(session, task.id))

    async def _reload(self, task_id: str) -> task_pb2.Task:
        async with self.db.session() as session:
            return await self._read(session, task_id)

    @staticmethod
    async def _read(session: AsyncSession, task_id: str) -> task_pb2.Task:
        """The task with its candidate groups and history, read in `session` (after its changes)."""
        await session.flush()
        task = await store.get_task(session, task_id)
        assert task is not None
        return task_pb(task, await store.candidate_groups(session, task_id), await store.history(session, task_id))


async def existing_task(session: AsyncSession, task_id: str) -> Task:
    """The task, or NotFound."""
    task = await store.get_task(session, task_id)
    if task is None:
        raise NotFound(f"no task {task_id!r}", field="task_id")
    return task


def require_system() -> Identity:
    """Task lifecycles (create, record, overdue) are the case workflows' alone."""
    return require_role(scope.SYSTEM, denied="only the case workflow manages task lifecycles")

"""Inbox reads for people through the gateway: a view's page, the views' counts, one task."""

from __future__ import annotations

from typing import Any

from fengqiao.mediation.v1 import task_pb2
from grpc import aio

from services.common.clock import as_utc, utcnow
from services.common.errors import InvalidInput
from services.common.grpc_server import current_identity
from services.common.messages import record_from
from services.common.paging import decode_token, encode_token, page_size
from services.mediation.tasks import domain, inbox, store
from services.mediation.tasks.edge import TaskEdge


class InboxReads(TaskEdge):
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
            rows, total, capped = await inbox.inbox_page(
                session, view, identity, filters, sort=sort, after=after, limit=limit + 1, now=utcnow()
            )
            groups = await store.groups_of(session, [t.id for t in rows[:limit]])
        token = encode_token(inbox.sort_key_values(rows[limit - 1], sort)) if len(rows) > limit else ""
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
                count, capped = await inbox.inbox_count(session, view, identity, inbox.InboxFilter(), now)
                counts.append(task_pb2.ViewCount(view=view, count=count, capped=capped))
        return task_pb2.CountTasksResponse(counts=counts)

    async def GetTask(self, request: task_pb2.GetTaskRequest, context: aio.ServicerContext) -> task_pb2.GetTaskResponse:
        task, groups = await self._load_visible(request.task_id, current_identity())
        return task_pb2.GetTaskResponse(task=await self._task_pb(task, groups, with_history=True))


def _page_key(sort: str, raw: object) -> list[Any] | None:
    if raw is None:
        return None
    try:
        if not isinstance(raw, list):
            raise ValueError("not a list")
        return inbox.parse_key_values(sort, raw)
    except (ValueError, TypeError) as exc:
        raise InvalidInput(
            "page_token is not a token this service issued for this view and sort", field="page_token"
        ) from exc


def _inbox_filter(request: task_pb2.ListTasksRequest) -> inbox.InboxFilter:
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
    return record_from(inbox.InboxFilter, request, due_from=due_from, due_before=due_before, text=request.text.strip())

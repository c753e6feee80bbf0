"""A task row as the Task proto, and the scope the visibility rules read from it."""

from __future__ import annotations

import json
from collections.abc import Sequence

from fengqiao.mediation.v1 import task_pb2

from contracts.task_kinds import TASK_KINDS
from services.common.messages import message_from
from services.mediation.models import CANCELLED, CLAIMED, COMPLETED, OPEN, Task, TaskEvent
from services.mediation.tasks import domain

STATUS_PB = {
    OPEN: task_pb2.TASK_STATUS_OPEN,
    CLAIMED: task_pb2.TASK_STATUS_CLAIMED,
    COMPLETED: task_pb2.TASK_STATUS_COMPLETED,
    CANCELLED: task_pb2.TASK_STATUS_CANCELLED,
}


def scope_of(task: Task, groups: list[str]) -> domain.TaskScope:
    return domain.TaskScope(
        candidate_groups=frozenset(groups),
        assignee=task.assignee,
        completed_by=task.completed_by,
        neighbourhood_code=task.neighbourhood_code,
        company_code=task.company_code,
    )


def task_pb(task: Task, groups: list[str], history: Sequence[TaskEvent] = ()) -> task_pb2.Task:
    """The task with its candidate groups and, when given, its history."""
    kind = TASK_KINDS.get(task.kind)
    return message_from(
        task_pb2.Task,
        task,
        candidate_groups=groups,
        status=STATUS_PB[task.status],
        allowed_outcomes=[o for o in task.allowed_outcomes.split(",") if o],
        form_schema_json=json.dumps(domain.form_schema(kind), ensure_ascii=False) if kind else "{}",
        history=[message_from(task_pb2.TaskEvent, event) for event in history],
    )

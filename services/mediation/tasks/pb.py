"""A task row as the Task proto, and the scope the visibility rules read from it."""

from __future__ import annotations

import json
from collections.abc import Sequence

from fengqiao.mediation.v1 import task_pb2

from contracts.task_kinds import TASK_KINDS
from services.common.timestamps import timestamp
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
    pb = task_pb2.Task(
        id=task.id,
        kind=task.kind,
        case_no=task.case_no,
        workflow_id=task.workflow_id,
        title=task.title,
        candidate_groups=groups,
        assignee=task.assignee or "",
        priority=task.priority,
        status=STATUS_PB[task.status],
        due_at=timestamp(task.due_at),
        overdue=task.overdue,
        allowed_outcomes=[o for o in task.allowed_outcomes.split(",") if o],
        form_schema_json=json.dumps(domain.form_schema(kind), ensure_ascii=False) if kind else "{}",
        outcome=task.outcome,
        completed_by=task.completed_by or "",
        created_at=timestamp(task.created_at),
        completed_at=timestamp(task.completed_at),
        version=task.version,
        community_code=task.community_code,
        neighbourhood_code=task.neighbourhood_code,
        company_code=task.company_code,
        track=task.track or "",
        escalation_level=task.escalation_level or "",
        follow_up_at=timestamp(task.follow_up_at),
        policy_version=task.policy_version,
    )
    for event in history:
        pb.history.append(
            task_pb2.TaskEvent(
                action=event.action,
                actor=event.actor,
                occurred_at=timestamp(event.occurred_at),
                detail=event.detail,
            )
        )
    return pb

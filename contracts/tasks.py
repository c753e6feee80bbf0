"""Human tasks as every workflow and the mediation service see them: the activity inputs that
create and cancel a task, and the completion update an inbox sends (DESIGN.md invariant 1).

A task id is the workflow id and a step number (``<workflow id>-t<step>``), so a retried
activity creates nothing twice.
"""

from __future__ import annotations

from dataclasses import dataclass

COMPLETE_TASK_UPDATE = "complete_task"
# The inbox's views of tasks, as the mediation service serves them and the console offers them.
VIEWS = ("mine", "group", "all", "completed", "overdue")


def priority_label(priority: int) -> str:
    """A task's priority (0–100) in four bands: low / medium / high / urgent."""
    if priority >= 75:
        return "urgent"
    if priority >= 50:
        return "high"
    if priority >= 25:
        return "medium"
    return "low"


def task_id(workflow_id: str, step: int) -> str:
    return f"{workflow_id}-t{step}"


@dataclass(frozen=True)
class NewTask:
    task_id: str
    kind: str
    case_no: str
    workflow_id: str
    title: str
    candidate_groups: list[str]
    allowed_outcomes: list[str]
    deadline_policy: str
    community_code: str
    neighbourhood_code: str
    company_code: str
    priority: int = 50
    # ISO 8601; when set, the task's due time instead of the deadline policy's.
    due_at: str = ""
    # Inbox filters (issue #4); the workflow fills them when it knows the track and level.
    track: str = ""
    escalation_level: str = ""
    # The deadline-policy version the case started with; "" for the current one.
    policy_version: str = ""
    # The deadline-policy entry that times a reminder before the deadline; "" for none.
    follow_up_policy: str = ""


@dataclass(frozen=True)
class CreatedTask:
    task_id: str
    # ISO 8601 with offset; computed by the mediation service from the working-day calendar.
    due_at: str
    # The deadline-policy version that timed the task (the case keeps passing it on).
    policy_version: str = ""


@dataclass(frozen=True)
class TaskCancellation:
    task_id: str
    reason: str


@dataclass(frozen=True)
class TaskCompletion:
    """A person completing a human task, sent as a Temporal update."""

    task_id: str
    outcome: str
    completed_by: str
    form_json: str = "{}"


@dataclass(frozen=True)
class CompletionAccepted:
    task_id: str
    outcome: str
    case_status: str

"""What the outside world needs to talk to DisputeCaseWorkflow: names and input/output types.

Services import this module, never the workflow code itself. Keep it free of personal data:
payloads land in Temporal history.
"""

from __future__ import annotations

from dataclasses import dataclass, field

WORKFLOW_NAME = "DisputeCaseWorkflow"
COMPLETE_TASK_UPDATE = "complete_task"
STATUS_QUERY = "status"


def workflow_id(case_no: str) -> str:
    return f"case-{case_no}"


@dataclass(frozen=True)
class CaseInput:
    """Facts the workflow needs to route a case. No names, phones or addresses."""

    case_no: str
    community_code: str
    neighbourhood_code: str
    company_code: str
    category: str = ""
    channel: str = ""
    # Where hard cases go: the subdistrict's street center and the district center (from the registry).
    street_center_code: str = ""
    district_center_code: str = ""


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


@dataclass
class CaseState:
    """What the status query returns."""

    case_no: str
    status: str
    open_task_id: str = ""
    open_task_kind: str = ""
    step: int = 0
    reopen_count: int = 0
    history: list[str] = field(default_factory=list)
    track: str = ""
    escalation_level: str = ""
    # Every open task as "<task id>:<kind>", in creation order.
    open_tasks: list[str] = field(default_factory=list)

"""What the outside world needs to talk to DisputeCaseWorkflow: names and input/output types.

Services import this module, never the workflow code itself. Keep it free of personal data:
payloads land in Temporal history.
"""

from __future__ import annotations

from dataclasses import dataclass, field

WORKFLOW_NAME = "DisputeCaseWorkflow"
STATUS_QUERY = "status"

# The values a case's status, track and escalation level take: in the case record (intake) and in
# the workflow's search attributes alike.
CASE_STATUSES = ("RECEIVED", "TRIAGE", "IN_PROGRESS", "RESOLVED", "CALLBACK", "CLOSED", "MERGED", "REFERRED")
TRACKS = ("DESIGNATED", "CONSULTATION", "PROFESSIONAL")
ESCALATION_LEVELS = ("COMMUNITY", "STREET", "DISTRICT")


def workflow_id(case_no: str) -> str:
    return f"case-{case_no}"


@dataclass(frozen=True)
class CaseResume:
    """Where a case continued-as-new picks up (DESIGN.md invariant 5), and what it had counted.

    stage: "triage" (the next round starts at triage), "designated" (handling starts at `level`),
    or "rectification" (a new order at `level` with `requirements`)."""

    stage: str
    level: str = ""
    step: int = 0
    reopen_count: int = 0
    orders: int = 0
    highest_level: str = ""
    track: str = ""
    responded_on_time: bool = True
    resolved_level: str = ""
    requirements: str = ""
    extension_used: bool = False
    history: list[str] = field(default_factory=list)
    runs: int = 1
    policy_version: str = ""
    # ISO 8601: when the case was received, first answered at triage, last resolved.
    received_at: str = ""
    responded_at: str = ""
    resolved_at: str = ""


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
    # The deadline-policy version the case runs under ("" = the version its first task gets,
    # which it keeps: a running case is not re-timed by a newer policy).
    policy_version: str = ""
    # Continue-as-new once history holds this many events (0: the default); tests set it low.
    history_threshold: int = 0
    # Set when this run continues an earlier one of the same case.
    resume: CaseResume | None = None


# The status query's history comes a page at a time: a case that runs for months would otherwise
# answer with every entry of its run.
STATUS_HISTORY_PAGE = 100


@dataclass
class StatusPage:
    """Which entries of the history the status query returns: at most `limit` (1–STATUS_HISTORY_PAGE),
    ending just before entry number `before` (0: the newest)."""

    limit: int = STATUS_HISTORY_PAGE
    before: int = 0


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
    # How many runs the case has taken (continue-as-new), this one included.
    runs: int = 1
    # `history` is entries history_from … history_from + len(history) - 1 of history_total; ask
    # StatusPage(before=history_from) for the ones before.
    history_total: int = 0
    history_from: int = 0

"""What the outside world needs to start and watch TakeoverWorkflow (大包小、新带旧、好补差)."""

from __future__ import annotations

from dataclasses import dataclass, field

WORKFLOW_NAME = "TakeoverWorkflow"
STATUS_QUERY = "status"

# The handover checklist (交接清单) every community goes through.
CHECKLIST = ("keys", "archives", "facilities", "accounts", "staff")
DEFAULT_PROBATION_DAYS = 90


def workflow_id(bundle_id: str) -> str:
    return f"takeover-{bundle_id}"


@dataclass(frozen=True)
class TakeoverInput:
    bundle_id: str
    lead_company_code: str
    community_codes: list[str]
    street_center_code: str
    # How long a community is looked after before acceptance (well managed or not yet).
    probation_days: int = DEFAULT_PROBATION_DAYS
    # When set, the probation lasts this many seconds instead (a stack on a real clock in tests).
    probation_seconds: int = 0


@dataclass
class TakeoverState:
    status: str
    handed_over: list[str] = field(default_factory=list)
    well_managed: bool = False
    open_task_id: str = ""

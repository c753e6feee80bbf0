"""What the outside world needs to start and watch SupervisionWorkflow (挂牌督办)."""

from __future__ import annotations

from dataclasses import dataclass

WORKFLOW_NAME = "SupervisionWorkflow"
STATUS_QUERY = "status"


def workflow_id(change_id: str) -> str:
    """One supervision per black-list standing change."""
    return f"supervision-{change_id}"


@dataclass(frozen=True)
class SupervisionInput:
    change_id: str
    company_code: str
    subdistrict_code: str
    street_center_code: str
    reason: str
    # True between quarters: the black listing itself waits for a director's approval first.
    needs_approval: bool = False
    max_rounds: int = 3


@dataclass
class SupervisionState:
    status: str
    rounds: int = 0
    open_task_id: str = ""

"""What the outside world needs to start and watch QuarterlyReviewWorkflow."""

from __future__ import annotations

from dataclasses import dataclass, field

WORKFLOW_NAME = "QuarterlyReviewWorkflow"
STATUS_QUERY = "status"


def schedule_id(subdistrict_code: str) -> str:
    """One Temporal Schedule per subdistrict."""
    return f"quarterly-review-{subdistrict_code}"


def workflow_id(subdistrict_code: str, quarter: str) -> str:
    return f"review-{subdistrict_code}-{quarter}"


@dataclass(frozen=True)
class ReviewInput:
    """Started by the subdistrict's schedule. An empty quarter means "the quarter it is now"."""

    subdistrict_code: str
    street_center_code: str
    quarter: str = ""
    window_days: int = 14
    remind_after_days: int = 7


@dataclass
class ReviewState:
    review_id: str = ""
    quarter: str = ""
    status: str = "STARTED"
    open_task_id: str = ""
    computations: int = 0
    supervisions: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ReviewSummary:
    review_id: str
    companies: int
    red: int
    black: int
    approved_by: str
    supervisions: list[str]

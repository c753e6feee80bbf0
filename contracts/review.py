"""What the outside world needs to start and watch QuarterlyReviewWorkflow."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

WORKFLOW_NAME = "QuarterlyReviewWorkflow"
STATUS_QUERY = "status"
# Quarters are named by the Shanghai calendar, in the workflow and in the evaluation service alike.
_SHANGHAI = ZoneInfo("Asia/Shanghai")


def quarter_of(moment: datetime) -> str:
    """The quarter a moment falls in ("2026Q4"), by the Shanghai calendar."""
    local = moment.astimezone(_SHANGHAI)
    return f"{local.year}Q{(local.month - 1) // 3 + 1}"


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

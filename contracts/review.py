"""What the outside world needs to start and watch QuarterlyReviewWorkflow."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
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
    # Seconds instead of days when above 0: a review opened by hand for a compressed-time run.
    window_seconds: float = 0.0
    remind_after_seconds: float = 0.0

    def window(self) -> timedelta:
        return timedelta(seconds=self.window_seconds) if self.window_seconds > 0 else timedelta(days=self.window_days)

    def remind_after(self) -> timedelta:
        if self.remind_after_seconds > 0:
            return timedelta(seconds=self.remind_after_seconds)
        return timedelta(days=self.remind_after_days)


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

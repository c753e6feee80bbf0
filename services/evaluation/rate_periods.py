"""Periods of the live three rates — this month, this quarter or custom dates — as UTC bounds of
whole days in Asia/Shanghai. No I/O: `now` is given."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from services.common.clock import SHANGHAI
from services.common.errors import InvalidInput

PERIODS = ("month", "quarter", "custom")
# A custom period longer than this is refused: the rates answer stays one quick query.
MAX_DAYS = 3 * 366


def _day(value: str, field: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise InvalidInput(f"{field} must be a date like 2026-10-01; got {value!r}", field=field) from exc


def period_dates(period: str, from_date: str, to_date: str, now: datetime) -> tuple[date, date]:
    """First and last day (both included) of the period, local dates in Asia/Shanghai."""
    today = now.astimezone(SHANGHAI).date()
    if period in ("", "month"):
        first = today.replace(day=1)
        nxt = date(first.year + 1, 1, 1) if first.month == 12 else date(first.year, first.month + 1, 1)
        return first, nxt - timedelta(days=1)
    if period == "quarter":
        month = 3 * ((today.month - 1) // 3) + 1
        first = date(today.year, month, 1)
        nxt = date(today.year + 1, 1, 1) if month == 10 else date(today.year, month + 3, 1)
        return first, nxt - timedelta(days=1)
    if period != "custom":
        raise InvalidInput(f"period must be one of {', '.join(PERIODS)}; got {period!r}", field="period")
    first, last = _day(from_date, "from_date"), _day(to_date, "to_date")
    if last < first:
        raise InvalidInput("to_date is before from_date", field="to_date")
    if (last - first).days >= MAX_DAYS:
        raise InvalidInput(f"a period spans at most {MAX_DAYS} days", field="to_date")
    return first, last


def utc_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    """[start, end) in UTC: from midnight of `first` to midnight after `last`, Shanghai time."""
    start = datetime(first.year, first.month, first.day, tzinfo=SHANGHAI)
    end = datetime(last.year, last.month, last.day, tzinfo=SHANGHAI) + timedelta(days=1)
    return start.astimezone(UTC), end.astimezone(UTC)

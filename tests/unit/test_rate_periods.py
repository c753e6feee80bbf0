"""The rates' periods: this month and this quarter as Asia/Shanghai sees the day, custom dates."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from services.common.errors import InvalidInput
from services.evaluation.rate_periods import period_dates, utc_bounds

# 00:30 on New Year's Day in Shanghai is still 31 December in UTC.
NEW_YEAR = datetime(2026, 12, 31, 16, 30, tzinfo=UTC)


def test_this_month_and_quarter_follow_the_local_day() -> None:
    assert period_dates("month", "", "", NEW_YEAR) == (date(2027, 1, 1), date(2027, 1, 31))
    assert period_dates("quarter", "", "", NEW_YEAR) == (date(2027, 1, 1), date(2027, 3, 31))
    before = datetime(2026, 12, 31, 15, 59, tzinfo=UTC)  # 23:59 on 31 December in Shanghai
    assert period_dates("", "", "", before) == (date(2026, 12, 1), date(2026, 12, 31))
    assert period_dates("quarter", "", "", before) == (date(2026, 10, 1), date(2026, 12, 31))
    assert period_dates("month", "", "", datetime(2028, 2, 10, tzinfo=UTC)) == (date(2028, 2, 1), date(2028, 2, 29))


def test_a_custom_period_is_whole_local_days() -> None:
    first, last = period_dates("custom", "2026-10-01", "2026-10-31", NEW_YEAR)
    assert utc_bounds(first, last) == (datetime(2026, 9, 30, 16, tzinfo=UTC), datetime(2026, 10, 31, 16, tzinfo=UTC))


@pytest.mark.parametrize(
    ("period", "start", "end", "field"),
    [("week", "", "", "period"), ("custom", "10/01", "2026-10-02", "from_date"),
     ("custom", "2026-10-02", "2026-10-01", "to_date"), ("custom", "2023-01-01", "2026-12-31", "to_date")],
)  # fmt: skip
def test_bad_periods_name_their_field(period: str, start: str, end: str, field: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        period_dates(period, start, end, NEW_YEAR)
    assert refused.value.field == field

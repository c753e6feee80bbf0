from datetime import UTC, date, datetime

import pytest

from services.common.clock import SHANGHAI
from services.common.errors import InvalidInput
from services.mediation.calendar import load_calendar, load_policy

CAL = load_calendar()
POLICY = load_policy()


def test_weekends_holidays_and_make_up_days() -> None:
    assert CAL.is_working_day(date(2026, 11, 27))  # Friday
    assert not CAL.is_working_day(date(2026, 11, 28))  # Saturday
    assert not CAL.is_working_day(date(2026, 10, 1))  # National Day
    assert CAL.is_working_day(date(2026, 10, 10))  # Saturday, make-up working day
    assert CAL.is_working_day(date(2026, 2, 14))  # Saturday before the Spring Festival, worked


def test_one_working_day_skips_the_national_day_holiday() -> None:
    filed = datetime(2026, 9, 30, 10, 0, tzinfo=SHANGHAI)
    due = POLICY.due_at("first_response", filed, CAL)
    assert due == datetime(2026, 10, 9, 0, 0, tzinfo=SHANGHAI)  # end of Thursday 8 October


def test_friday_complaint_is_due_by_the_end_of_monday() -> None:
    filed = datetime(2026, 11, 27, 17, 30, tzinfo=SHANGHAI)
    assert POLICY.due_at("first_response", filed, CAL) == datetime(2026, 12, 1, 0, 0, tzinfo=SHANGHAI)


def test_late_evening_utc_counts_in_shanghai() -> None:
    # 2026-11-29 20:00 UTC is Monday 04:00 in Shanghai: the next working day is Tuesday.
    filed = datetime(2026, 11, 29, 20, 0, tzinfo=UTC)
    assert POLICY.due_at("callback", filed, CAL) == datetime(2026, 12, 2, 0, 0, tzinfo=SHANGHAI)


def test_calendar_days_for_rectification() -> None:
    ordered = datetime(2026, 9, 30, 9, 0, tzinfo=SHANGHAI)
    assert POLICY.due_at("rectification", ordered, CAL) == datetime(2026, 10, 8, 0, 0, tzinfo=SHANGHAI)


def test_unknown_policy_is_an_input_error() -> None:
    with pytest.raises(InvalidInput, match="no deadline policy"):
        POLICY.due_at("whenever", datetime.now(UTC), CAL)

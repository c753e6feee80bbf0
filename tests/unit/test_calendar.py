"""The working-day calendar: package years, imported years, the weekday fallback and its warning."""

from datetime import UTC, date, datetime

import pytest

from services.common.clock import SHANGHAI
from services.common.errors import InvalidInput
from services.mediation.calendar.domain import (
    HOLIDAY,
    IMPORTED,
    NONE,
    PACKAGE,
    WORKDAY,
    CalendarDay,
    WorkCalendar,
    coverage_warnings,
    package_data,
)
from services.mediation.deadlines.domain import load_policies
from services.mediation.models import Task
from services.mediation.tasks.lifecycle import _created_detail

PACKAGE_DATA = package_data()
CAL = WorkCalendar.compose(PACKAGE_DATA, {})
POLICY = load_policies().select("2026.1")

# The State Council's 2027 arrangement as an admin would import it (a made-up Spring Festival week).
SPRING_2027 = [CalendarDay(date(2027, 2, d), HOLIDAY, "春节") for d in range(6, 13)] + [
    CalendarDay(date(2027, 2, 14), WORKDAY, "春节补班")
]


def test_the_package_covers_whole_years_and_2026() -> None:
    assert 2026 in PACKAGE_DATA.years and 2004 in PACKAGE_DATA.years
    assert CAL.source_of(2026) == PACKAGE and CAL.source_of(2015) == PACKAGE
    assert CAL.source_of(2100) == NONE


def test_weekends_holidays_and_make_up_days() -> None:
    assert CAL.is_working_day(date(2026, 11, 27))  # Friday
    assert not CAL.is_working_day(date(2026, 11, 28))  # Saturday
    assert not CAL.is_working_day(date(2026, 10, 1))  # National Day
    assert CAL.is_working_day(date(2026, 10, 10))  # Saturday, make-up working day
    assert CAL.is_working_day(date(2026, 2, 14))  # Saturday before the Spring Festival, worked
    assert not CAL.is_working_day(date(2020, 1, 31))  # the Spring Festival holiday extended in 2020


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


def test_a_year_nobody_covers_falls_back_to_weekdays() -> None:
    # Friday 5 February 2027: without data, Monday the 8th is the next working day.
    filed = datetime(2027, 2, 5, 10, 0, tzinfo=SHANGHAI)
    assert POLICY.due_at("first_response", filed, CAL) == datetime(2027, 2, 9, 0, 0, tzinfo=SHANGHAI)
    assert CAL.uncovered_years(date(2026, 12, 30), date(2027, 1, 4)) == [2027]
    assert CAL.uncovered_years(date(2026, 1, 5), date(2026, 1, 9)) == []


def test_an_imported_year_times_deadlines() -> None:
    cal = WorkCalendar.compose(PACKAGE_DATA, {2027: SPRING_2027})
    assert cal.source_of(2027) == IMPORTED and cal.source_of(2026) == PACKAGE
    filed = datetime(2027, 2, 5, 10, 0, tzinfo=SHANGHAI)
    # The holiday runs to Friday 12 February; Sunday the 14th is worked.
    assert POLICY.due_at("first_response", filed, cal) == datetime(2027, 2, 15, 0, 0, tzinfo=SHANGHAI)
    assert [d.day for d in cal.days_of(2027)][-1] == date(2027, 2, 14)


def test_an_imported_year_replaces_the_package_year_whole() -> None:
    # An admin's correction of 2026 with only New Year: the package's National Day no longer counts.
    cal = WorkCalendar.compose(PACKAGE_DATA, {2026: [CalendarDay(date(2026, 1, 1), HOLIDAY, "元旦")]})
    assert cal.source_of(2026) == IMPORTED
    assert cal.is_working_day(date(2026, 10, 1)) and not cal.is_working_day(date(2026, 1, 1))
    assert not cal.is_working_day(date(2026, 10, 10))  # the package's make-up Saturday is gone too
    assert not cal.is_working_day(date(2025, 10, 1))  # other package years unchanged


def test_coverage_warns_for_missing_years_only() -> None:
    [warning] = coverage_warnings(CAL, date(2026, 3, 1))
    assert warning.year == 2027 and "from 1 January" in warning.message and "import" in warning.message
    assert {w.year for w in coverage_warnings(CAL, date(2027, 2, 1))} == {2027, 2028}
    assert "already wrong" in coverage_warnings(CAL, date(2027, 2, 1))[0].message
    full = WorkCalendar.compose(PACKAGE_DATA, {2027: SPRING_2027})
    assert coverage_warnings(full, date(2026, 12, 1)) == []


def test_a_task_timed_across_an_uncovered_year_says_so() -> None:
    created = datetime(2026, 12, 30, 10, 0, tzinfo=SHANGHAI)
    due = POLICY.due_at("designated_handling", created, CAL)
    task = Task(created_at=created, due_at=due, policy_version="2026.1")
    detail = _created_detail(task, CAL)
    assert "by policy 2026.1" in detail and "no holiday data for 2027: weekdays counted" in detail
    covered = WorkCalendar.compose(PACKAGE_DATA, {2027: SPRING_2027})
    assert "no holiday data" not in _created_detail(task, covered)

"""Reading admins' calendar files: CSV and iCalendar, and every mistake named by its line."""

from __future__ import annotations

from datetime import date

import pytest

from services.common.errors import InvalidInput
from services.mediation.calendar.domain import HOLIDAY, WORKDAY, CalendarDay
from services.mediation.calendar.importer import CSV, ICALENDAR, parse

GOOD_CSV = """date,kind,name
2027-01-01,holiday,元旦
# the Spring Festival
2027-02-06,holiday,春节
2027-02-14,workday,春节补班
"""

GOOD_ICS = "\r\n".join(
    [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//State Council arrangement 2027//ZH",
        "BEGIN:VEVENT",
        "UID:a@example",
        "DTSTART;VALUE=DATE:20270206",
        "DTEND;VALUE=DATE:20270209",
        "SUMMARY:春节 休",
        "END:VEVENT",
        "BEGIN:VEVENT",
        "UID:b@example",
        "DTSTART;VALUE=DATE:20270214",
        "SUMMARY:春节 补班",
        "END:VEVENT",
        "BEGIN:VEVENT",
        "UID:c@example",
        "DTSTART;VALUE=DATE:20270925",
        "CATEGORIES:WORKDAY",
        "SUMMARY:国庆节调",
        " 整上班",
        "END:VEVENT",
        "BEGIN:VEVENT",
        "UID:d@example",
        "DTSTART:20270101T000000",
        "CATEGORIES:HOLIDAY",
        "SUMMARY:元旦",
        "END:VEVENT",
        "END:VCALENDAR",
        "",
    ]
)


def _errors(fmt: str, content: str) -> list[str]:
    with pytest.raises(InvalidInput) as raised:
        parse(fmt, content)
    assert raised.value.field == "content"
    errors: list[str] = raised.value.details["errors"]
    assert errors[0] in raised.value.message
    return errors


def test_csv_days_with_header_comments_and_names() -> None:
    assert parse(CSV, GOOD_CSV) == [
        CalendarDay(date(2027, 1, 1), HOLIDAY, "元旦"),
        CalendarDay(date(2027, 2, 6), HOLIDAY, "春节"),
        CalendarDay(date(2027, 2, 14), WORKDAY, "春节补班"),
    ]
    assert parse(CSV, "2027-01-01,HOLIDAY\n") == [CalendarDay(date(2027, 1, 1), HOLIDAY, "")]


def test_csv_errors_name_every_bad_line() -> None:
    content = "date,kind,name\n2027-01-01,holiday,元旦\n2027-13-01,holiday,x\n2027-02-06,day off,春节\n2027-01-01,holiday,again\n2027-02-10,workday,周三\nonly-one-column\n"
    assert _errors(CSV, content) == [
        "line 3: '2027-13-01' is not a date like 2027-01-01",
        "line 4: kind must be holiday or workday, not 'day off'",
        "line 7: expected 3 columns date,kind,name, found 1",
        "line 5: 2027-01-01 is listed again (first on line 2)",
        "line 6: 2027-02-10 is a Wednesday; a make-up working day falls on a weekend",
    ]


def test_empty_and_oversized_files_are_refused() -> None:
    with pytest.raises(InvalidInput, match="empty"):
        parse(CSV, "  \n")
    with pytest.raises(InvalidInput, match="lists no days"):
        parse(CSV, "date,kind,name\n")
    with pytest.raises(InvalidInput, match="larger than"):
        parse(CSV, "2027-01-01,holiday,x\n" * 60_000)
    with pytest.raises(InvalidInput, match="format must be"):
        parse("xlsx", "2027-01-01,holiday,x\n")


def test_icalendar_spans_kinds_and_folded_lines() -> None:
    days = parse(ICALENDAR, GOOD_ICS)
    assert [(d.day.isoformat(), d.kind) for d in days] == [
        ("2027-02-06", HOLIDAY),
        ("2027-02-07", HOLIDAY),
        ("2027-02-08", HOLIDAY),  # DTEND is exclusive
        ("2027-02-14", WORKDAY),  # 班 in the summary
        ("2027-09-25", WORKDAY),  # CATEGORIES:WORKDAY; the folded summary is joined
        ("2027-01-01", HOLIDAY),
    ]
    assert days[4].name == "国庆节调整上班"


def test_icalendar_errors_name_their_lines() -> None:
    content = "\n".join(
        [
            "BEGIN:VCALENDAR",
            "BEGIN:VEVENT",
            "SUMMARY:no start",
            "END:VEVENT",
            "BEGIN:VEVENT",
            "DTSTART;VALUE=DATE:2027-02-06",
            "END:VEVENT",
            "BEGIN:VEVENT",
            "DTSTART;VALUE=DATE:20270210",
            "DTEND;VALUE=DATE:20270209",
            "END:VEVENT",
            "BEGIN:VEVENT",
            "DTSTART;VALUE=DATE:20270101",
            "RRULE:FREQ=YEARLY",
            "END:VEVENT",
            "BEGIN:VEVENT",
            "DTSTART;VALUE=DATE:20270301",
            "END:VCALENDAR",
        ]
    )
    assert _errors(ICALENDAR, content) == [
        "line 2: the event has no DTSTART",
        "line 6: DTSTART '2027-02-06' is not a date like 20270101",
        "line 10: DTEND 2027-02-09 is not after DTSTART 2027-02-10",
        "line 14: recurring events (RRULE) are not supported: list each year's days",
        "line 16: the event begun here has no END:VEVENT",
    ]


def test_a_file_that_is_not_icalendar_is_named() -> None:
    assert _errors(ICALENDAR, GOOD_CSV) == ["line 1: an iCalendar file starts with BEGIN:VCALENDAR"]

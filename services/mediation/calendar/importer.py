"""Reading an admin's calendar file (CSV or iCalendar) into holidays and make-up working days.

CSV: columns `date,kind,name` (an optional header row with exactly those names); `kind` is
`holiday` or `workday`; `date` is ISO 8601 (2027-01-01).

iCalendar: every VEVENT with an all-day DTSTART (and optional DTEND, exclusive, for a span of
days) is one holiday or make-up working day per date. An event is a make-up working day when its
CATEGORIES name WORKDAY, or its CATEGORIES or SUMMARY contain 班 (班, 补班, 上班, 调休上班) — the
way Chinese holiday feeds mark them; every other event is a holiday. The SUMMARY is the day's name.

Every mistake is reported with its line number, all of them at once, and nothing is imported.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from services.common.errors import InvalidInput
from services.mediation.calendar.domain import HOLIDAY, WORKDAY, CalendarDay, DayKind

CSV, ICALENDAR = "csv", "ics"
MAX_BYTES = 1_000_000
# Years an import may name: well past any State Council arrangement, short of a typo like 20277.
FIRST_YEAR, LAST_YEAR = 2000, 2100
# A holiday longer than this is a mistyped DTEND, not a holiday.
MAX_EVENT_DAYS = 31
_MAX_REPORTED = 20


@dataclass(frozen=True)
class ParsedDay:
    day: CalendarDay
    line: int


class _Errors:
    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, line: int, message: str) -> None:
        self.items.append(f"line {line}: {message}")

    def raise_if_any(self, fmt: str) -> None:
        if self.items:
            shown = self.items[:_MAX_REPORTED]
            more = f" (and {len(self.items) - len(shown)} more)" if len(self.items) > len(shown) else ""
            raise InvalidInput(
                f"the {fmt} calendar file has {len(self.items)} error(s); {shown[0]}{more}",
                field="content",
                errors=shown,
            )


def parse(fmt: str, content: str) -> list[CalendarDay]:
    """The days a file lists, checked as a whole (dates, kinds, duplicates, weekday sense)."""
    if len(content.encode("utf-8")) > MAX_BYTES:
        raise InvalidInput(f"the calendar file is larger than {MAX_BYTES} bytes", field="content")
    if not content.strip():
        raise InvalidInput("the calendar file is empty", field="content")
    errors = _Errors()
    if fmt == CSV:
        parsed = list(_parse_csv(content, errors))
    elif fmt == ICALENDAR:
        parsed = list(_parse_ics(content, errors))
    else:
        raise InvalidInput(f"format must be {CSV} or {ICALENDAR}, not {fmt!r}", field="format")
    _check_days(parsed, errors)
    errors.raise_if_any(fmt)
    if not parsed:
        raise InvalidInput("the calendar file lists no days", field="content")
    return [p.day for p in parsed]


def _check_days(parsed: list[ParsedDay], errors: _Errors) -> None:
    first_line: dict[date, int] = {}
    for p in parsed:
        d = p.day.day
        if not FIRST_YEAR <= d.year <= LAST_YEAR:
            errors.add(p.line, f"{d.isoformat()} is outside {FIRST_YEAR}–{LAST_YEAR}")
        if d in first_line:
            errors.add(p.line, f"{d.isoformat()} is listed again (first on line {first_line[d]})")
        first_line.setdefault(d, p.line)
        # A make-up working day is a weekend day worked in exchange for a holiday; on a weekday it
        # changes nothing, so it is almost certainly a wrong date.
        if p.day.kind == WORKDAY and d.weekday() < 5:
            errors.add(p.line, f"{d.isoformat()} is a {d.strftime('%A')}; a make-up working day falls on a weekend")


# --- CSV ---------------------------------------------------------------------------------


def _parse_csv(content: str, errors: _Errors) -> Iterator[ParsedDay]:
    for line_no, row in enumerate(csv.reader(io.StringIO(content.lstrip("\ufeff"))), start=1):
        cells = [c.strip() for c in row]
        if not any(cells) or cells[0].startswith("#"):
            continue
        if line_no == 1 and [c.lower() for c in cells[:3]] == ["date", "kind", "name"]:
            continue
        if len(cells) not in (2, 3):
            errors.add(line_no, f"expected 3 columns date,kind,name, found {len(cells)}")
            continue
        day = _iso_date(cells[0], line_no, errors)
        kinds: dict[str, DayKind] = {HOLIDAY: HOLIDAY, WORKDAY: WORKDAY}
        kind = kinds.get(cells[1].lower())
        if kind is None:
            errors.add(line_no, f"kind must be {HOLIDAY} or {WORKDAY}, not {cells[1]!r}")
            continue
        if day is not None:
            yield ParsedDay(CalendarDay(day, kind, cells[2][:100] if len(cells) == 3 else ""), line_no)


def _iso_date(text: str, line_no: int, errors: _Errors) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        errors.add(line_no, f"{text!r} is not a date like 2027-01-01")
        return None


# --- iCalendar ---------------------------------------------------------------------------


@dataclass
class _Property:
    name: str
    params: dict[str, str]
    value: str
    line: int


def _unfold(content: str) -> Iterator[tuple[int, str]]:
    """Logical lines with the physical line each starts on (RFC 5545 folds long lines with a
    leading space or tab on the continuation)."""
    current: tuple[int, str] | None = None
    for line_no, raw in enumerate(content.lstrip("\ufeff").splitlines(), start=1):
        if raw[:1] in (" ", "\t") and current is not None:
            current = (current[0], current[1] + raw[1:])
            continue
        if current is not None:
            yield current
        current = (line_no, raw)
    if current is not None:
        yield current


def _property(line_no: int, text: str) -> _Property | None:
    head, colon, value = text.partition(":")
    if not colon:
        return None
    name, *params = head.split(";")
    parsed = {}
    for p in params:
        key, _, val = p.partition("=")
        parsed[key.upper()] = val.strip('"')
    return _Property(name.strip().upper(), parsed, value, line_no)


def _ics_text(value: str) -> str:
    return value.replace("\\n", " ").replace("\\N", " ").replace("\\,", ",").replace("\\;", ";").replace("\\\\", "\\")


def _ics_date(prop: _Property, errors: _Errors) -> date | None:
    text = prop.value.strip()
    try:
        if len(text) == 8:
            return datetime.strptime(text, "%Y%m%d").date()
        # A timed event: the day it starts on, as written (holiday feeds use all-day events).
        return datetime.strptime(text[:15], "%Y%m%dT%H%M%S").date()
    except ValueError:
        errors.add(prop.line, f"{prop.name} {text!r} is not a date like 20270101")
        return None


def _event_kind(props: dict[str, _Property]) -> DayKind:
    categories = _ics_text(props["CATEGORIES"].value).upper() if "CATEGORIES" in props else ""
    summary = _ics_text(props["SUMMARY"].value) if "SUMMARY" in props else ""
    if "WORKDAY" in categories or "班" in categories or "班" in summary:
        return WORKDAY
    return HOLIDAY


def _parse_ics(content: str, errors: _Errors) -> Iterator[ParsedDay]:
    lines = [(n, t) for n, t in _unfold(content) if t.strip()]
    if not lines or lines[0][1].strip().upper() != "BEGIN:VCALENDAR":
        errors.add(lines[0][0] if lines else 1, "an iCalendar file starts with BEGIN:VCALENDAR")
        return
    event: dict[str, _Property] | None = None
    event_line = 0
    for line_no, text in lines:
        upper = text.strip().upper()
        if upper == "BEGIN:VEVENT":
            if event is not None:
                errors.add(line_no, f"BEGIN:VEVENT inside the event begun on line {event_line}")
            event, event_line = {}, line_no
        elif upper == "END:VEVENT":
            if event is None:
                errors.add(line_no, "END:VEVENT without BEGIN:VEVENT")
            else:
                yield from _event_days(event, event_line, errors)
            event = None
        elif event is not None:
            prop = _property(line_no, text)
            if prop is None:
                errors.add(line_no, f"{text[:40]!r} is not a NAME:value property")
            else:
                event.setdefault(prop.name, prop)
    if event is not None:
        errors.add(event_line, "the event begun here has no END:VEVENT")


def _event_days(props: dict[str, _Property], event_line: int, errors: _Errors) -> Iterator[ParsedDay]:
    if "RRULE" in props:
        errors.add(props["RRULE"].line, "recurring events (RRULE) are not supported: list each year's days")
        return
    if "DTSTART" not in props:
        errors.add(event_line, "the event has no DTSTART")
        return
    start = _ics_date(props["DTSTART"], errors)
    end = _ics_date(props["DTEND"], errors) if "DTEND" in props else None
    if start is None or ("DTEND" in props and end is None):
        return
    end = end or start + timedelta(days=1)
    if end <= start:
        errors.add(props["DTEND"].line, f"DTEND {end.isoformat()} is not after DTSTART {start.isoformat()}")
        return
    if (end - start).days > MAX_EVENT_DAYS:
        errors.add(props["DTEND"].line, f"the event spans {(end - start).days} days (at most {MAX_EVENT_DAYS})")
        return
    kind = _event_kind(props)
    name = _ics_text(props["SUMMARY"].value).strip()[:100] if "SUMMARY" in props else ""
    day = start
    while day < end:
        yield ParsedDay(CalendarDay(day, kind, name), props["DTSTART"].line)
        day += timedelta(days=1)

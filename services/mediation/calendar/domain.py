"""The working-day calendar: which days count as working days, and where each year's data comes from.

Three sources, in order: days an admin imported for a year (they win, so an admin can correct or
extend what a library ships), the chinese-calendar package for the years it covers, and plain
weekdays for any other year, which ops is warned about. No I/O: the imported days are handed in.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from importlib.metadata import version
from typing import Final, Literal

import chinese_calendar

HOLIDAY: Final = "holiday"
WORKDAY: Final = "workday"
DayKind = Literal["holiday", "workday"]
PACKAGE: Final = "package"
IMPORTED: Final = "imported"
NONE: Final = "none"
Source = Literal["package", "imported", "none"]


@dataclass(frozen=True)
class CalendarDay:
    """A day that differs from the plain weekday rule: a statutory holiday or a make-up working day."""

    day: date
    kind: DayKind
    name: str = ""


@dataclass(frozen=True)
class PackageData:
    """What the pinned chinese-calendar package knows: whole years, holidays and make-up days."""

    version: str
    years: frozenset[int]
    days: tuple[CalendarDay, ...]


def package_data() -> PackageData:
    holidays = chinese_calendar.constants.holidays
    workdays = chinese_calendar.constants.workdays
    days = [CalendarDay(d, HOLIDAY, str(n)) for d, n in holidays.items()]
    days += [CalendarDay(d, WORKDAY, str(n)) for d, n in workdays.items()]
    # The package raises for any date outside its first..last year; inside, every year is covered.
    years = frozenset(range(min(holidays).year, max(holidays).year + 1))
    return PackageData(version("chinese_calendar"), years, tuple(sorted(days, key=lambda d: d.day)))


@dataclass(frozen=True)
class WorkCalendar:
    """Working days in mainland China: Monday–Friday, minus statutory holidays, plus make-up days."""

    holidays: frozenset[date]
    workdays: frozenset[date]
    # Where each covered year's data comes from; a year missing here falls back to weekdays.
    sources: dict[int, Source] = field(default_factory=dict)
    names: dict[date, str] = field(default_factory=dict)

    @classmethod
    def from_dates(cls, holidays: Iterable[str], workdays: Iterable[str]) -> WorkCalendar:
        hs, ws = frozenset(map(date.fromisoformat, holidays)), frozenset(map(date.fromisoformat, workdays))
        return cls(hs, ws, {d.year: IMPORTED for d in hs | ws})

    @classmethod
    def compose(cls, package: PackageData, imported: dict[int, list[CalendarDay]]) -> WorkCalendar:
        """The package's years, with every imported year replacing whatever the package says about it."""
        chosen: dict[int, list[CalendarDay]] = {year: [] for year in package.years}
        for day in package.days:
            chosen[day.day.year].append(day)
        sources: dict[int, Source] = dict.fromkeys(package.years, PACKAGE)
        for year, days in imported.items():
            chosen[year] = list(days)
            sources[year] = IMPORTED
        all_days = [d for days in chosen.values() for d in days]
        return cls(
            holidays=frozenset(d.day for d in all_days if d.kind == HOLIDAY),
            workdays=frozenset(d.day for d in all_days if d.kind == WORKDAY),
            sources=sources,
            names={d.day: d.name for d in all_days},
        )

    def source_of(self, year: int) -> Source:
        return self.sources.get(year, NONE)

    def is_working_day(self, day: date) -> bool:
        if day in self.workdays:
            return True
        return day.weekday() < 5 and day not in self.holidays

    def add_working_days(self, start: date, days: int) -> date:
        """The `days`-th working day after `start` (start itself does not count)."""
        current = start
        remaining = days
        while remaining > 0:
            current += timedelta(days=1)
            if self.is_working_day(current):
                remaining -= 1
        return current

    def uncovered_years(self, first: date, last: date) -> list[int]:
        """Years between two days that no source covers: there, weekdays stood in for working days."""
        return [y for y in range(first.year, last.year + 1) if self.source_of(y) == NONE]

    def days_of(self, year: int) -> list[CalendarDay]:
        """The holidays and make-up working days of a year, in date order."""
        found = [CalendarDay(d, HOLIDAY, self.names.get(d, "")) for d in self.holidays if d.year == year]
        found += [CalendarDay(d, WORKDAY, self.names.get(d, "")) for d in self.workdays if d.year == year]
        return sorted(found, key=lambda d: d.day)


@dataclass(frozen=True)
class CoverageWarning:
    year: int
    message: str


def coverage_warnings(calendar: WorkCalendar, today: date) -> list[CoverageWarning]:
    """Warns for this year and next year when no source covers them. Next year's arrangement is
    published by the State Council in late autumn; from then on, the missing year is an error
    waiting for January."""
    warnings = []
    for year in (today.year, today.year + 1):
        if calendar.source_of(year) == NONE:
            urgency = "deadlines are already wrong" if year == today.year else "deadlines from 1 January will be wrong"
            warnings.append(
                CoverageWarning(
                    year,
                    f"no statutory holiday data for {year} (neither the chinese-calendar package nor an import "
                    f"covers it): {urgency} (holidays counted as working days); import the State Council's "
                    "arrangement for the year at /ops/calendar",
                )
            )
    return warnings

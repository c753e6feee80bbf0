"""Calendar warnings: deadlines are computed from the working-day calendar, which only knows the
years someone entered. A year without holiday data silently counts holidays as working days."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from services.mediation.calendar import WorkCalendar


@dataclass(frozen=True)
class CalendarWarning:
    year: int
    message: str


def calendar_warnings(calendar: WorkCalendar, today: date) -> list[CalendarWarning]:
    """Warns for this year and next year when the calendar has no statutory holidays for them.
    Next year's arrangement is published by the State Council in late autumn; from then on, the
    missing year is an error waiting for January."""
    years_with_data = {d.year for d in calendar.holidays}
    warnings = []
    for year in (today.year, today.year + 1):
        if year not in years_with_data:
            urgency = "deadlines are already wrong" if year == today.year else "deadlines from 1 January will be wrong"
            warnings.append(
                CalendarWarning(
                    year,
                    f"no statutory holiday data for {year} in services/mediation/policy/calendar.json: {urgency} "
                    "(holidays counted as working days); import the State Council's arrangement for the year",
                )
            )
    return warnings

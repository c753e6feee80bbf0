"""Imported calendar years in the mediation database, and the working-day calendar built from them
and the package, kept current without a restart.

Every replica of the service answers CreateTask from its own copy of the calendar. Before using
it, a replica reads a stamp of the imported years (count and newest import time, one row from a
table of a few rows); when the stamp differs from the one its copy was built from, it rebuilds.
So an import on one replica times the next task on every replica.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from services.common.clock import as_utc
from services.common.db import Database
from services.mediation import models
from services.mediation.calendar.domain import HOLIDAY, WORKDAY, CalendarDay, DayKind, PackageData, WorkCalendar

Stamp = tuple[int, datetime | None]


@dataclass(frozen=True)
class ImportedYear:
    year: int
    source_format: str
    imported_by: str
    imported_at: datetime
    holidays: int
    workdays: int


async def _stamp(session: AsyncSession) -> Stamp:
    row = (
        await session.exec(select(func.count(), func.max(models.CalendarYear.imported_at)))  # type: ignore[call-overload]
    ).one()
    return int(row[0]), (as_utc(row[1]) if row[1] is not None else None)


async def imported_years(session: AsyncSession) -> list[ImportedYear]:
    rows = (await session.exec(select(models.CalendarYear).order_by(col(models.CalendarYear.year)))).all()
    return [
        ImportedYear(r.year, r.source_format, r.imported_by, as_utc(r.imported_at), r.holidays, r.workdays)
        for r in rows
    ]


async def _imported_days(session: AsyncSession) -> dict[int, list[CalendarDay]]:
    by_year: dict[int, list[CalendarDay]] = defaultdict(list)
    for year in (await session.exec(select(models.CalendarYear.year))).all():
        by_year[year] = []
    for row in (await session.exec(select(models.CalendarDay))).all():
        kind: DayKind = HOLIDAY if row.kind == HOLIDAY else WORKDAY
        by_year[row.year].append(CalendarDay(row.day, kind, row.name))
    return dict(by_year)


async def replace_years(
    session: AsyncSession, days: list[CalendarDay], *, source_format: str, imported_by: str, now: datetime
) -> list[ImportedYear]:
    """Stores the days, replacing every earlier import of the years they fall in, in one transaction."""
    by_year: dict[int, list[CalendarDay]] = defaultdict(list)
    for d in days:
        by_year[d.day.year].append(d)
    years = sorted(by_year)
    await session.exec(delete(models.CalendarDay).where(col(models.CalendarDay.year).in_(years)))  # type: ignore[call-overload]
    await session.exec(delete(models.CalendarYear).where(col(models.CalendarYear.year).in_(years)))  # type: ignore[call-overload]
    await session.flush()
    stored = []
    for year in years:
        year_days = by_year[year]
        row = models.CalendarYear(
            year=year,
            source_format=source_format,
            imported_by=imported_by,
            imported_at=now,
            holidays=sum(d.kind == HOLIDAY for d in year_days),
            workdays=sum(d.kind == WORKDAY for d in year_days),
        )
        session.add(row)
        await session.flush()
        session.add_all(models.CalendarDay(day=d.day, year=year, kind=d.kind, name=d.name) for d in year_days)
        stored.append(ImportedYear(year, source_format, imported_by, now, row.holidays, row.workdays))
    return stored


class CalendarStore:
    """The current working-day calendar: the package's years and the database's imported ones."""

    def __init__(self, db: Database, package: PackageData) -> None:
        self.db = db
        self.package = package
        self._calendar = WorkCalendar.compose(package, {})
        self._stamp: Stamp | None = None

    async def current(self) -> WorkCalendar:
        async with self.db.session() as session:
            stamp = await _stamp(session)
            if stamp != self._stamp:
                self._calendar = WorkCalendar.compose(self.package, await _imported_days(session))
                self._stamp = stamp
        return self._calendar

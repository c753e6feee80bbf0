"""The gRPC edge of the working-day calendar: admin import, coverage and days for ops."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime

from fengqiao.mediation.v1 import calendar_pb2, calendar_pb2_grpc
from grpc import aio
from sqlalchemy.exc import IntegrityError

from services.common import scope
from services.common.clock import SHANGHAI, utcnow
from services.common.errors import ConcurrentChange, InvalidInput, PreconditionFailed
from services.common.grpc_server import require_role
from services.common.identity import Identity
from services.common.timestamps import timestamp
from services.mediation.calendar import importer
from services.mediation.calendar.domain import HOLIDAY, IMPORTED, NONE, PACKAGE, WorkCalendar, coverage_warnings
from services.mediation.calendar.store import CalendarStore, ImportedYear, imported_years, replace_years

log = logging.getLogger("fengqiao.mediation.calendar")

_SOURCE_PB = {
    PACKAGE: calendar_pb2.CALENDAR_SOURCE_PACKAGE,
    IMPORTED: calendar_pb2.CALENDAR_SOURCE_IMPORTED,
    NONE: calendar_pb2.CALENDAR_SOURCE_NONE,
}
_FORMATS = {
    calendar_pb2.CALENDAR_FORMAT_CSV: importer.CSV,
    calendar_pb2.CALENDAR_FORMAT_ICALENDAR: importer.ICALENDAR,
}


class CalendarServicer(calendar_pb2_grpc.CalendarServiceServicer):
    def __init__(self, store: CalendarStore) -> None:
        self.store = store

    def _coverage(
        self, calendar: WorkCalendar, year: int, imported: dict[int, ImportedYear]
    ) -> calendar_pb2.YearCoverage:
        source = calendar.source_of(year)
        days = calendar.days_of(year)
        pb = calendar_pb2.YearCoverage(
            year=year,
            source=_SOURCE_PB[source],
            holidays=sum(d.kind == HOLIDAY for d in days),
            workdays=sum(d.kind != HOLIDAY for d in days),
            overrides_package=source == IMPORTED and year in self.store.package.years,
        )
        if (found := imported.get(year)) is not None:
            pb.imported_by = found.imported_by
            pb.imported_at.CopyFrom(timestamp(found.imported_at))
            pb.source_format = found.source_format
        return pb

    async def _imported(self) -> dict[int, ImportedYear]:
        async with self.store.db.session() as session:
            return {y.year: y for y in await imported_years(session)}

    async def ImportCalendar(
        self, request: calendar_pb2.ImportCalendarRequest, context: aio.ServicerContext
    ) -> calendar_pb2.ImportCalendarResponse:
        identity = require_role(scope.ADMIN, denied="only admins import the working-day calendar")
        fmt = _FORMATS.get(request.format)
        if fmt is None:
            raise InvalidInput("format must be CALENDAR_FORMAT_CSV or CALENDAR_FORMAT_ICALENDAR", field="format")
        # A 3 MB calendar takes a while to parse: in a thread, so other callers' requests go on.
        days = await asyncio.to_thread(importer.parse, fmt, request.content)
        before = await self.store.current()
        years = sorted({d.day.year for d in days})
        covered = [f"{y} ({before.source_of(y)})" for y in years if before.source_of(y) != NONE]
        if covered and not request.replace:
            raise PreconditionFailed(
                f"the file lists days of {', '.join(covered)}, which already has holiday data; "
                "set replace to put the file's days in its place",
                field="replace",
            )
        try:
            async with self.store.db.session() as session:
                await replace_years(session, days, source_format=fmt, imported_by=identity.subject, now=utcnow())
        except IntegrityError as exc:
            raise ConcurrentChange("another import of the same years ran at the same time; look and retry") from exc
        log.warning(
            "calendar imported",
            extra={"actor": identity.subject, "years": years, "days": len(days), "replaced": covered},
        )
        after, imported = await self.store.current(), await self._imported()
        return calendar_pb2.ImportCalendarResponse(years=[self._coverage(after, y, imported) for y in years])

    async def GetCalendarCoverage(
        self, request: calendar_pb2.GetCalendarCoverageRequest, context: aio.ServicerContext
    ) -> calendar_pb2.GetCalendarCoverageResponse:
        _require_reader()
        calendar, imported = await self.store.current(), await self._imported()
        today = datetime.now(SHANGHAI).date()
        years = sorted(set(calendar.sources) | {today.year, today.year + 1})
        return calendar_pb2.GetCalendarCoverageResponse(
            years=[self._coverage(calendar, y, imported) for y in years],
            warnings=[
                calendar_pb2.CalendarWarning(year=w.year, message=w.message) for w in coverage_warnings(calendar, today)
            ],
            package_version=self.store.package.version,
        )

    async def ListCalendarDays(
        self, request: calendar_pb2.ListCalendarDaysRequest, context: aio.ServicerContext
    ) -> calendar_pb2.ListCalendarDaysResponse:
        _require_reader()
        if not importer.FIRST_YEAR <= request.year <= importer.LAST_YEAR:
            raise InvalidInput(f"year must be within {importer.FIRST_YEAR}–{importer.LAST_YEAR}", field="year")
        calendar = await self.store.current()
        return calendar_pb2.ListCalendarDaysResponse(
            year=request.year,
            source=_SOURCE_PB[calendar.source_of(request.year)],
            days=[
                calendar_pb2.CalendarDay(
                    date=d.day.isoformat(),
                    kind=calendar_pb2.CALENDAR_DAY_KIND_HOLIDAY
                    if d.kind == HOLIDAY
                    else calendar_pb2.CALENDAR_DAY_KIND_WORKDAY,
                    name=d.name,
                )
                for d in calendar.days_of(request.year)
            ],
        )


def _require_reader() -> Identity:
    return require_role(
        scope.ADMIN, scope.OPS, scope.SYSTEM, denied="only admins and ops read the working-day calendar"
    )

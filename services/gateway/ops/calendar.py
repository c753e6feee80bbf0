"""The working-day calendar for admins and ops: coverage from the mediation service, and the import
of holidays and make-up working days from an uploaded CSV or iCalendar file (admin, audited)."""

from __future__ import annotations

import hashlib
from typing import Any

from fengqiao.mediation.v1 import calendar_pb2

from services.common import scope
from services.common.identity import Identity
from services.common.logging import request_id_var
from services.gateway import audit
from services.gateway.deps import Backends
from services.gateway.errors import ApiError
from services.gateway.ops.auth import require
from services.gateway.views import as_dict

CALENDAR_IMPORT = "calendar_import"
FORMATS = {"csv": calendar_pb2.CALENDAR_FORMAT_CSV, "ics": calendar_pb2.CALENDAR_FORMAT_ICALENDAR}
_CONTENT_TYPES = {"text/csv": "csv", "text/calendar": "ics"}
_SOURCES = {
    calendar_pb2.CALENDAR_SOURCE_PACKAGE: "package",
    calendar_pb2.CALENDAR_SOURCE_IMPORTED: "imported",
    calendar_pb2.CALENDAR_SOURCE_NONE: "none",
}
_KINDS = {calendar_pb2.CALENDAR_DAY_KIND_HOLIDAY: "holiday", calendar_pb2.CALENDAR_DAY_KIND_WORKDAY: "workday"}


def _md(backends: Backends, identity: Identity) -> list[tuple[str, str]]:
    return backends.caller_metadata(identity, request_id_var.get())


def file_format(explicit: str, filename: str, content_type: str, text: str) -> str:
    """csv or ics: as the caller says, else by the file name, the content type, or the first line."""
    if explicit:
        if explicit not in FORMATS:
            raise ApiError(422, "invalid_argument", f"format must be csv or ics, not {explicit!r}", {"field": "format"})
        return explicit
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if suffix in FORMATS:
        return suffix
    if (by_type := _CONTENT_TYPES.get(content_type.split(";")[0].strip().lower())) is not None:
        return by_type
    return "ics" if text.lstrip("\ufeff").lstrip().upper().startswith("BEGIN:VCALENDAR") else "csv"


def _text(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ApiError(
            422, "invalid_argument", f"the file is not UTF-8 text (byte {exc.start})", {"field": "file"}
        ) from exc


def _year(pb: calendar_pb2.YearCoverage) -> dict[str, Any]:
    body = as_dict(pb)
    body["source"] = _SOURCES.get(pb.source, "none")
    if not pb.HasField("imported_at"):
        body["imported_at"] = None
    return body


async def coverage(backends: Backends, identity: Identity) -> dict[str, Any]:
    """Where each year's holiday data comes from, and the warnings for years nothing covers."""
    found = await backends.calendar.GetCalendarCoverage(
        calendar_pb2.GetCalendarCoverageRequest(),
        metadata=_md(backends, identity),
        timeout=backends.settings.rpc_timeout_seconds,
    )
    return {
        "package_version": found.package_version,
        "years": [_year(y) for y in found.years],
        "warnings": [{"year": w.year, "message": w.message} for w in found.warnings],
    }


async def days(backends: Backends, identity: Identity, year: int) -> dict[str, Any]:
    found = await backends.calendar.ListCalendarDays(
        calendar_pb2.ListCalendarDaysRequest(year=year),
        metadata=_md(backends, identity),
        timeout=backends.settings.rpc_timeout_seconds,
    )
    return {
        "year": found.year,
        "source": _SOURCES.get(found.source, "none"),
        "days": [{"date": d.date, "kind": _KINDS.get(d.kind, ""), "name": d.name} for d in found.days],
    }


async def import_file(
    backends: Backends,
    identity: Identity,
    content: bytes,
    *,
    filename: str = "",
    content_type: str = "",
    explicit_format: str = "",
    replace: bool = False,
) -> dict[str, Any]:
    """Sends the file to the mediation service (which checks it and names bad lines) and writes the
    import to the audit log: who, which years, from which file (by its SHA-256)."""
    require(identity, (scope.ADMIN,), "importing the working-day calendar")
    if len(content) > backends.settings.max_upload_bytes:
        raise ApiError(413, "payload_too_large", f"uploads are limited to {backends.settings.max_upload_bytes} bytes")
    text = _text(content)
    fmt = file_format(explicit_format, filename, content_type, text)
    result = await backends.calendar.ImportCalendar(
        calendar_pb2.ImportCalendarRequest(format=FORMATS[fmt], content=text, replace=replace),
        metadata=_md(backends, identity),
        timeout=backends.settings.rpc_timeout_seconds,
    )
    years = [_year(y) for y in result.years]
    await audit.append(
        backends.db,
        actor=identity.subject,
        action=CALENDAR_IMPORT,
        target="calendar:" + ",".join(str(y["year"]) for y in years),
        detail={
            "format": fmt,
            "file_name": filename[:200],
            "sha256": hashlib.sha256(content).hexdigest(),
            "replace": replace,
            "years": [{k: y[k] for k in ("year", "holidays", "workdays", "overrides_package")} for y in years],
        },
    )
    return {"format": fmt, "years": years}

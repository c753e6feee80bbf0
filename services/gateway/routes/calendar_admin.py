"""Admin API of the working-day calendar: coverage (admin, ops) and import of a year (admin)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from services.common import scope
from services.gateway.deps import BackendsDep, CurrentIdentity
from services.gateway.ops import calendar
from services.gateway.ops.auth import OPS_ROLES, require
from services.gateway.schemas.admin import CalendarCoveragePublic, CalendarImportPublic
from services.gateway.schemas.common import SIGNED_IN, refusals
from services.gateway.uploads import read_upload

router = APIRouter(prefix="/api/v1/admin/calendar", tags=["admin"])

IMPORT_PATH = "/api/v1/admin/calendar/import"
# The handler reads the body itself (a multipart upload or the file as the body), so the
# document says what it takes.
_FILE = {"type": "string", "format": "binary"}
_IMPORT_BODY = {
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "properties": {"file": _FILE, "replace": {"type": "boolean"}},
                "required": ["file"],
            }
        },
        "text/csv": {"schema": _FILE},
        "text/calendar": {"schema": _FILE},
    },
    "required": True,
}


@router.get(
    "", response_model=CalendarCoveragePublic, response_model_exclude_unset=True, responses=refusals(*SIGNED_IN)
)
async def calendar_coverage(
    backends: BackendsDep,
    identity: CurrentIdentity,
    year: Annotated[int | None, Query(ge=2000, le=2100, description="also list this year's days")] = None,
) -> dict[str, Any]:
    """Each year's source (package, imported or none) and the warnings ops sees; with `year`, that
    year's holidays and make-up working days."""
    require(identity, OPS_ROLES, "the working-day calendar")
    body = await calendar.coverage(backends, identity)
    if year is not None:
        body["days"] = await calendar.days(backends, identity, year)
    return body


@router.post(
    "/import",
    response_model=CalendarImportPublic,
    responses=refusals(*SIGNED_IN, 409, 413),
    openapi_extra={"requestBody": _IMPORT_BODY},
)
async def import_calendar(
    request: Request,
    backends: BackendsDep,
    identity: CurrentIdentity,
    replace: Annotated[bool, Query(description="replace years that already have data")] = False,
    format: Annotated[str, Query(description="csv or ics; else from the file name, content type or content")] = "",
) -> dict[str, Any]:
    """Imports holidays and make-up working days: a multipart upload (field `file`), or the file
    itself as the body (`text/csv`, `text/calendar`). CSV columns: date,kind,name (kind holiday or
    workday). iCalendar: all-day VEVENTs; 班 in CATEGORIES or SUMMARY marks a make-up working day.
    A year that already has data needs `replace=true`; a bad file is 422 naming every bad line."""
    require(identity, (scope.ADMIN,), "importing the working-day calendar")
    upload = await read_upload(request, backends.settings.max_upload_bytes)
    replace = replace or upload.fields.get("replace", "").lower() in ("1", "true", "on", "yes")
    return await calendar.import_file(
        backends,
        identity,
        upload.content,
        filename=upload.filename,
        content_type=upload.content_type,
        explicit_format=format,
        replace=replace,
    )

"""Shapes every resource uses: protobuf JSON scalars, the paging parameters and the one error body."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Path, Query
from pydantic import BaseModel, Field, StrictInt, WithJsonSchema

# google.protobuf.Timestamp in protobuf JSON: RFC 3339 text in UTC, kept as the service wrote it.
Timestamp = Annotated[str, WithJsonSchema({"type": "string", "format": "date-time"})]
# int64 in protobuf JSON: decimal text, so JavaScript clients lose no digits.
Int64Text = Annotated[str, WithJsonSchema({"type": "string", "pattern": r"^-?[0-9]+$"})]

# protobuf's integer fields: a number beyond the field's range cannot be sent, so it is refused here
# with a 422 naming the field rather than failing inside the gRPC call. Every integer a request
# carries into a proto is one of these.
Int32 = Annotated[StrictInt, Field(ge=-(2**31), le=2**31 - 1)]
Int64 = Annotated[StrictInt, Field(ge=-(2**63), le=2**63 - 1)]

# A path parameter (case number, task id, receipt number…): ids are short, so a longer one is refused
# with a 422 naming it before any gRPC call is made.
PathKey = Annotated[str, Path(min_length=1, max_length=128)]

# The keyset paging every list takes: up to 200 rows a page, and the token the page before gave.
PageSize = Annotated[int, Query(ge=1, le=200)]
PageToken = Annotated[str, Query(max_length=512)]


class ErrorDetail(BaseModel):
    code: str = Field(description="machine-readable, e.g. invalid_argument, permission_denied")
    message: str
    details: dict[str, Any] = Field(description="e.g. the field at fault: {field, problems}")


class ErrorBody(BaseModel):
    """Every refusal of the API (DESIGN.md "HTTP API"): `{"error": {code, message, details}}`."""

    error: ErrorDetail


_WHY = {
    401: "Not signed in, or the bearer token or API key is missing, expired or invalid",
    403: "Outside the caller's scope or role",
    404: "Unknown",
    409: "Lost race, refused state change, or an idempotency key reused with another body",
    413: "Body larger than the limit",
    422: "A field is invalid (named in details.field)",
    429: "Over a rate limit (details.retry_after_seconds)",
    502: "Temporal refused the action",
    503: "A backing service is unavailable",
}


def refusals(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The `responses=` of a route: each error status it can answer, with the error body."""
    return {status: {"model": ErrorBody, "description": _WHY[status]} for status in statuses}


# What every route calling on behalf of a signed-in caller can answer; routes add their own.
SIGNED_IN = (401, 403, 422, 503)

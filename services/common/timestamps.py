"""Datetimes to protobuf Timestamps, the one conversion every gRPC edge needs."""

from __future__ import annotations

from datetime import datetime
from typing import overload

from google.protobuf.timestamp_pb2 import Timestamp

from services.common.clock import as_utc


@overload
def timestamp(value: datetime) -> Timestamp: ...
@overload
def timestamp(value: None) -> None: ...
@overload
def timestamp(value: datetime | None) -> Timestamp | None: ...
def timestamp(value: datetime | None) -> Timestamp | None:
    """The instant as a Timestamp (a naive value is taken as UTC, as SQLite returns it); None stays None."""
    if value is None:
        return None
    out = Timestamp()
    out.FromDatetime(as_utc(value))
    return out

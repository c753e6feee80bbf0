"""Filling protobuf messages and dataclasses from rows and requests: timestamps from datetimes, the other fields by name."""

from __future__ import annotations

from dataclasses import fields
from datetime import datetime
from typing import Any, TypeVar

from google.protobuf.message import Message

from services.common.timestamps import timestamp

M = TypeVar("M", bound=Message)


def message_from(message: type[M], source: object = None, /, **given: Any) -> M:
    """A `message` whose fields hold `given`'s values, else `source`'s attributes of the same names.

    A field neither names keeps its default, and None leaves a field unset (so a proto3 `optional`
    field stays absent). Datetimes become Timestamps. Enum fields and anything stored in another
    form than the message's come in `given`: a row's "RED" is no enum value, and the message
    refuses it rather than guess."""
    values = {f.name: getattr(source, f.name) for f in message.DESCRIPTOR.fields if hasattr(source, f.name)}
    values |= given
    return message(**{k: timestamp(v) if isinstance(v, datetime) else v for k, v in values.items() if v is not None})


R = TypeVar("R")


def record_from(record: type[R], source: object, /, **given: Any) -> R:
    """A `record` (a dataclass or a SQLModel row) whose fields hold `given`'s values, else `source`'s
    attributes of the same names (a request message, a row); a field neither names keeps its default."""
    names = getattr(record, "model_fields", None) or [f.name for f in fields(record)]  # type: ignore[arg-type]
    values = {name: getattr(source, name) for name in names if hasattr(source, name)}
    return record(**(values | given))

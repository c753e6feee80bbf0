"""Filling protobuf messages and dataclasses from rows and requests: timestamps from datetimes, the other fields by name."""

from __future__ import annotations

from dataclasses import fields
from datetime import datetime
from typing import Any, TypeVar

from google.protobuf.message import Message

from services.common.timestamps import timestamp

M = TypeVar("M", bound=Message)
_ABSENT = object()


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _field_names(kind: type) -> tuple[str, ...]:
    """The field names of a message, SQLModel or dataclass type, read once per type (issue 19:
    walking a message's descriptor was a fifth of building a case's answer)."""
    names = _FIELD_NAMES.get(kind)
    if names is None:
        if issubclass(kind, Message):
            names = tuple(f.name for f in kind.DESCRIPTOR.fields)
        else:
            names = tuple(getattr(kind, "model_fields", None) or [f.name for f in fields(kind)])  # type: ignore[arg-type]
        _FIELD_NAMES[kind] = names
    return names


def _named(names: tuple[str, ...], source: object) -> dict[str, Any]:
    """`source`'s attributes of these names, those it has."""
    values = {}
    for name in names:
        if (value := getattr(source, name, _ABSENT)) is not _ABSENT:
            values[name] = value
    return values


def message_from(message: type[M], source: object = None, /, **given: Any) -> M:
    """A `message` whose fields hold `given`'s values, else `source`'s attributes of the same names.

    A field neither names keeps its default, and None leaves a field unset (so a proto3 `optional`
    field stays absent). Datetimes become Timestamps. Enum fields and anything stored in another
    form than the message's come in `given`: a row's "RED" is no enum value, and the message
    refuses it rather than guess."""
    values = _named(_field_names(message), source) | given
    return message(**{k: timestamp(v) if isinstance(v, datetime) else v for k, v in values.items() if v is not None})


R = TypeVar("R")


def record_from(record: type[R], source: object, /, **given: Any) -> R:
    """A `record` (a dataclass or a SQLModel row) whose fields hold `given`'s values, else `source`'s
    attributes of the same names (a request message, a row); a field neither names keeps its default."""
    return record(**(_named(_field_names(record), source) | given))

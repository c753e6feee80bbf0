"""Task forms rendered from, and read back by, the task kind's JSON Schema (the subset in
services/mediation/tasks/domain.py). The server validates the result against the same schema.

A field the schema leaves optional but an outcome requires (contracts/task_kinds.py,
Outcome.requires) is drawn for those outcomes only; lists of objects (agreement terms, action
items) are repeated rows and fixed objects (votes) a group of inputs, never a JSON box; a date-time
is a local-time picker, sent on as Asia/Shanghai time (+08:00)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

# Strings longer than this get a text area rather than a one-line input.
_TEXTAREA_FROM = 200
# What a datetime-local input lacks: the seconds and Shanghai's offset (no daylight saving).
SHANGHAI_OFFSET = "+08:00"


@dataclass(frozen=True)
class Column:
    """One input of a repeated row or of a group."""

    name: str
    title: str
    widget: str  # text, date, select, number, checkbox
    required: bool
    choices: tuple[str, ...] = ()
    max_length: int | None = None


@dataclass(frozen=True)
class FormField:
    """One field as the template draws it."""

    name: str
    title: str
    widget: str  # text, textarea, number, checkbox, select, choices, lines, datetime, rows, group, json
    required: bool
    min_length: int | None
    max_length: int | None
    choices: tuple[str, ...] = ()
    value: str = ""
    # Outcomes that need this field (drawn only for them); empty: drawn for every outcome.
    outcomes: tuple[str, ...] = ()
    columns: tuple[Column, ...] = ()
    rows: tuple[dict[str, str], ...] = field(default=())

    @property
    def optional(self) -> bool:
        return bool(self.outcomes)


def _column(name: str, spec: Mapping[str, Any], required: bool) -> Column:
    if "enum" in spec:
        widget = "select"
    elif spec.get("type") == "integer":
        widget = "number"
    elif spec.get("type") == "boolean":
        widget = "checkbox"  # a checklist's item: ticked or not
    elif "pattern" in spec and spec["pattern"].startswith("^[0-9]{4}-"):
        widget = "date"
    else:
        widget = "text"
    return Column(
        name,
        str(spec.get("title", name)),
        widget,
        required,
        tuple(map(str, spec.get("enum", ()))),
        spec.get("maxLength"),
    )


def _widget(spec: Mapping[str, Any]) -> str:
    kind, items = spec.get("type"), spec.get("items", {})
    if "enum" in spec:
        return "select"
    if kind == "integer":
        return "number"
    if kind == "boolean":
        return "checkbox"
    if kind == "array" and "enum" in items:
        return "choices"  # a check box per allowed value, e.g. the mediation methods
    if kind == "array" and items.get("type") == "string":
        return "lines"
    if kind == "array" and "properties" in items:
        return "rows"
    if kind == "object" and "properties" in spec:
        return "group"
    if kind in ("object", "array"):
        return "json"  # a free-keyed object
    if spec.get("format") == "date-time":
        return "datetime"
    return "textarea" if int(spec.get("maxLength", 0)) > _TEXTAREA_FROM else "text"


def _columns(spec: Mapping[str, Any]) -> tuple[Column, ...]:
    inner = spec.get("items", spec) if spec.get("type") == "array" else spec
    needed = set(inner.get("required", ()))
    return tuple(_column(n, s, n in needed) for n, s in inner.get("properties", {}).items())


def _rows(name: str, columns: tuple[Column, ...], values: Mapping[str, str]) -> tuple[dict[str, str], ...]:
    """The rows a refused form carried, so the person does not type them again."""
    cells = {c.name: values.get(f"{name}.{c.name}", "").split("\n") for c in columns}
    count = max((len(v) for v in cells.values()), default=0)
    return tuple({c: (cells[c][i] if i < len(cells[c]) else "") for c in cells} for i in range(count))


def _shown_value(widget: str, raw: str) -> str:
    # A refused meeting time comes back as the picker's own value (no seconds, no offset).
    return raw[:16] if widget == "datetime" else raw


def fields_of(
    schema: Mapping[str, Any],
    values: Mapping[str, str] | None = None,
    requires: Mapping[str, tuple[str, ...]] | None = None,
) -> list[FormField]:
    """The fields to draw; `requires` is each outcome's extra required fields (Outcome.requires)."""
    required = set(schema.get("required", ()))
    values = values or {}
    needed_by: dict[str, list[str]] = {}
    for outcome, names in (requires or {}).items():
        for name in names:
            needed_by.setdefault(name, []).append(outcome)
    out = []
    for name, spec in schema.get("properties", {}).items():
        widget = _widget(spec)
        columns = _columns(spec) if widget in ("rows", "group") else ()
        out.append(
            FormField(
                name=name,
                title=str(spec.get("title", name)),
                widget=widget,
                required=name in required,
                min_length=spec.get("minLength") or None,
                max_length=spec.get("maxLength"),
                choices=tuple(str(c) for c in spec.get("enum", spec.get("items", {}).get("enum", ()))),
                value=_shown_value(widget, values.get(name, "")),
                outcomes=() if name in required else tuple(needed_by.get(name, ())),
                columns=columns,
                rows=_rows(name, columns, values) if columns else (),
            )
        )
    return out


def _typed(column: Column, raw: str) -> Any:
    if column.widget == "checkbox":
        return bool(raw.strip())
    if column.widget == "number":
        try:
            return int(raw)
        except ValueError:
            return raw  # the schema check names the field and says it is not an integer
    return raw.strip()


def _read_rows(name: str, spec: Mapping[str, Any], submitted: Mapping[str, str]) -> list[dict[str, Any]]:
    columns = _columns(spec)
    cells = {c.name: submitted.get(f"field.{name}.{c.name}", "").split("\n") for c in columns}
    count = max((len(v) for v in cells.values()), default=0)
    rows = []
    for i in range(count):
        row = {c.name: cells[c.name][i] if i < len(cells[c.name]) else "" for c in columns}
        if any(v.strip() for v in row.values()):  # a blank row is one the person did not use
            rows.append({c.name: _typed(c, row[c.name]) for c in columns if row[c.name].strip() or c.required})
    return rows


def _read_group(name: str, spec: Mapping[str, Any], submitted: Mapping[str, str]) -> dict[str, Any] | None:
    columns = _columns(spec)
    raw = {c.name: submitted.get(f"field.{name}.{c.name}", "") for c in columns}
    if not any(v.strip() for v in raw.values()):
        return None
    return {c.name: _typed(c, v) for c, v in zip(columns, raw.values(), strict=True) if v.strip() or c.required}


def read_form(schema: Mapping[str, Any], submitted: Mapping[str, str]) -> dict[str, Any]:
    """The submitted HTML form as the JSON object the schema describes. Types are coerced only
    where HTML cannot say them (numbers, check boxes, one item per line — several values of one
    field arrive joined by newlines, repeated rows column by column); an empty optional field is
    left out; everything else is for the schema validation on the server to judge."""
    form: dict[str, Any] = {}
    needed = set(schema.get("required", ()))
    for name, spec in schema.get("properties", {}).items():
        widget = _widget(spec)
        if widget == "rows":
            rows = _read_rows(name, spec, submitted)
            if rows or name in needed:
                form[name] = rows
            continue
        if widget == "group":
            group = _read_group(name, spec, submitted)
            if group is not None or name in needed:
                form[name] = group if group is not None else {}
            continue
        raw = submitted.get(f"field.{name}")
        if widget == "checkbox":
            form[name] = raw is not None
            continue
        if raw is None or (raw.strip() == "" and name not in needed):
            continue
        if widget == "number":
            try:
                form[name] = int(raw)
            except ValueError:
                form[name] = raw  # the schema check names the field and says it is not an integer
        elif widget in ("lines", "choices"):
            form[name] = [line.strip() for line in raw.splitlines() if line.strip()]
        elif widget == "json":
            try:
                form[name] = json.loads(raw)
            except ValueError:
                form[name] = raw  # the schema check names the field and says it is not an object
        elif widget == "datetime" and len(raw.strip()) == 16:  # 2026-12-03T14:00 from the picker
            form[name] = f"{raw.strip()}:00{SHANGHAI_OFFSET}"
        else:
            form[name] = raw.strip()
    return form

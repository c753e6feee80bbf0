"""Task forms rendered from, and read back by, the task kind's JSON Schema (the subset in
services/mediation/tasks/domain.py). The server validates the result against the same schema."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

# Strings longer than this get a text area rather than a one-line input.
_TEXTAREA_FROM = 200


@dataclass(frozen=True)
class FormField:
    """One field as the template draws it."""

    name: str
    title: str
    widget: str  # text, textarea, number, checkbox, select, choices, lines, json
    required: bool
    min_length: int | None
    max_length: int | None
    choices: tuple[str, ...] = ()
    value: str = ""


def fields_of(schema: Mapping[str, Any], values: Mapping[str, str] | None = None) -> list[FormField]:
    required = set(schema.get("required", ()))
    out = []
    for name, spec in schema.get("properties", {}).items():
        kind = spec.get("type")
        if "enum" in spec:
            widget = "select"
        elif kind == "integer":
            widget = "number"
        elif kind == "boolean":
            widget = "checkbox"
        elif kind == "array" and "enum" in spec.get("items", {}):
            widget = "choices"  # a check box per allowed value, e.g. the mediation methods
        elif kind == "array" and spec.get("items", {}).get("type") == "string":
            widget = "lines"
        elif kind in ("object", "array"):
            widget = "json"  # a text area holding a JSON object, e.g. a handover checklist
        elif int(spec.get("maxLength", 0)) > _TEXTAREA_FROM:
            widget = "textarea"
        else:
            widget = "text"
        out.append(
            FormField(
                name=name,
                title=str(spec.get("title", name)),
                widget=widget,
                required=name in required,
                min_length=spec.get("minLength") or None,
                max_length=spec.get("maxLength"),
                choices=tuple(str(c) for c in spec.get("enum", spec.get("items", {}).get("enum", ()))),
                value=(values or {}).get(name, ""),
            )
        )
    return out


def read_form(schema: Mapping[str, Any], submitted: Mapping[str, str]) -> dict[str, Any]:
    """The submitted HTML form as the JSON object the schema describes. Types are coerced only
    where HTML cannot say them (numbers, check boxes, one item per line — several checked values
    of one field arrive joined by newlines); an empty optional field
    is left out; everything else is for the schema validation on the server to judge."""
    form: dict[str, Any] = {}
    for name, spec in schema.get("properties", {}).items():
        kind = spec.get("type")
        raw = submitted.get(f"field.{name}")
        if kind == "boolean":
            form[name] = raw is not None
            continue
        if raw is None or (raw.strip() == "" and name not in schema.get("required", ())):
            continue
        if kind == "integer":
            try:
                form[name] = int(raw)
            except ValueError:
                form[name] = raw  # the schema check names the field and says it is not an integer
        elif kind == "array" and spec.get("items", {}).get("type") == "string":
            form[name] = [line.strip() for line in raw.splitlines() if line.strip()]
        elif kind in ("object", "array"):
            try:
                form[name] = json.loads(raw)
            except ValueError:
                form[name] = raw  # the schema check names the field and says it is not an object
        else:
            form[name] = raw.strip()
    return form

"""Task rules with no I/O: task kinds and their forms, who may see and act on a task."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from jsonschema import Draft202012Validator

from services.common import scope
from services.common.errors import InvalidInput
from services.common.identity import Identity

VIEWS = ("mine", "group", "all", "completed", "overdue")
SUPERVISOR_ROLES = (scope.SUPERVISOR, scope.ADMIN)
MAX_FORM_BYTES = 8000

_NOTE = {"type": "string", "title": "处理说明 · note", "minLength": 1, "maxLength": 1000}


@dataclass(frozen=True)
class TaskKind:
    """A kind of human task: its title and the form a person fills in to complete it.
    The allowed outcomes come from the workflow, per task; the form is the same for all outcomes."""

    name: str
    title: str
    form_schema: dict[str, Any]


TASK_KINDS: dict[str, TaskKind] = {
    kind.name: kind
    for kind in (
        TaskKind(
            "triage",
            "分流 · triage",
            {"type": "object", "properties": {"note": _NOTE}, "required": ["note"], "additionalProperties": False},
        ),
        TaskKind(
            "callback",
            "回访 · satisfaction callback",
            {
                "type": "object",
                "properties": {"note": {**_NOTE, "minLength": 0}},
                "additionalProperties": False,
            },
        ),
        # A property company reports a rectification order done (issue #3's workflow creates it
        # for the candidate group "<company org code>:company").
        TaskKind(
            "rectification_report",
            "整改完成报告 · rectification report",
            {
                "type": "object",
                "properties": {
                    "report": {
                        "type": "string",
                        "title": "整改情况 · what was done",
                        "minLength": 1,
                        "maxLength": 2000,
                    },
                    "photos": {
                        "type": "array",
                        "title": "照片 · photo references",
                        "items": {"type": "string", "minLength": 1, "maxLength": 200},
                        "maxItems": 20,
                    },
                },
                "required": ["report"],
                "additionalProperties": False,
            },
        ),
    )
}

# The JSON Schema subset a form may use, so the console can render every kind generically.
FORM_FIELD_TYPES = ("string", "integer", "boolean", "array")
SORTS = ("due", "priority", "created")


def task_kind(name: str) -> TaskKind:
    kind = TASK_KINDS.get(name)
    if kind is None:
        raise InvalidInput(f"unknown task kind {name!r}; known: {', '.join(TASK_KINDS)}", field="kind")
    return kind


def parse_form(kind: TaskKind, form_json: str) -> dict[str, Any]:
    """The form as a dict if it satisfies the kind's schema; else InvalidInput naming the field."""
    if len(form_json.encode()) > MAX_FORM_BYTES:
        raise InvalidInput(f"form is larger than {MAX_FORM_BYTES} bytes", field="form")
    try:
        form = json.loads(form_json or "{}")
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"form is not valid JSON: {exc.msg}", field="form") from exc
    errors = sorted(Draft202012Validator(kind.form_schema).iter_errors(form), key=lambda e: list(e.path))
    if errors:
        first = errors[0]
        where = ".".join(str(p) for p in first.path)
        field = f"form.{where}" if where else "form"
        raise InvalidInput(f"{field}: {first.message}", field=field)
    return form  # type: ignore[no-any-return]


def check_form_schema(schema: dict[str, Any]) -> None:
    """Raises ValueError unless `schema` stays inside the subset the console renders: an object of
    string (optionally enum), integer, boolean and array-of-string fields, each with a title."""
    if schema.get("type") != "object":
        raise ValueError("a form schema is an object")
    for name, field in schema.get("properties", {}).items():
        if field.get("type") not in FORM_FIELD_TYPES or not field.get("title"):
            raise ValueError(f"field {name}: type must be one of {FORM_FIELD_TYPES} and it needs a title")
        if field["type"] == "array" and field.get("items", {}).get("type") != "string":
            raise ValueError(f"field {name}: arrays hold strings only")


def check_sort(sort: str, view: str) -> str:
    """The sort key of a page; the completed view defaults to newest completion first."""
    if not sort:
        return "completed" if view == "completed" else "due"
    if sort not in SORTS:
        raise InvalidInput(f"sort must be one of {', '.join(SORTS)}; got {sort!r}", field="sort")
    return sort


def check_view(view: str) -> str:
    if view not in VIEWS:
        raise InvalidInput(f"view must be one of {', '.join(VIEWS)}; got {view!r}", field="view")
    return view


def priority_label(priority: int) -> str:
    """0–100 shown as low / medium / high / urgent."""
    if priority >= 75:
        return "urgent"
    if priority >= 50:
        return "high"
    if priority >= 25:
        return "medium"
    return "low"


@dataclass(frozen=True)
class TaskScope:
    """The part of a task that decides who may see it."""

    candidate_groups: frozenset[str]
    assignee: str | None
    completed_by: str | None
    neighbourhood_code: str
    company_code: str


def sees_task(identity: Identity, task: TaskScope) -> bool:
    if identity.subject in (task.assignee, task.completed_by):
        return True
    if identity.groups & task.candidate_groups:
        return True
    return scope.sees_case(identity, neighbourhood_code=task.neighbourhood_code, company_code=task.company_code)


def may_claim(identity: Identity, task: TaskScope) -> bool:
    """Only members of a candidate group claim; supervisors assign instead."""
    return bool(identity.groups & task.candidate_groups)


def is_supervisor(identity: Identity) -> bool:
    return identity.has_role(*SUPERVISOR_ROLES)

"""Task rules with no I/O: task kinds and their forms, who may see and act on a task."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from jsonschema import Draft202012Validator

from contracts.task_kinds import METHODS_FIELD, TASK_KINDS, TaskKind
from contracts.tasks import VIEWS
from services.common import scope
from services.common.errors import InvalidInput
from services.common.identity import Identity
from services.mediation.panel.domain import load_methods

SUPERVISOR_ROLES = (scope.SUPERVISOR, scope.ADMIN)
MAX_FORM_BYTES = 8000


def _with_catalogue(schema: dict[str, Any]) -> dict[str, Any]:
    """A kind's form as the service validates and serves it: the ten mediation methods (十调法)
    come from this service's catalogue, not from the shared registry."""
    if METHODS_FIELD not in schema.get("properties", {}):
        return schema
    methods = {**schema["properties"][METHODS_FIELD]}
    methods["items"] = {**methods["items"], "enum": list(load_methods())}
    return {**schema, "properties": {**schema["properties"], METHODS_FIELD: methods}}


_FORM_SCHEMAS = {name: _with_catalogue(kind.form_schema) for name, kind in TASK_KINDS.items()}


def form_schema(kind: TaskKind) -> dict[str, Any]:
    return _FORM_SCHEMAS[kind.name]


# The JSON Schema subset a form may use, so the console can render every kind generically.
FORM_FIELD_TYPES = ("string", "integer", "boolean", "array", "object")
SORTS = ("due", "priority", "created")


def task_kind(name: str) -> TaskKind:
    kind = TASK_KINDS.get(name)
    if kind is None:
        raise InvalidInput(f"unknown task kind {name!r}; known: {', '.join(TASK_KINDS)}", field="kind")
    return kind


def parse_form(kind: TaskKind, form_json: str, *, outcome: str = "") -> dict[str, Any]:
    """The form as a dict if it satisfies the kind's schema and carries what `outcome` requires;
    else InvalidInput naming the field."""
    if len(form_json.encode()) > MAX_FORM_BYTES:
        raise InvalidInput(f"form is larger than {MAX_FORM_BYTES} bytes", field="form")
    try:
        form = json.loads(form_json or "{}")
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"form is not valid JSON: {exc.msg}", field="form") from exc
    errors = sorted(Draft202012Validator(form_schema(kind)).iter_errors(form), key=lambda e: list(e.path))
    if errors:
        first = errors[0]
        where = ".".join(str(p) for p in first.path)
        field = f"form.{where}" if where else "form"
        raise InvalidInput(f"{field}: {first.message}", field=field)
    missing = kind.missing_fields(outcome, form) if outcome else []
    if missing:
        field = f"form.{missing[0]}"
        raise InvalidInput(f"{field} is required when the outcome is {outcome}", field=field)
    return form  # type: ignore[no-any-return]


def check_form_schema(schema: dict[str, Any]) -> None:
    """Raises ValueError unless `schema` stays inside the subset the console renders: an object of
    string (optionally enum), integer, boolean, array-of-string and object (entered as JSON)
    fields, each with a title."""
    if schema.get("type") != "object":
        raise ValueError("a form schema is an object")
    for name, field in schema.get("properties", {}).items():
        if field.get("type") not in FORM_FIELD_TYPES or not field.get("title"):
            raise ValueError(f"field {name}: type must be one of {FORM_FIELD_TYPES} and it needs a title")
        if field["type"] == "array" and field.get("items", {}).get("type") not in ("string", "object"):
            raise ValueError(f"field {name}: arrays hold strings or objects (entered as JSON)")


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

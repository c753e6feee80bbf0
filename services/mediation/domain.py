"""Task rules with no I/O: task kinds and their forms, who may see and act on a task."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from jsonschema import Draft202012Validator

from services.common import scope
from services.common.errors import InvalidInput
from services.common.identity import Identity
from services.mediation.panel import load_methods
from workflows.consultation.contract import COUNCIL_ROLES

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


def _form(required: tuple[str, ...] = (), **fields: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "properties": fields, "required": list(required), "additionalProperties": False}


def _text(title: str, max_length: int, min_length: int = 1) -> dict[str, Any]:
    return {"type": "string", "title": title, "minLength": min_length, "maxLength": max_length}


_OPTIONAL_NOTE = {**_NOTE, "minLength": 0}
_NOTE_FORM: dict[str, Any] = {
    "type": "object",
    "properties": {"note": _NOTE},
    "required": ["note"],
    "additionalProperties": False,
}
# Dispute types a professional mediation panel is drawn for (services/mediation/policy/roster.json).
CASE_TYPES = ("neighbour", "group", "contract", "fee", "quality", "safety", "legal")
_CASE_NO = {"type": "string", "title": "并入案件 · merge into case", "pattern": "^[A-Z]{2,8}-[0-9]{4}-[0-9]{6}$"}

TASK_KINDS: dict[str, TaskKind] = {
    kind.name: kind
    for kind in (
        TaskKind(
            "triage",
            "分流 · triage",
            _form(
                ("note",),
                note=_NOTE,
                reason=_text("理由 · reason", 500, 0),
                merge_into=_CASE_NO,
                consultation_id={"type": "string", "title": "并入议事会 · join consultation", "maxLength": 40},
                case_type={
                    "type": "string",
                    "title": "纠纷类型 · dispute type (professional mediation)",
                    "enum": list(CASE_TYPES),
                },
                involves_police={"type": "boolean", "title": "涉及派出所 · the police station is involved"},
            ),
        ),
        TaskKind(
            "site_visit", "现场核查 · site visit", _form(("findings",), findings=_text("核查情况 · findings", 1000))
        ),
        TaskKind(
            "handling",
            "办理 · handling",
            _form(
                ("note",),
                note=_NOTE,
                reason=_text("升级理由 · reason for escalation", 500, 0),
                requirements=_text("整改要求 · rectification requirements", 1000, 0),
            ),
        ),
        TaskKind(
            "daily_check",
            "每日实地查看进度 · daily progress check",
            _form(("progress",), progress=_text("进度 · progress", 500)),
        ),
        TaskKind(
            "rectification_report",
            "整改完成报告 · rectification report",
            _form(
                ("report",),
                report=_text("整改情况 · what was done", 2000),
                photos={
                    "type": "array",
                    "title": "照片 · photo references",
                    "items": {"type": "string", "maxLength": 200},
                },
                extension_days={
                    "type": "integer",
                    "title": "申请延期天数 · extension days",
                    "minimum": 1,
                    "maximum": 30,
                },
            ),
        ),
        TaskKind("rectification_verification", "整改核验 · verification", _form(("note",), note=_NOTE)),
        TaskKind("extension_approval", "延期审批 · extension approval", _form((), note=_OPTIONAL_NOTE)),
        TaskKind("callback", "回访 · satisfaction callback", _form((), note=_OPTIONAL_NOTE)),
        # Quarterly review, red/black list and takeover tasks (issue #7).
        TaskKind("review_approval", "三评结果审定 · approve the quarterly review", _NOTE_FORM),
        TaskKind("standing_approval", "黑榜审定 · approve a black-list proposal", _NOTE_FORM),
        TaskKind("summons", "约谈 · summons", _NOTE_FORM),
        TaskKind(
            "rectification_plan",
            "整改方案 · rectification plan",
            {
                "type": "object",
                "properties": {
                    "plan": {"type": "string", "title": "整改方案 · plan", "minLength": 1, "maxLength": 2000},
                    "days": {"type": "integer", "title": "整改期限（天）· days", "minimum": 1, "maximum": 90},
                },
                "required": ["plan", "days"],
                "additionalProperties": False,
            },
        ),
        TaskKind("inspection", "督办验收 · inspection", _NOTE_FORM),
        TaskKind(
            "takeover_handover",
            "接管交接 · takeover handover",
            {
                "type": "object",
                "properties": {
                    "checklist": {
                        "type": "object",
                        "title": "交接清单 · handover checklist",
                        "additionalProperties": {"type": "boolean"},
                    },
                    "note": {**_NOTE, "minLength": 0},
                },
                "required": ["checklist"],
                "additionalProperties": False,
            },
        ),
        TaskKind("takeover_acceptance", "接管验收 · takeover acceptance", _NOTE_FORM),
        # Consultation (专项调, issue #3).
        TaskKind(
            "consultation_notice",
            "议事会通知 · council notice",
            _form(
                ("meeting_at", "venue"),
                meeting_at={"type": "string", "title": "会议时间 · meeting time (ISO 8601, with offset)"},
                venue=_text("地点 · venue", 200),
                agenda=_text("议题 · agenda", 1000, 0),
            ),
        ),
        TaskKind(
            "meeting_record",
            "议事会记录 · meeting record",
            _form(
                ("attendance", "resolution", "votes"),
                attendance={
                    "type": "array",
                    "title": "出席方 · parties present",
                    "uniqueItems": True,
                    "items": {"type": "string", "enum": list(COUNCIL_ROLES)},
                },
                resolution=_text("决议 · resolution", 2000, 0),
                votes={
                    **_form(
                        ("for", "against", "abstain"),
                        **{k: {"type": "integer", "minimum": 0, "maximum": 5} for k in ("for", "against", "abstain")},
                    ),
                    "title": "表决 · votes (JSON)",
                },
                action_items={
                    "type": "array",
                    "title": "议定事项 · action items (JSON)",
                    "maxItems": 20,
                    "items": _form(
                        ("title", "owner", "due_on"),
                        title=_text("事项 · item", 200),
                        owner={"enum": list(COUNCIL_ROLES)},
                        due_on={"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
                    ),
                },
            ),
        ),
        TaskKind(
            "publicity_objection",
            "公示期异议 · objection during publicity",
            _form(("reason",), reason=_text("异议 · objection", 1000)),
        ),
        TaskKind("action_item", "议定事项 · action item", _NOTE_FORM),
        # Professional mediation (专业调, issue #3).
        TaskKind(
            "mediation_session",
            "调解会 · mediation session",
            _form(
                ("record", "methods"),
                record=_text("调解记录 · session record", 4000),
                methods={
                    "type": "array",
                    "title": "调解方法 · methods used (十调法)",
                    "minItems": 1,
                    "uniqueItems": True,
                    "items": {"type": "string", "enum": list(load_methods())},
                },
                agreement_text=_text("协议内容 · agreement text", 4000, 0),
                terms={
                    "type": "array",
                    "title": "履行条款 · terms with performance dates (JSON)",
                    "maxItems": 20,
                    "items": _form(
                        ("term", "due_on"),
                        term=_text("条款 · term", 500),
                        due_on={"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
                    ),
                },
                reason=_text("调解不成的原因 · why it failed", 1000, 0),
            ),
        ),
        TaskKind("mediation_decision", "后续处理 · what next", _form((), note=_OPTIONAL_NOTE)),
        TaskKind("performance_check", "协议履行核查 · performance check", _NOTE_FORM),
    )
}

# The JSON Schema subset a form may use, so the console can render every kind generically.
FORM_FIELD_TYPES = ("string", "integer", "boolean", "array", "object")
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

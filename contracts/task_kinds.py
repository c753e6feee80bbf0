"""The task-kind registry: every kind of human task in one place — its title (zh-CN, en), the
outcomes a person may choose with the form fields each one needs, the form itself (JSON Schema),
and the deadline that times it. Workflows, the mediation service and the console all read it;
adding a task kind is one entry here plus the workflow step that creates it.

Plain data (standard library only): it is shared by every process, inside the workflow sandbox too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from contracts.consultation import COUNCIL_ROLES

# Dispute types a professional mediation panel is drawn for (the mediation service's roster).
CASE_TYPES = ("neighbour", "group", "contract", "fee", "quality", "safety", "legal")


@dataclass(frozen=True)
class Outcome:
    """One way to complete a task; `requires` names form fields the schema leaves optional but
    this outcome needs."""

    name: str
    zh: str
    en: str
    requires: tuple[str, ...] = ()


@dataclass(frozen=True)
class TaskKind:
    name: str
    zh: str
    en: str
    # The deadline-policy entry that times the task (services/mediation/policy/versions/*.json).
    deadline: str
    outcomes: tuple[Outcome, ...]
    form_schema: dict[str, Any] = field(hash=False)

    @property
    def title(self) -> str:
        """The kind's title as a task row carries it: Chinese first, then English."""
        return f"{self.zh} · {self.en}"

    @property
    def outcome_names(self) -> list[str]:
        return [o.name for o in self.outcomes]

    def outcome(self, name: str) -> Outcome | None:
        return next((o for o in self.outcomes if o.name == name), None)

    def missing_fields(self, outcome: str, form: dict[str, Any]) -> list[str]:
        """Fields `outcome` requires that the form leaves out or blank."""
        chosen = self.outcome(outcome)
        needs = chosen.requires if chosen else ()
        return [name for name in needs if form.get(name) in (None, "", [], {})]


def _form(required: tuple[str, ...] = (), **fields: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "properties": fields, "required": list(required), "additionalProperties": False}


def _text(title: str, max_length: int, min_length: int = 1) -> dict[str, Any]:
    return {"type": "string", "title": title, "minLength": min_length, "maxLength": max_length}


_NOTE = _text("处理说明 · note", 1000)
_OPTIONAL_NOTE = _text("处理说明 · note", 1000, 0)
_NOTE_FORM = _form(("note",), note=_NOTE)
_DATE = {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
_CASE_NO = {"type": "string", "title": "并入案件 · merge into case", "pattern": "^[A-Z]{2,8}-[0-9]{4}-[0-9]{6}$"}
# The mediation service fills in the catalogue of the ten methods (十调法) it keeps.
METHODS_FIELD = "methods"


_O = Outcome

TASK_KINDS: dict[str, TaskKind] = {
    kind.name: kind
    for kind in (
        # The case (专人调 and the case's own steps).
        TaskKind(
            "triage",
            "分流",
            "triage",
            "first_response",
            (
                _O("resolved_on_spot", "现场解决", "resolved on the spot"),
                _O("designated", "专人调", "designated handling"),
                _O("merge", "并案", "merge into an open case", ("merge_into",)),
                _O("refer_out_of_scope", "不属受理范围，转出", "refer out of scope", ("reason",)),
                _O("consultation", "专项调", "special consultation"),
                _O("professional", "专业调", "professional mediation"),
            ),
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
            "site_visit",
            "现场核查",
            "on-site check",
            "first_response",
            (_O("visited", "已核查", "visited"),),
            _form(("findings",), findings=_text("核查情况 · findings", 1000)),
        ),
        TaskKind(
            "handling",
            "办理",
            "handling",
            "designated_handling",
            (
                _O("resolved", "已解决", "resolved"),
                _O("rectification_order", "下达整改单", "issue a rectification order", ("requirements",)),
                _O("escalate", "提级办理", "escalate", ("reason",)),
            ),
            _form(
                ("note",),
                note=_NOTE,
                reason=_text("升级理由 · reason for escalation", 500, 0),
                requirements=_text("整改要求 · rectification requirements", 1000, 0),
            ),
        ),
        TaskKind(
            "daily_check",
            "每日实地查看进度",
            "daily progress check",
            "daily_check",
            (_O("checked", "已查看", "checked"),),
            _form(("progress",), progress=_text("进度 · progress", 500)),
        ),
        TaskKind(
            "rectification_report",
            "整改完成报告",
            "rectification report",
            "rectification",
            (
                _O("done", "整改完成", "done"),
                _O("request_extension", "申请延期", "request an extension", ("extension_days",)),
            ),
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
        TaskKind(
            "rectification_verification",
            "整改核验",
            "rectification verification",
            "verification",
            (
                _O("pass", "核验通过", "passed"),
                _O("fail_new_order", "未通过，重新整改", "failed: a new order"),
                _O("fail_escalate", "未通过，提级办理", "failed: escalate"),
            ),
            _NOTE_FORM,
        ),
        TaskKind(
            "extension_approval",
            "延期审批",
            "extension approval",
            "extension_approval",
            (_O("approve", "同意延期", "approve"), _O("refuse", "不同意", "refuse")),
            _form((), note=_OPTIONAL_NOTE),
        ),
        TaskKind(
            "callback",
            "回访",
            "satisfaction callback",
            "callback",
            (
                _O("satisfied", "满意", "satisfied"),
                _O("fairly_satisfied", "基本满意", "fairly satisfied"),
                _O("unsatisfied", "不满意", "unsatisfied"),
                _O("no_answer", "未接通", "no answer"),
            ),
            _form((), note=_OPTIONAL_NOTE),
        ),
        # Quarterly review, red/black list, supervision and takeover.
        TaskKind(
            "review_approval",
            "三评结果审定",
            "quarterly review approval",
            "review_approval",
            (_O("approve", "审定通过", "approve"), _O("recompute", "重新计算", "recompute")),
            _NOTE_FORM,
        ),
        TaskKind(
            "standing_approval",
            "黑榜审定",
            "black-list approval",
            "standing_approval",
            (_O("approve", "同意列入黑榜", "approve"), _O("reject", "不同意", "reject")),
            _NOTE_FORM,
        ),
        TaskKind("summons", "约谈", "summons", "summons", (_O("held", "已约谈", "held"),), _NOTE_FORM),
        TaskKind(
            "rectification_plan",
            "整改方案",
            "rectification plan",
            "rectification_plan",
            (_O("submitted", "已提交", "submitted"),),
            _form(
                ("plan", "days"),
                plan=_text("整改方案 · plan", 2000),
                days={"type": "integer", "title": "整改期限（天）· days", "minimum": 1, "maximum": 90},
            ),
        ),
        TaskKind(
            "inspection",
            "督办验收",
            "supervision inspection",
            "inspection",
            (_O("passed", "验收通过", "passed"), _O("failed", "验收未通过", "failed")),
            _NOTE_FORM,
        ),
        TaskKind(
            "takeover_handover",
            "接管交接",
            "takeover handover",
            "takeover_handover",
            (_O("handed_over", "已交接", "handed over"),),
            _form(
                ("checklist",),
                checklist={
                    "type": "object",
                    "title": "交接清单 · handover checklist",
                    # One box per item of contracts/takeover.py's CHECKLIST (contracts import nothing of each other).
                    "properties": {
                        "keys": {"type": "boolean", "title": "钥匙 · keys"},
                        "archives": {"type": "boolean", "title": "档案资料 · archives"},
                        "facilities": {"type": "boolean", "title": "设施设备 · facilities"},
                        "accounts": {"type": "boolean", "title": "账目 · accounts"},
                        "staff": {"type": "boolean", "title": "人员 · staff"},
                    },
                    "additionalProperties": False,
                },
                note=_OPTIONAL_NOTE,
            ),
        ),
        TaskKind(
            "takeover_acceptance",
            "接管验收",
            "takeover acceptance",
            "takeover_acceptance",
            (_O("well_managed", "管得好", "well managed"), _O("not_yet", "尚未达标", "not yet")),
            _NOTE_FORM,
        ),
        # Special consultation (专项调).
        TaskKind(
            "consultation_notice",
            "议事会通知",
            "council meeting notice",
            "consultation_notice",
            (_O("recorded", "已登记", "recorded"),),
            _form(
                ("meeting_at", "venue"),
                meeting_at={"type": "string", "format": "date-time", "title": "会议时间 · meeting time"},
                venue=_text("地点 · venue", 200),
                agenda=_text("议题 · agenda", 1000, 0),
            ),
        ),
        TaskKind(
            "meeting_record",
            "议事会记录",
            "meeting record",
            "first_response",
            (_O("recorded", "已登记", "recorded"),),
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
                        **{
                            k: {"type": "integer", "title": title, "minimum": 0, "maximum": 5}
                            for k, title in (
                                ("for", "赞成 · for"),
                                ("against", "反对 · against"),
                                ("abstain", "弃权 · abstain"),
                            )
                        },
                    ),
                    "title": "表决 · votes",
                },
                action_items={
                    "type": "array",
                    "title": "议定事项 · action items",
                    "maxItems": 20,
                    "items": _form(
                        ("title", "owner", "due_on"),
                        title=_text("事项 · item", 200),
                        owner={"title": "负责方 · owner", "enum": list(COUNCIL_ROLES)},
                        due_on={**_DATE, "title": "完成日期 · due on"},
                    ),
                },
            ),
        ),
        TaskKind(
            "publicity_objection",
            "公示期异议",
            "objection during publicity",
            "publicity",
            (_O("objection", "登记异议", "objection"),),
            _form(("reason",), reason=_text("异议 · objection", 1000)),
        ),
        TaskKind(
            "action_item",
            "议定事项",
            "action item",
            "first_response",
            (_O("done", "已完成", "done"),),
            _NOTE_FORM,
        ),
        # Professional mediation (专业调).
        TaskKind(
            "mediation_session",
            "调解会",
            "mediation session",
            "mediation_session",
            (
                _O("continue", "继续调解", "another session"),
                _O("agreement", "达成协议", "agreement", ("agreement_text", "terms")),
                _O("failed", "调解不成", "mediation failed", ("reason",)),
            ),
            _form(
                ("record", METHODS_FIELD),
                record=_text("调解记录 · session record", 4000),
                methods={
                    "type": "array",
                    "title": "调解方法 · methods used (十调法)",
                    "minItems": 1,
                    "uniqueItems": True,
                    "items": {"type": "string"},
                },
                agreement_text=_text("协议内容 · agreement text", 4000, 0),
                terms={
                    "type": "array",
                    "title": "履行条款 · terms with performance dates",
                    "maxItems": 20,
                    "items": _form(
                        ("term", "due_on"),
                        term=_text("条款 · term", 500),
                        due_on={**_DATE, "title": "履行日期 · due on"},
                    ),
                },
                reason=_text("调解不成的原因 · why it failed", 1000, 0),
            ),
        ),
        TaskKind(
            "mediation_decision",
            "后续处理",
            "what next",
            "first_response",
            (
                _O("resume_mediation", "重新调解", "mediate again"),
                _O("refer_litigation", "转诉讼", "refer to litigation"),
                _O("close_unresolved", "未解决结束", "close unresolved"),
            ),
            _form((), note=_OPTIONAL_NOTE),
        ),
        TaskKind(
            "performance_check",
            "协议履行核查",
            "performance check",
            "first_response",
            (_O("performed", "已履行", "performed"), _O("not_performed", "未履行", "not performed")),
            _NOTE_FORM,
        ),
    )
}

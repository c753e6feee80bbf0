"""The names people read for the codes records carry: timeline events, channels, roles in
candidate groups, dispute types and council parties (zh-CN, English), named as in GLOSSARY.md.
A code missing here is shown by its record's own Chinese summary, never as the code."""

from __future__ import annotations

import re
from collections.abc import Callable

# Timeline event kinds (intake's and the workflows' records) → (中文, English).
EVENTS: dict[str, tuple[str, str]] = {
    "complaint_received": ("诉求受理", "complaint received"),
    "acknowledged": ("受理回执", "acknowledged"),
    "complaint_joined": ("同类诉求并入", "complaint joined"),
    "complainant_joined": ("诉求人并入", "complainant joined"),
    "group_dispute_flagged": ("群体性纠纷", "group dispute"),
    "category_changed": ("分类调整", "category changed"),
    "merged": ("并案", "merged"),
    "triage_started": ("分流", "triage"),
    "task_created": ("新任务", "task created"),
    "task_completed": ("任务办结", "task completed"),
    "task_expired": ("超期收回", "task expired"),
    "overdue": ("超期", "overdue"),
    "level_started": ("承办层级", "level started"),
    "street_center": ("难题会诊", "street center"),
    "district_center": ("协调联办", "district center"),
    "daily_check_missed": ("未按日查看", "daily check missed"),
    "reply": ("回复诉求人", "reply"),
    "reopened": ("重新办理", "reopened"),
    "unreachable": ("回访未接通", "unreachable"),
    "closed": ("结案", "closed"),
    "referred": ("转出", "referred"),
    "referral": ("诉调对接", "referral"),
    "merge_refused": ("并案未成", "merge refused"),
    "consultation_started": ("专项调启动", "consultation started"),
    "consultation_joined": ("并入议事会", "consultation joined"),
    "consultation_join_refused": ("并入议事会未成", "consultation join refused"),
    "consultation_resolved": ("议事会决议", "consultation resolved"),
    "professional_started": ("专业调启动", "professional mediation started"),
    "professional_ended": ("专业调结束", "professional mediation ended"),
    "professional_resolved": ("专业调解决", "professional mediation resolved"),
    "panel_drawn": ("组成调解组", "panel drawn"),
    "session_recorded": ("调解记录", "session recorded"),
    "agreement": ("达成协议", "agreement"),
    "court_extended": ("法院延期", "court extended"),
    "confirmation_not_applied": ("未申请司法确认", "confirmation not applied"),
    "confirmation_applied": ("已申请司法确认", "confirmation applied"),
    "continued_as_new": ("案卷续档", "history continued"),
    "status_changed": ("状态变更", "status changed"),
    "rectification_order": ("整改单", "rectification order"),
}

CHANNELS: dict[str, tuple[str, str]] = {
    "hotline_12345": ("12345热线", "citizen hotline"),
    "grid_inspection": ("网格员排查", "grid worker inspection"),
    "petition": ("信访", "petition"),
    "online": ("网投", "online complaint"),
    "visit": ("走访", "visit"),
    "property_hotline": ("物业投诉电话", "property complaint line"),
    "reception_point": ("心情驿站", "complaint reception point"),
}

# Roles as they appear in candidate groups ("<organisation code>:<role>").
ROLES: dict[str, tuple[str, str]] = {
    "caseworker": ("社区工作人员", "caseworker"),
    "grid_worker": ("网格员", "grid worker"),
    "street_center": ("街道物业服务中心", "street center"),
    "district_center": ("区物管中心", "district center"),
    "supervisor": ("主管", "supervisor"),
    "company": ("物业服务企业", "property company"),
    "mediator": ("调解员", "mediator"),
    "counselor": ("心理咨询师", "counselor"),
    "lawyer": ("驻站律师", "lawyer"),
    "judge": ("法官", "judge"),
    "court_liaison": ("法院联络", "court liaison"),
    "police_liaison": ("派出所联络", "police liaison"),
    "ops": ("运维", "ops"),
    "admin": ("管理员", "admin"),
    "department": ("职能部门", "department"),
}

# Form choices: dispute types a panel is drawn for, and the council's five parties (五方).
CHOICES: dict[str, tuple[str, str]] = {
    "neighbour": ("邻里纠纷", "neighbours"),
    "group": ("群体性纠纷", "group dispute"),
    "contract": ("合同纠纷", "contract"),
    "fee": ("物业费纠纷", "fees"),
    "quality": ("服务质量", "service quality"),
    "safety": ("安全隐患", "safety"),
    "legal": ("涉法涉诉", "legal"),
    "community_party_committee": ("社区党委", "community party committee"),
    "residents_committee": ("居委会", "residents' committee"),
    "owners_committee": ("业委会", "owners' committee"),
    "management_committee": ("物管会", "management committee"),
    "property_company": ("物业服务企业", "property company"),
}

_SPLIT = re.compile(r"\s*·\s+")
_CJK = re.compile(r"[\u4e00-\u9fff]")
# A run of plain English words inside a Chinese part ("triage 待办"); codes with digits or hyphens
# (case and receipt numbers) are not words and stay.
_WORDS = re.compile(r"(?<![\w-])[A-Za-z][a-z']*(?:\s+[A-Za-z][a-z']*)*(?![\w-])")


def pick(table: dict[str, tuple[str, str]], code: str, lang: str) -> str:
    entry = table.get(code)
    if entry is None:
        return code
    return entry[1] if lang == "en" else entry[0]


def has_chinese(text: str) -> bool:
    return bool(_CJK.search(text))


def bilingual(text: str, lang: str) -> str:
    """One side of a "中文 · English" text (registry titles, workflow summaries): the parts with
    Chinese in zh, the parts without in English; text with no such split is shown whole."""
    parts = [p.strip() for p in _SPLIT.split(text)]
    if len(parts) < 2:
        return text
    chosen = [p for p in parts if bool(_CJK.search(p)) != (lang == "en")]
    if lang != "en":
        chosen = [" ".join(_WORDS.sub("", p).split()).strip(":;, ") for p in chosen]
    joined = " · ".join(p for p in chosen if p) or text
    if lang != "en":  # what stripping the English left behind: "马警官()", "法理调 · 、换位调"
        joined = re.sub(r"\(\s*\)|（\s*）", "", joined).replace(" · 、", "、")
    # "调解方法 · methods used (十调法)" leaves "(十调法)": a note on the title, not a second title.
    return re.sub(r" · \(([^()]*)\)$", r"（\1）", joined)


def event_label(kind: str, lang: str) -> str:
    """A timeline event's name; empty when the code is unknown (its summary then speaks alone)."""
    entry = EVENTS.get(kind)
    if entry is None:
        return "" if lang != "en" else kind
    return entry[1] if lang == "en" else entry[0]


def order_requirements(summary: str) -> str:
    """What a rectification order asks, from its timeline record ("整改单 … · rectification order to
    <company>: <requirements>", workflows/case/designated.py)."""
    _, found, requirements = summary.partition(": ")
    return requirements.strip() if found else ""


_ORG_CODE = re.compile(r"(?<![A-Za-z0-9-])[A-Z]{2}-[A-Z0-9]+(?:-[A-Z0-9]+)*(?![A-Za-z0-9-])")
_TERM = re.compile(r"\b[a-z]+(?:_[a-z]+)*\b")


def names_in(text: str, organisation: Callable[[str], str]) -> str:
    """Organisation codes in a free text (a notice's title, a standing's reason) by name."""
    return _ORG_CODE.sub(lambda m: organisation(m.group(0)), text)


def humanise(text: str, lang: str, organisation: Callable[[str], str]) -> str:
    """A record's free text as a person reads it: in zh, organisation codes by name and role or
    party codes by their Chinese names, then the Chinese side of a bilingual text."""
    if lang == "en":
        return bilingual(text, lang)
    terms = ROLES | CHOICES
    text = names_in(text, organisation)
    text = _TERM.sub(lambda m: terms[m.group(0)][0] if m.group(0) in terms else m.group(0), text)
    return bilingual(text, lang)

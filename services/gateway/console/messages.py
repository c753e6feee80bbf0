"""The services' refusals in the words of the page: a form refusal (mediation's InvalidInput names
the field, "form.note: '' should be non-empty"; the workflow's "outcome 'merge' needs
form.merge_into") becomes the field it concerns and a Chinese sentence shown next to it; any other
refusal becomes a Chinese sentence per HTTP status. English keeps the service's own words."""

from __future__ import annotations

import re
from dataclasses import dataclass

_FIELD = re.compile(r"(?:^|needs |\b)form\.([A-Za-z_][\w]*)")
_MISSING_PROPERTY = re.compile(r"^form: '([\w]+)' is a required property")

# (what the schema check says, 中文) — jsonschema's messages, in the order they are tried.
_SCHEMA_WORDS: tuple[tuple[str, str], ...] = (
    ("choose the complaint category", "请先确认诉求类别：系统建议把握不足，需要您从最可能的类别中选择"),
    ("is not in the category catalogue", "请选择类别目录中的诉求类别"),
    ("is required when the outcome is", "所选办理结果需要填写此项"),
    ("needs form.", "所选办理结果需要填写此项"),
    ("should be non-empty", "不能为空"),
    ("is too short", "不能为空或过短"),
    ("is too long", "内容过长"),
    ("is not of type 'integer'", "请填写整数"),
    ("is not of type", "格式不正确"),
    ("does not match", "格式不正确"),
    ("is less than the minimum", "小于允许的最小值"),
    ("is greater than the maximum", "大于允许的最大值"),
    ("is not one of", "不是可选的值"),
    ("has non-unique elements", "有重复的选项"),
    ("is a required property", "此项必填"),
)

_STATUS_ZH = {
    400: "请求有误，请检查后重试。",
    403: "您没有权限查看或办理此项内容。",
    404: "没有找到您要的内容，可能编号有误或已被删除。",
    409: "此任务的状态已经变化（可能已被他人认领或办结），请刷新后再试。",
    422: "填写的内容有误，请检查后重试。",
    429: "操作过于频繁，请稍后再试。",
    503: "服务暂时不可用，请稍后再试。",
}


@dataclass(frozen=True)
class Refusal:
    """A refusal as the page shows it: the field it concerns (empty for the whole form) and the words."""

    field: str
    message: str


def form_refusal(detail: str, lang: str) -> Refusal:
    """The field a service's form refusal names and what to say next to it."""
    missing = _MISSING_PROPERTY.match(detail)
    found = missing or _FIELD.search(detail)
    field = found.group(1) if found else ""
    if lang == "en":
        return Refusal(field, detail)
    words = next((zh for en, zh in _SCHEMA_WORDS if en in detail), "")
    if not words:
        words = _STATUS_ZH[409] if "not an open task" in detail or "already being" in detail else _STATUS_ZH[422]
    return Refusal(field, words)


def status_message(status: int, detail: str, lang: str) -> str:
    """An error page's sentence: the service's detail in English, a Chinese sentence per status."""
    if lang == "en":
        return detail
    return _STATUS_ZH.get(status, "系统出错了，请稍后再试；问题持续时请联系运维。")

"""The services' refusals in the words of the page: a form refusal (mediation's InvalidInput names
the field, "form.note: '' should be non-empty"; the workflow's "outcome 'merge' needs
form.merge_into") becomes the field it concerns and a Chinese sentence shown next to it; any other
refusal becomes a Chinese sentence per HTTP status. English keeps the service's own words."""

from __future__ import annotations

import re
from dataclasses import dataclass

from services.gateway.console.catalogue import sentences

_FIELD = re.compile(r"(?:^|needs |\b)form\.([A-Za-z_][\w]*)")
_MISSING_PROPERTY = re.compile(r"^form: '([\w]+)' is a required property")

# (what the schema check says, 中文) — jsonschema's messages, in the order they are tried; and an
# error page's sentence per HTTP status (labels.toml).
_SCHEMA_WORDS = sentences("schema_refusals")
_STATUS_ZH = {int(status): words for status, words in sentences("status_sentences").items()}


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
    words = next((zh for en, zh in _SCHEMA_WORDS.items() if en in detail), "")
    if not words:
        words = _STATUS_ZH[409] if "not an open task" in detail or "already being" in detail else _STATUS_ZH[422]
    return Refusal(field, words)


def status_message(status: int, detail: str, lang: str) -> str:
    """An error page's sentence: the service's detail in English, a Chinese sentence per status."""
    if lang == "en":
        return detail
    return _STATUS_ZH.get(status, "系统出错了，请稍后再试；问题持续时请联系运维。")

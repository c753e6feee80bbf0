"""The names people read for the codes records carry: timeline events, channels, roles in
candidate groups, dispute types and council parties (zh-CN, English), named as in GLOSSARY.md.
A code missing here is shown by its record's own Chinese summary, never as the code."""

from __future__ import annotations

import re
from collections.abc import Callable

from services.gateway.console.catalogue import Labels, labels

# Timeline event kinds, channels, roles in candidate groups ("<organisation code>:<role>"), and
# form choices (dispute types, the council's five parties): code → (中文, English).
EVENTS = labels("events")
CHANNELS = labels("channels")
ROLES = labels("roles")
CHOICES = labels("choices")

_SPLIT = re.compile(r"\s*·\s+")
_CJK = re.compile(r"[\u4e00-\u9fff]")
# A run of plain English words inside a Chinese part ("triage 待办"); codes with digits or hyphens
# (case and receipt numbers) are not words and stay.
_WORDS = re.compile(r"(?<![\w-])[A-Za-z][a-z']*(?:\s+[A-Za-z][a-z']*)*(?![\w-])")


def pick(table: Labels, code: str, lang: str) -> str:
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

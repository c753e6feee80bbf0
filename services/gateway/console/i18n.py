"""Console labels in zh-CN (default) and English, named as in GLOSSARY.md."""

from __future__ import annotations

import re

from contracts.task_kinds import TASK_KINDS
from services.gateway.console.catalogue import labels, sentences

LANGUAGES = ("zh", "en")
DEFAULT_LANGUAGE = "zh"

# key → (中文, English); the 共同管 pages' words win over the console's where a key is in both.
LABELS = labels("console") | labels("manage")
# (what the service says, 中文) — tried in order; the first that matches is shown.
REFUSALS = sentences("refusals")

TRACKS = ("DESIGNATED", "CONSULTATION", "PROFESSIONAL")
LEVELS = ("COMMUNITY", "STREET", "DISTRICT")


def translate(key: str, lang: str) -> str:
    """The label for `key`; an unknown key shows as itself (an identifier is better than nothing)."""
    pair = LABELS.get(key)
    if pair is None:
        return key.split(".", 1)[-1]
    return pair[1] if lang == "en" else pair[0]


def kind_title(kind: str, lang: str) -> str:
    """A task kind's title from the task-kind registry; an unknown kind shows as its name."""
    entry = TASK_KINDS.get(kind)
    if entry is None:
        return kind
    return entry.en if lang == "en" else entry.zh


def outcome_label(kind: str, outcome: str, lang: str) -> str:
    """An outcome as the registry names it for that kind of task."""
    entry = TASK_KINDS.get(kind)
    chosen = entry.outcome(outcome) if entry else None
    if chosen is None:
        return outcome
    return chosen.en if lang == "en" else chosen.zh


# What a service's refusal quotes ('DJ-2026-999999'), for a sentence that names it.
_QUOTED = re.compile(r"'([^']{1,80})'")


def refusal_zh(detail: str, lang: str) -> str:
    """A service's refusal on a 共同管 form as the page says it (English keeps the service's words).
    `{quoted}` in a sentence becomes what the service quoted — which case number is wrong, not
    only that one is — or nothing when it quoted nothing."""
    if lang == "en":
        return detail
    sentence = next((zh for en, zh in REFUSALS.items() if en in detail), "填写的内容有误，请检查后重试。")
    quoted = "、".join(_QUOTED.findall(detail))
    return sentence.replace("{quoted}", f" {quoted} " if quoted else "")

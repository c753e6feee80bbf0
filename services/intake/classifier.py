"""Suggests a complaint's category from its text: jieba segmentation, then weighted keyword rules
from the catalogue. Overridable at triage; when nothing matches, the fallback category."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass

import jieba

from services.intake.catalogue import FALLBACK_CATEGORY, categories

_lock = threading.Lock()
_tokenizer: jieba.Tokenizer | None = None


@dataclass(frozen=True)
class Suggestion:
    category: str
    # The matched keyword weights, summed; 0 means the fallback was used.
    score: int
    matched: tuple[str, ...]


def _segmenter() -> jieba.Tokenizer:
    """One tokenizer per process, with every catalogue keyword in its dictionary so a keyword
    such as 充电桩 comes out as one token. jieba's dictionary ships inside the package."""
    global _tokenizer
    with _lock:
        if _tokenizer is None:
            jieba.setLogLevel(logging.WARNING)
            tokenizer = jieba.Tokenizer()
            for category in categories().values():
                for word, _ in category.keywords:
                    tokenizer.add_word(word, freq=100000)
            tokenizer.initialize()
            _tokenizer = tokenizer
        return _tokenizer


def tokens(text: str) -> list[str]:
    return [t for t in _segmenter().lcut(text) if t.strip()]


def suggest_category(text: str) -> Suggestion:
    """The category whose keywords weigh most among the text's tokens; ties go to the earlier
    category in the catalogue. A keyword counts once however often it appears."""
    words = set(tokens(text))
    best = Suggestion(FALLBACK_CATEGORY, 0, ())
    for category in categories().values():
        matched = tuple(word for word, _ in category.keywords if word in words)
        score = sum(weight for word, weight in category.keywords if word in words)
        if score > best.score:
            best = Suggestion(category.code, score, matched)
    return best

"""Suggests a complaint's category with a trained linear model (issue #16): character n-grams and
jieba word n-grams, weighted tf-idf, a multinomial logistic regression's coefficients.

The model is plain data — a JSON file of vocabulary, idf, coefficients and intercepts built by
`python -m services.intake.training` from the corpus in the repository — so loading it runs no
code (unlike a pickle). Prediction is numpy only; scikit-learn is needed to train, not to serve.
A model that fails to load or to predict never blocks filing: the fallback category is used and
the failure logged."""

from __future__ import annotations

import gzip
import itertools
import json
import logging
import math
import re
import threading
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import jieba
    import numpy as np

from services.intake.catalogue import FALLBACK_CATEGORY

log = logging.getLogger("fengqiao.intake.classifier")
MODEL_FILE = Path(__file__).with_name("catalogue") / "category_model.json.gz"
MODEL_FORMAT = "fengqiao-category-model/1"
# Below this probability the console asks the caseworker to choose (the model file may override).
DEFAULT_CONFIRM_BELOW = 0.6
TOP = 3
# Features come from the first this many characters: a complaint says what it is about early, and
# the cost grows with length (2,000 characters took ~21 ms of CPU, 400 take ~5 ms).
MAX_CHARS = 400

_lock = threading.Lock()
_tokenizer: jieba.Tokenizer | None = None
_DIGITS = re.compile(r"\d+")
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Full-width to half-width, lower case, every number one digit, runs of space one space."""
    text = unicodedata.normalize("NFKC", text).lower()
    return _SPACE.sub(" ", _DIGITS.sub("0", text)).strip()


def _segmenter() -> jieba.Tokenizer:
    """One tokenizer per process with jieba's own dictionary (shipped inside the package)."""
    global _tokenizer
    with _lock:
        if _tokenizer is None:
            import jieba  # here, not at import: intake's start-up does not pay for it (issue 19)

            jieba.setLogLevel(logging.WARNING)
            tokenizer = jieba.Tokenizer()
            tokenizer.initialize()
            _tokenizer = tokenizer
        return _tokenizer


def tokens(text: str) -> list[str]:
    return [
        t for t in _segmenter().lcut(normalise(text)) if t.strip() and not unicodedata.category(t[0]).startswith("P")
    ]


def features(text: str) -> list[str]:
    """The model's features: character 1–3-grams (c:) and word 1–2-grams (w:) of the text's first
    MAX_CHARS characters."""
    text = text[:MAX_CHARS]
    norm = normalise(text)
    chars = [c for c in norm if not c.isspace()]
    out = [f"c:{''.join(chars[i : i + n])}" for n in (1, 2, 3) for i in range(len(chars) - n + 1)]
    words = tokens(text)
    out += [f"w:{w}" for w in words]
    out += [f"w:{a}_{b}" for a, b in itertools.pairwise(words)]
    return out


@dataclass(frozen=True)
class Scored:
    category: str
    probability: float


@dataclass(frozen=True)
class Suggestion:
    category: str
    probability: float
    # The three likeliest categories, likeliest first.
    top: tuple[Scored, ...]
    model_version: str
    # False when the probability is under the model's threshold: the caseworker chooses.
    confident: bool


class CategoryModel:
    """A loaded model file: predicts by tf-idf weighting, a dot product and a softmax."""

    def __init__(self, data: dict[str, Any]) -> None:
        if data.get("format") != MODEL_FORMAT:
            raise ValueError(f"model file format {data.get('format')!r} is not {MODEL_FORMAT!r}")
        self.version: str = str(data["version"])
        self.classes: list[str] = [str(c) for c in data["classes"]]
        self.confirm_below = float(data.get("confirm_below", DEFAULT_CONFIRM_BELOW))
        self.metrics: dict[str, Any] = dict(data.get("metrics", {}))
        import numpy as np  # here, not at import: intake's start-up does not pay for it (issue 19)

        vocabulary = [str(v) for v in data["vocabulary"]]
        self.index = {feature: i for i, feature in enumerate(vocabulary)}
        self.idf = np.asarray(data["idf"], dtype=np.float64)
        self.coef = np.asarray(data["coef"], dtype=np.float64)
        self.intercept = np.asarray(data["intercept"], dtype=np.float64)
        if self.coef.shape != (len(self.classes), len(vocabulary)) or self.idf.shape != (len(vocabulary),):
            raise ValueError("model file: coefficient and vocabulary sizes disagree")
        if self.intercept.shape != (len(self.classes),):
            raise ValueError("model file: one intercept per class")

    @classmethod
    def load(cls, path: Path = MODEL_FILE) -> CategoryModel:
        raw = path.read_bytes()
        text = gzip.decompress(raw) if path.suffix == ".gz" else raw
        return cls(json.loads(text))

    def probabilities(self, text: str) -> np.ndarray:
        import numpy as np

        counts = Counter(i for f in features(text) if (i := self.index.get(f)) is not None)
        if not counts:
            scores = self.intercept.copy()
        else:
            cols = np.fromiter(counts.keys(), dtype=np.int64)
            tf = np.fromiter((1.0 + math.log(c) for c in counts.values()), dtype=np.float64)
            weights = tf * self.idf[cols]
            weights /= np.linalg.norm(weights)
            scores = self.coef[:, cols] @ weights + self.intercept
        scores -= scores.max()
        exp = np.exp(scores)
        probs: np.ndarray = exp / exp.sum()
        return probs

    def suggest(self, text: str) -> Suggestion:
        import numpy as np

        probs = self.probabilities(text)
        order = np.argsort(-probs, kind="stable")[:TOP]
        top = tuple(Scored(self.classes[i], round(float(probs[i]), 4)) for i in order)
        return Suggestion(
            top[0].category, top[0].probability, top, self.version, top[0].probability >= self.confirm_below
        )


_model: CategoryModel | None = None
_model_error = ""
# The file current_model() loads when none is loaded yet (the service's setting, main.py).
_model_file = MODEL_FILE
# One load at a time: a suggestion asked for while the service's start-up load runs waits for it.
_load_lock = threading.RLock()


def choose_model_file(path: Path) -> None:
    global _model_file
    _model_file = path


def load_model(path: Path = MODEL_FILE) -> CategoryModel | None:
    """Loads the model; on failure logs it and serves the fallback."""
    with _load_lock:
        return _load(path)


def _load(path: Path) -> CategoryModel | None:
    global _model, _model_error
    try:
        model = CategoryModel.load(path)
        model.suggest("预热")  # builds jieba's dictionary now, not on the first complaint
    except Exception as exc:
        log.error(
            "category model not loaded; suggestions fall back to %s",
            FALLBACK_CATEGORY,
            extra={"path": str(path), "error": repr(exc)},
        )
        _model, _model_error = None, repr(exc)
        return None
    _model, _model_error = model, ""
    log.info("category model loaded", extra={"version": model.version, "path": str(path)})
    return model


def current_model() -> CategoryModel | None:
    """The loaded model; loads the chosen file first when none is loaded (or being loaded) yet."""
    if _model is None and not _model_error:
        with _load_lock:
            if _model is None and not _model_error:
                _load(_model_file)
    return _model


def fallback() -> Suggestion:
    return Suggestion(FALLBACK_CATEGORY, 0.0, (), "", False)


def suggest_category(text: str) -> Suggestion:
    """The model's suggestion; the fallback category (probability 0, not confident) when the model
    is missing or fails — never an exception, so filing goes on."""
    model = current_model()
    if model is None:
        return fallback()
    try:
        return model.suggest(text)
    except Exception as exc:
        log.error("category suggestion failed; fallback used", extra={"error": repr(exc)})
        return fallback()


def case_columns(suggestion: Suggestion) -> dict[str, Any]:
    """The suggestion as the case's columns (services/intake/models.py) at filing."""
    return {
        "category_source": "suggested",
        "suggested_category": suggestion.category,
        "suggestion_probability": suggestion.probability,
        "suggestion_top": [{"category": s.category, "probability": s.probability} for s in suggestion.top],
        "model_version": suggestion.model_version,
    }


def is_confident(probability: float) -> bool:
    """Whether a stored suggestion's probability clears the loaded model's threshold."""
    model = current_model()
    return probability >= (model.confirm_below if model else DEFAULT_CONFIRM_BELOW)

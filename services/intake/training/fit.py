"""Fits the model with scikit-learn and exports it as plain data (see services/intake/classifier.py),
and measures a model on a split: accuracy, macro-F1, per-category accuracy, confusion matrix."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from services.intake.classifier import MODEL_FORMAT, CategoryModel, features
from services.intake.training.corpus import Example

C_GRID = (3.0, 10.0, 30.0, 100.0)
MIN_DF = 2


def fit(
    rows: Sequence[Example], c: float, *, confirm_below: float, extra: dict[str, Any] | None = None
) -> dict[str, Any]:
    """A model file's data: vocabulary, idf, coefficients, intercepts; version from the data's hash."""
    vectorizer = TfidfVectorizer(analyzer=features, sublinear_tf=True, min_df=MIN_DF, norm="l2")
    matrix = vectorizer.fit_transform([r.text for r in rows])
    model = LogisticRegression(C=c, max_iter=3000)
    model.fit(matrix, [r.category for r in rows])
    vocabulary = sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.__getitem__)
    digest = hashlib.sha256(json.dumps([[r.category, r.text] for r in rows], ensure_ascii=False).encode())
    digest.update(f"{c}/{MIN_DF}/{MODEL_FORMAT}".encode())
    return {
        "format": MODEL_FORMAT,
        "version": f"m1-{digest.hexdigest()[:10]}",
        "classes": [str(c) for c in model.classes_],
        "confirm_below": confirm_below,
        "params": {"C": c, "min_df": MIN_DF, "features": "char 1-3 + jieba word 1-2, sublinear tf-idf, l2"},
        "training_examples": len(rows),
        **(extra or {}),
        "vocabulary": vocabulary,
        "idf": [round(float(v), 5) for v in vectorizer.idf_],
        "coef": [[round(float(v), 5) for v in row] for row in model.coef_],
        "intercept": [round(float(v), 5) for v in model.intercept_],
    }


@dataclass(frozen=True)
class Measure:
    accuracy: float
    macro_f1: float
    per_category: dict[str, float]
    confusion: dict[str, dict[str, int]]
    n: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "accuracy": round(self.accuracy, 4),
            "macro_f1": round(self.macro_f1, 4),
            "per_category": {k: round(v, 4) for k, v in self.per_category.items()},
        }

    def better_or_equal(self, other: Measure) -> bool:
        """Not worse on either figure (a small tolerance for rounding in the file)."""
        return self.accuracy >= other.accuracy - 1e-9 and self.macro_f1 >= other.macro_f1 - 1e-9


def measure(model: CategoryModel, rows: Sequence[Example], codes: Sequence[str]) -> Measure:
    predicted = [model.suggest(r.text).category for r in rows]
    confusion = {want: dict.fromkeys(codes, 0) for want in codes}
    for row, got in zip(rows, predicted, strict=True):
        confusion[row.category][got] += 1
    per_category: dict[str, float] = {}
    f1s: list[float] = []
    for code in codes:
        support = sum(confusion[code].values())
        if not support:
            continue
        hit = confusion[code][code]
        said = sum(confusion[w][code] for w in codes)
        recall = hit / support
        precision = hit / said if said else 0.0
        per_category[code] = recall
        f1s.append(2 * precision * recall / (precision + recall) if precision + recall else 0.0)
    correct = sum(1 for r, got in zip(rows, predicted, strict=True) if r.category == got)
    return Measure(correct / len(rows), sum(f1s) / len(f1s), per_category, confusion, len(rows))

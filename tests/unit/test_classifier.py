"""The category suggestion against the labelled set of realistic complaints (issue #6)."""

from __future__ import annotations

import csv
import json
from collections import Counter

from services.intake.catalogue import CATALOGUE_FILE, FALLBACK_CATEGORY, LABELLED_SET_FILE, categories
from services.intake.classifier import suggest_category, tokens

REQUIRED_ACCURACY = 0.85


def labelled() -> list[tuple[str, str]]:
    with LABELLED_SET_FILE.open(encoding="utf-8") as f:
        return [(row["category"], row["text"]) for row in csv.DictReader(f)]


def test_the_labelled_set_is_large_varied_and_uses_catalogue_codes() -> None:
    rows = labelled()
    assert len(rows) >= 200
    assert len({text for _, text in rows}) == len(rows), "duplicate complaints in the labelled set"
    counts = Counter(category for category, _ in rows)
    assert set(counts) <= set(categories())
    # Every real category is represented well enough to measure it.
    assert all(counts[code] >= 15 for code in categories() if code != FALLBACK_CATEGORY)


def test_suggestion_accuracy_on_the_labelled_set() -> None:
    rows = labelled()
    misses = [(want, suggest_category(text).category, text) for want, text in rows]
    wrong = [m for m in misses if m[0] != m[1]]
    accuracy = 1 - len(wrong) / len(rows)
    print(f"category suggestion accuracy: {accuracy:.1%} ({len(rows) - len(wrong)}/{len(rows)})")
    assert accuracy >= REQUIRED_ACCURACY, f"accuracy {accuracy:.1%} < {REQUIRED_ACCURACY:.0%}; misses: {wrong[:20]}"


def test_jieba_keeps_catalogue_keywords_whole() -> None:
    assert "充电桩" in tokens("小区里一个充电桩都没有")
    assert "物业费" in tokens("物业费今年又涨了")


def test_no_keyword_falls_back_and_weights_decide() -> None:
    assert suggest_category("请问社区办公室几点上班").category == FALLBACK_CATEGORY
    assert suggest_category("请问社区办公室几点上班").score == 0
    suggestion = suggest_category("电梯坏了，困人半小时")
    assert suggestion.category == "elevator" and "电梯" in suggestion.matched


def test_the_catalogue_is_data_with_groups_and_names() -> None:
    data = json.loads(CATALOGUE_FILE.read_text(encoding="utf-8"))
    assert {c["code"] for c in data["categories"]} == set(categories())
    leak = categories()["leak"]
    assert (leak.name, leak.group_name) == ("漏水", "物业管理")
    assert categories()["neighbour"].group_name == "邻里纠纷"
    assert categories()["environment"].group_name == "环境整治"

"""The complaint category catalogue, kept as data in categories.json (issue #6)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

CATALOGUE_FILE = Path(__file__).with_name("categories.json")
LABELLED_SET_FILE = Path(__file__).with_name("labelled_complaints.csv")
FALLBACK_CATEGORY = "other"


@dataclass(frozen=True)
class Category:
    code: str
    group: str
    group_name: str
    name: str
    name_en: str
    description: str
    # Keyword → weight; what the suggestion rules look for in a complaint's text.
    keywords: tuple[tuple[str, int], ...]


@cache
def categories() -> dict[str, Category]:
    """Every category by code, in catalogue order (the order breaks ties between suggestions)."""
    data = json.loads(CATALOGUE_FILE.read_text(encoding="utf-8"))
    groups = {g["code"]: g["name"] for g in data["groups"]}
    result: dict[str, Category] = {}
    for item in data["categories"]:
        if item["group"] not in groups:
            raise ValueError(f"category {item['code']} names unknown group {item['group']}")
        result[item["code"]] = Category(
            code=item["code"],
            group=item["group"],
            group_name=groups[item["group"]],
            name=item["name"],
            name_en=item["name_en"],
            description=item["description"],
            keywords=tuple((str(k), int(w)) for k, w in item["keywords"].items()),
        )
    if FALLBACK_CATEGORY not in result:
        raise ValueError(f"the catalogue must hold the fallback category {FALLBACK_CATEGORY!r}")
    return result

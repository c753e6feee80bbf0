"""The console's words in zh-CN and English, kept as data in labels.toml next to this module: one
place for a translator to read and change, instead of a Python table per page."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

CATALOGUE = Path(__file__).with_name("labels.toml")

# code → (中文, English)
Labels = dict[str, tuple[str, str]]


@cache
def _catalogue() -> dict[str, Any]:
    with CATALOGUE.open("rb") as f:
        return tomllib.load(f)


def _section(name: str) -> dict[str, Any]:
    found = _catalogue().get(name)
    if not isinstance(found, dict):
        raise ValueError(f"{CATALOGUE.name}: no [{name}] table")
    return found


def labels(name: str) -> Labels:
    """The table `name` as code → (中文, English); a malformed entry is an error naming it."""
    table: Labels = {}
    for code, pair in _section(name).items():
        if not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(p, str) for p in pair)):
            raise ValueError(f'{CATALOGUE.name}: [{name}] {code} must be ["中文", "English"]')
        table[code] = (pair[0], pair[1])
    return table


def sentences(name: str) -> dict[str, str]:
    """The table `name` as key → one Chinese sentence, in the file's order."""
    table = _section(name)
    for key, value in table.items():
        if not isinstance(value, str):
            raise ValueError(f"{CATALOGUE.name}: [{name}] {key!r} must be a string")
    return dict(table)

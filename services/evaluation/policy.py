"""The review's configurable policy: weights versioned per quarter, and the red/black list rules.
Both live in JSON files under policy/ so they change by review, not by code."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from services.common.errors import InvalidInput
from services.evaluation import catalogue, quarters

POLICY_DIR = Path(__file__).resolve().parent / "policy"


@dataclass(frozen=True)
class WeightSet:
    """One version of the review weights."""

    version: str
    from_quarter: str
    sides: dict[str, float]
    aspects: dict[str, float] = field(default_factory=dict)
    min_sample: dict[str, int] = field(default_factory=dict)
    trim_fraction: float = 0.1

    def aspect_weight(self, code: str) -> float:
        return self.aspects.get(code, 1.0)


def _weight_set(raw: dict[str, Any]) -> WeightSet:
    ws = WeightSet(
        version=str(raw["version"]),
        from_quarter=str(raw["from_quarter"]),
        sides={k: float(v) for k, v in raw["sides"].items()},
        aspects={k: float(v) for k, v in raw.get("aspects", {}).items()},
        min_sample={k: int(v) for k, v in raw.get("min_sample", {}).items()},
        trim_fraction=float(raw.get("trim_fraction", 0.1)),
    )
    quarters.parse(ws.from_quarter)
    unknown = set(ws.aspects) - set(catalogue.ASPECTS)
    if unknown or set(ws.sides) != set(catalogue.SIDES) or not 0 <= ws.trim_fraction < 0.5:
        raise ValueError(f"weight set {ws.version} is malformed (unknown aspects {sorted(unknown)})")
    return ws


@cache
def weight_sets() -> tuple[WeightSet, ...]:
    raw = json.loads((POLICY_DIR / "review_weights.json").read_text(encoding="utf-8"))
    sets = sorted((_weight_set(v) for v in raw["versions"]), key=lambda w: quarters.key(w.from_quarter))
    return tuple(sets)


def weights_for(quarter: str) -> WeightSet:
    """The newest weight set whose from_quarter is not after `quarter`."""
    k = quarters.key(quarter)
    chosen = [w for w in weight_sets() if quarters.key(w.from_quarter) <= k]
    if not chosen:
        raise InvalidInput(f"no review weights apply to {quarter}", field="quarter")
    return chosen[-1]


def weights_version(version: str) -> WeightSet:
    for w in weight_sets():
        if w.version == version:
            return w
    raise InvalidInput(f"no weight set version {version!r}", field="weights_version")


@dataclass(frozen=True)
class ListRules:
    version: str
    red: dict[str, float]
    black: dict[str, float]
    serious_events: dict[str, str]
    rectification_days: int
    max_rounds: int


@cache
def list_rules() -> ListRules:
    raw = json.loads((POLICY_DIR / "list_rules.json").read_text(encoding="utf-8"))
    return ListRules(
        version=str(raw["version"]),
        red={k: float(v) for k, v in raw["red"].items()},
        black={k: float(v) for k, v in raw["black"].items()},
        serious_events=dict(raw["serious_events"]),
        rectification_days=int(raw["supervision"]["rectification_days"]),
        max_rounds=int(raw["supervision"]["max_rounds"]),
    )

"""A scenario file (JSON): who files what on which channel, how each actor decides, how fast time
runs. Loaded into frozen data classes; a fault names the key that is wrong and the run does nothing."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SCENARIOS = Path(__file__).resolve().parent / "scenarios"
TRACKS = ("resolved_on_spot", "designated", "consultation", "professional")
CHANNELS = ("hotline_12345", "grid_inspection", "petition", "online", "visit", "property_hotline")


class ScenarioError(ValueError):
    """A scenario file that cannot be played: the message names the key."""


@dataclass(frozen=True)
class Community:
    name: str
    code: str
    neighbourhood: str
    company: str
    buildings: int
    weight: float


@dataclass(frozen=True)
class SeriousEvent:
    day: float
    company: str
    kind: str
    description: str


@dataclass(frozen=True)
class Takeover:
    """A takeover bundle (大包小、新带旧): the street centre proposes it on `day`."""

    day: float
    bundle_id: str
    lead: str
    communities: tuple[str, ...]
    probation_days: int


@dataclass(frozen=True)
class Scenario:
    name: str
    seed: int
    # Simulated seconds per real second; must equal the stack's FENGQIAO_MEDIATION_TIME_SCALE.
    time_scale: int
    days: float
    complaints: int
    channels: dict[str, float]
    categories: dict[str, float]
    # How many complaints triage sends down each track (exact counts, spread by the seed).
    tracks: dict[str, int]
    communities: tuple[Community, ...]
    # task kind → outcome → weight
    decisions: dict[str, dict[str, float]]
    # task kind (or "default") → [fastest, slowest] response in working hours
    response_hours: dict[str, tuple[float, float]]
    # candidate group ("NB-XIADONG:caseworker") → demo user; others are staff.<org in lower case>
    actors: dict[str, str]
    serious_events: tuple[SeriousEvent, ...] = ()
    # Of the consultation track's complaints, how many raise an issue of a council already running
    # in their community: triage joins that consultation instead of starting one.
    consultation_joins: int = 0
    takeovers: tuple[Takeover, ...] = ()
    # The quarterly reviews: "days" each opens on, its windows ("window_days", "remind_after_days"),
    # the forms' "quality" (company → [mean score, weakest aspects]), "aspects" per side,
    # "households" (company → [[code, neighbourhood]]) and "department_raters".
    reviews: dict[str, Any] = field(default_factory=dict)
    password: str = "fengqiao-demo"

    def response_range(self, kind: str) -> tuple[float, float]:
        return self.response_hours.get(kind, self.response_hours.get("default", (0.5, 4.0)))


def _need(data: dict[str, Any], key: str, kind: type | tuple[type, ...]) -> Any:
    if key not in data:
        raise ScenarioError(f"scenario: {key!r} is missing")
    value = data[key]
    if not isinstance(value, kind) or isinstance(value, bool):
        raise ScenarioError(f"scenario: {key!r} has the wrong type ({type(value).__name__})")
    return value


def _weights(data: dict[str, Any], key: str, allowed: tuple[str, ...] | None = None) -> dict[str, float]:
    table = _need(data, key, dict)
    for name, weight in table.items():
        if allowed is not None and name not in allowed:
            raise ScenarioError(f"scenario: {key}.{name} is not one of {', '.join(allowed)}")
        if not isinstance(weight, int | float) or weight < 0:
            raise ScenarioError(f"scenario: {key}.{name} must be a weight ≥ 0")
    if not table or sum(table.values()) <= 0:
        raise ScenarioError(f"scenario: {key} needs at least one positive weight")
    return {str(k): float(v) for k, v in table.items()}


def parse(data: dict[str, Any]) -> Scenario:
    """The scenario in `data` (a parsed JSON object), checked."""
    complaints = _need(data, "complaints", int)
    tracks = _need(data, "tracks", dict)
    for name, count in tracks.items():
        if name not in TRACKS or not isinstance(count, int) or count < 0:
            raise ScenarioError(f"scenario: tracks.{name} must be one of {', '.join(TRACKS)} with a count ≥ 0")
    if sum(tracks.values()) != complaints:
        raise ScenarioError(f"scenario: tracks add up to {sum(tracks.values())}, complaints is {complaints}")
    communities = tuple(
        Community(
            name=str(_need(c, "name", str)),
            code=str(_need(c, "code", str)),
            neighbourhood=str(_need(c, "neighbourhood", str)),
            company=str(_need(c, "company", str)),
            buildings=int(_need(c, "buildings", int)),
            weight=float(c.get("weight", 1.0)),
        )
        for c in _need(data, "communities", list)
    )
    if not communities:
        raise ScenarioError("scenario: communities is empty")
    decisions = {kind: _weights(_need(data, "decisions", dict), kind) for kind in data["decisions"]}
    hours = _need(data, "response_hours", dict)
    response: dict[str, tuple[float, float]] = {}
    for kind, pair in hours.items():
        if not (isinstance(pair, list) and len(pair) == 2 and 0 <= pair[0] <= pair[1]):
            raise ScenarioError(
                f"scenario: response_hours.{kind} must be [fastest, slowest] with 0 ≤ fastest ≤ slowest"
            )
        response[kind] = (float(pair[0]), float(pair[1]))
    events = tuple(
        SeriousEvent(
            float(_need(e, "day", (int, float))),
            _need(e, "company", str),
            _need(e, "kind", str),
            e.get("description", ""),
        )
        for e in data.get("serious_events", [])
    )
    takeovers = tuple(
        Takeover(
            float(_need(t, "day", (int, float))),
            str(_need(t, "bundle_id", str)),
            str(_need(t, "lead", str)),
            tuple(_need(t, "communities", list)),
            int(t.get("probation_days", 90)),
        )
        for t in data.get("takeovers", [])
    )
    joins = data.get("consultation_joins", 0)
    if not isinstance(joins, int) or not 0 <= joins <= tracks.get("consultation", 0) // 2:
        raise ScenarioError("scenario: consultation_joins must be from 0 to half the consultation track's count")
    scale = _need(data, "time_scale", int)
    if scale < 1:
        raise ScenarioError("scenario: time_scale must be ≥ 1")
    return Scenario(
        name=str(_need(data, "name", str)),
        seed=int(_need(data, "seed", int)),
        time_scale=scale,
        days=float(_need(data, "days", (int, float))),
        complaints=complaints,
        channels=_weights(data, "channels", CHANNELS),
        categories=_weights(data, "categories"),
        tracks={str(k): int(v) for k, v in tracks.items()},
        communities=communities,
        decisions=decisions,
        response_hours=response,
        actors={str(k): str(v) for k, v in _need(data, "actors", dict).items()},
        serious_events=events,
        consultation_joins=joins,
        takeovers=takeovers,
        reviews=_reviews(data),
    )


def _reviews(data: dict[str, Any]) -> dict[str, Any]:
    reviews = data.get("reviews", {})
    if not isinstance(reviews, dict):
        raise ScenarioError("scenario: reviews must be an object")
    if reviews:
        days = _need(reviews, "days", list)
        if days != sorted(days) or not all(isinstance(d, int | float) and d >= 0 for d in days):
            raise ScenarioError("scenario: reviews.days must be simulated days ≥ 0 in order")
        for key in ("quality", "aspects", "households"):
            _need(reviews, key, dict)
        _need(reviews, "department_raters", list)
    return dict(reviews)


def load(path: str | Path) -> Scenario:
    """A scenario from a file, or by name from simulator/scenarios/ ("dongjie", "small")."""
    file = Path(path)
    if not file.exists() and (SCENARIOS / f"{path}.json").exists():
        file = SCENARIOS / f"{path}.json"
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ScenarioError(f"scenario file {path} not found (named ones: {', '.join(names())})") from exc
    except json.JSONDecodeError as exc:
        raise ScenarioError(f"scenario file {file} is not JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise ScenarioError(f"scenario file {file} must hold a JSON object")
    return parse(data)


def names() -> list[str]:
    return sorted(p.stem for p in SCENARIOS.glob("*.json"))

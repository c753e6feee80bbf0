"""Load mode: the same tool at a target rate. A rate per track (cases per second of real time) and
a duration make a scenario of the base's communities, channels, actors and decisions; the run's
report (accepted, closed, latency per call, errors by kind, the consistency check) is the load
report."""

from __future__ import annotations

from dataclasses import replace

from simulator.scenario import TRACKS, Scenario, ScenarioError


def parse_rates(text: str) -> dict[str, float]:
    """ "designated=0.5,consultation=0.1" → {track: cases per second}; names a bad part."""
    rates: dict[str, float] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        track, _, value = part.partition("=")
        if track not in TRACKS:
            raise ScenarioError(f"--rate: {track!r} is not a track ({', '.join(TRACKS)})")
        try:
            rates[track] = float(value)
        except ValueError as exc:
            raise ScenarioError(f"--rate: {part!r} needs a number of cases per second") from exc
        if rates[track] < 0:
            raise ScenarioError(f"--rate: {track} must be ≥ 0")
    if not rates or sum(rates.values()) <= 0:
        raise ScenarioError("--rate: give at least one track a rate above 0")
    return rates


def load_scenario(base: Scenario, rates: dict[str, float], duration: float, time_scale: int | None = None) -> Scenario:
    """The base scenario filing `rates` (per real second) for `duration` real seconds."""
    if duration <= 0:
        raise ScenarioError("--duration must be above 0 seconds")
    scale = time_scale or base.time_scale
    tracks = {track: round(rate * duration) for track, rate in rates.items()}
    return replace(
        base,
        name=f"load-{base.name}",
        time_scale=scale,
        days=duration * scale / 86_400,
        complaints=sum(tracks.values()),
        tracks=tracks,
        serious_events=(),
    )

"""Deadline policies: every released version, so a running case keeps the rules it started with.

Each released version is a file policy/versions/<version>.json and is never edited once released;
a change of rules is a new file with a higher version. The highest version is the current one:
new cases start with it, and a case that names an older version keeps being timed by that one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any

from services.common.clock import SHANGHAI
from services.common.errors import InvalidInput
from services.mediation.calendar.domain import WorkCalendar

VERSIONS_DIR = Path(__file__).resolve().parents[1] / "policy" / "versions"
OVERRIDES_SUFFIX = "+overrides"
# A simulation run's policy version ends in "-sim×<scale>" (2026.2-sim×1440: one day in one minute),
# so a case timed by compressed deadlines can never be taken for a real one.
SIMULATION_MARK = "-sim×"
FLOOR_MARK = "≥"


@dataclass(frozen=True)
class DeadlinePolicy:
    version: str
    rules: dict[str, dict[str, Any]]
    # Compressed time (simulation runs): every deadline's distance from its start divided by this.
    time_scale: int = 1
    # Under compressed time, no deadline comes sooner than this many real seconds after its start:
    # the simulated people answer over a real network, whose seconds no scale compresses.
    min_seconds: int = 0

    def due_at(self, name: str, start: datetime, calendar: WorkCalendar) -> datetime:
        """The deadline `name` for something started at `start`: the end (24:00, Asia/Shanghai) of
        the N-th working day or calendar day after the start day; under a time scale, that
        distance divided by the scale (the working-day calendar still decides the distance)."""
        due = self._due_at(name, start, calendar)
        if self.time_scale == 1:
            return due
        return start + max((due - start) / self.time_scale, timedelta(seconds=self.min_seconds))

    def _due_at(self, name: str, start: datetime, calendar: WorkCalendar) -> datetime:
        rule = self.rules.get(name)
        if rule is None:
            raise InvalidInput(f"no deadline policy named {name!r}", field="deadline_policy")
        if "seconds" in rule:
            # Only in overrides for end-to-end runs against a real clock (see with_overrides).
            return start + timedelta(seconds=int(rule["seconds"]))
        start_day = start.astimezone(SHANGHAI).date()
        if rule.get("working_days") == 0:
            # "Today if it is a working day, else the next one" (daily checks).
            last = start_day if calendar.is_working_day(start_day) else calendar.add_working_days(start_day, 1)
        elif "working_days" in rule:
            last = calendar.add_working_days(start_day, int(rule["working_days"]))
        else:
            last = start_day + timedelta(days=int(rule["calendar_days"]))
        return datetime.combine(last + timedelta(days=1), time(0, 0), tzinfo=SHANGHAI)


def with_overrides(policy: DeadlinePolicy, overrides_json: str) -> DeadlinePolicy:
    """The policy with some rules replaced (a JSON object of rule name → rule), versioned apart so
    a task shows it was timed by an override. Used to run multi-day stories on a real clock."""
    if not overrides_json:
        return policy
    overrides = json.loads(overrides_json)
    if not isinstance(overrides, dict) or not all(isinstance(v, dict) for v in overrides.values()):
        raise InvalidInput("policy overrides must be a JSON object of rule name → rule", field="policy_overrides")
    return DeadlinePolicy(version=f"{policy.version}{OVERRIDES_SUFFIX}", rules={**policy.rules, **overrides})


def with_time_scale(policy: DeadlinePolicy, scale: int, min_seconds: int = 0) -> DeadlinePolicy:
    """The policy with compressed time for a simulation run, versioned apart ("2026.2-sim×1440"; with
    a floor of real seconds under every deadline, "2026.2-sim×14400≥20s")."""
    if scale < 1:
        raise InvalidInput(f"the time scale must be a whole number from 1; got {scale}", field="time_scale")
    if min_seconds < 0:
        raise InvalidInput(f"the deadline floor is ≥ 0 seconds; got {min_seconds}", field="sim_min_deadline_seconds")
    if scale == 1:
        return policy
    floor = f"{FLOOR_MARK}{min_seconds}s" if min_seconds else ""
    return DeadlinePolicy(
        f"{policy.version}{SIMULATION_MARK}{scale}{floor}", policy.rules, time_scale=scale, min_seconds=min_seconds
    )


def base_version(version: str) -> str:
    """The released version a recorded one names: "2026.1+overrides" and "2026.2-sim×1440" name
    2026.1 and 2026.2."""
    return version.split(SIMULATION_MARK)[0].removesuffix(OVERRIDES_SUFFIX)


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


@dataclass(frozen=True)
class PolicyBook:
    """Every released policy version, and the overrides (settings) applied to whichever is used."""

    versions: dict[str, DeadlinePolicy]
    overrides_json: str = ""
    time_scale: int = 1
    min_seconds: int = 0

    @property
    def current_version(self) -> str:
        return max(self.versions, key=_version_key)

    def select(self, version: str) -> DeadlinePolicy:
        """The policy a task is timed by: the named version, or the current one when none is named.
        A version recorded under overrides ("2026.1+overrides") or a time scale ("2026.2-sim×1440")
        names its base version; the overrides and the time scale configured now apply to it, so the
        used version is what the task records."""
        base = base_version(version) if version else self.current_version
        policy = self.versions.get(base)
        if policy is None:
            known = ", ".join(sorted(self.versions, key=_version_key))
            raise InvalidInput(
                f"no deadline policy version {version!r}; released versions: {known}", field="policy_version"
            )
        return with_time_scale(with_overrides(policy, self.overrides_json), self.time_scale, self.min_seconds)


def load_policy_file(path: Path) -> DeadlinePolicy:
    data = json.loads(path.read_text(encoding="utf-8"))
    if data["version"] != path.stem:
        raise ValueError(f"{path} holds version {data['version']!r}; a version file is named after its version")
    _version_key(data["version"])
    return DeadlinePolicy(version=data["version"], rules=data["deadlines"])


def load_policies(
    overrides_json: str = "", directory: Path = VERSIONS_DIR, time_scale: int = 1, min_seconds: int = 0
) -> PolicyBook:
    """Every released version in the directory; overrides and the time scale are checked now, so a
    bad setting stops the service at start rather than at the first task."""
    versions = {p.version: p for p in map(load_policy_file, sorted(directory.glob("*.json")))}
    if not versions:
        raise ValueError(f"no deadline policy versions in {directory}")
    book = PolicyBook(versions, overrides_json, time_scale, min_seconds)
    book.select("")
    return book

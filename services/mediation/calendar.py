"""The working-day calendar and the deadline policy: when is a task due. No I/O beyond loading."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from services.common.clock import SHANGHAI
from services.common.errors import InvalidInput

POLICY_DIR = Path(__file__).resolve().parent / "policy"


@dataclass(frozen=True)
class WorkCalendar:
    """Working days in mainland China: Monday–Friday, minus statutory holidays, plus make-up days."""

    holidays: frozenset[date]
    workdays: frozenset[date]

    @classmethod
    def from_dates(cls, holidays: Iterable[str], workdays: Iterable[str]) -> WorkCalendar:
        return cls(frozenset(map(date.fromisoformat, holidays)), frozenset(map(date.fromisoformat, workdays)))

    def is_working_day(self, day: date) -> bool:
        if day in self.workdays:
            return True
        return day.weekday() < 5 and day not in self.holidays

    def add_working_days(self, start: date, days: int) -> date:
        """The `days`-th working day after `start` (start itself does not count)."""
        current = start
        remaining = days
        while remaining > 0:
            current += timedelta(days=1)
            if self.is_working_day(current):
                remaining -= 1
        return current


@dataclass(frozen=True)
class DeadlinePolicy:
    version: str
    rules: dict[str, dict[str, Any]]

    def due_at(self, name: str, start: datetime, calendar: WorkCalendar) -> datetime:
        """The deadline `name` for something started at `start`: the end (24:00, Asia/Shanghai) of
        the N-th working day or calendar day after the start day."""
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
    return DeadlinePolicy(version=f"{policy.version}+overrides", rules={**policy.rules, **overrides})


def load_calendar(path: Path = POLICY_DIR / "calendar.json") -> WorkCalendar:
    data = json.loads(path.read_text(encoding="utf-8"))
    return WorkCalendar.from_dates(data["holidays"], data["workdays"])


def load_policy(path: Path = POLICY_DIR / "deadlines.json") -> DeadlinePolicy:
    data = json.loads(path.read_text(encoding="utf-8"))
    return DeadlinePolicy(version=data["version"], rules=data["deadlines"])

"""A task's urgency and follow-up come from the deadline that times it (contracts.task_priority)."""

from __future__ import annotations

import json

from contracts.task_kinds import TASK_KINDS
from contracts.task_priority import _BY_DEADLINE, follow_up_policy, task_priority
from contracts.tasks import priority_label
from tests.conftest import ROOT

POLICY = ROOT / "services/mediation/policy/versions"


def test_every_deadline_of_the_current_policy_has_an_urgency() -> None:
    deadlines = set(json.loads(max(POLICY.glob("*.json")).read_text())["deadlines"])
    assert deadlines == set(_BY_DEADLINE), "a new policy entry needs its urgency in contracts/task_priority.py"
    assert {kind.deadline for kind in TASK_KINDS.values()} <= deadlines


def test_urgency_rises_with_the_level_and_stays_within_0_to_100() -> None:
    assert priority_label(task_priority("first_response")) == "high"
    assert priority_label(task_priority("review_approval")) == "medium"
    assert task_priority("designated_handling", "DISTRICT") == task_priority("designated_handling") + 20
    assert all(0 <= task_priority(d, level) <= 100 for d in _BY_DEADLINE for level in ("", "STREET", "DISTRICT"))


def test_only_long_tasks_get_a_follow_up() -> None:
    assert follow_up_policy("designated_handling") == "first_response"
    assert follow_up_policy("first_response") == ""
    assert follow_up_policy("callback") == ""

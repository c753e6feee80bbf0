"""How urgent a new task is, and when someone should look at it again before its deadline.

Every workflow used to create its tasks at the default priority, so every inbox row read "高 50"
and nothing told a caseworker which task to open first (issue #13). The urgency follows from what
times the task — a first response is due within a working day because the method handles every
complaint on receipt; an approval can wait three — and rises with the level a case has been
escalated to, since a case reaches the street or the district only after a lower level could not
close it. Overdue work is raised further by the mediation service when its deadline passes.

Plain data (standard library only), read inside the workflow sandbox.
"""

from __future__ import annotations

# By the deadline-policy entry that times the task (services/mediation/policy/versions/*.json).
_BY_DEADLINE = {
    "first_response": 65,  # triage and the first site visit: handled on receipt
    "extension_approval": 60,  # a handler is waiting on it
    "verification": 55,
    "callback": 45,
    "designated_handling": 50,
    "rectification": 50,
    "rectification_report_limit": 50,
    "rectification_plan": 50,
    "summons": 55,
    "inspection": 45,
    "daily_check": 40,
    "consultation_notice": 50,
    "publicity": 35,
    "mediation_session": 50,
    "judicial_confirmation_application": 45,
    "court_acceptance": 55,
    "court_ruling": 45,
    "review_approval": 35,
    "standing_approval": 40,
    "takeover_handover": 35,
    "takeover_acceptance": 40,
}
_DEFAULT = 50
_BY_LEVEL = {"STREET": 10, "DISTRICT": 20}

# Deadlines of five days or more: a task timed by one gets a follow-up after one working day, so a
# long task is looked at again well before it falls due rather than only when it is overdue.
_LONG_DEADLINES = frozenset(
    {
        "designated_handling",
        "rectification",
        "rectification_plan",
        "summons",
        "publicity",
        "mediation_session",
        "judicial_confirmation_application",
        "court_ruling",
        "takeover_handover",
        "takeover_acceptance",
    }
)
FOLLOW_UP_POLICY = "first_response"


def task_priority(deadline: str, escalation_level: str = "") -> int:
    """0–100; the inbox's bands are in contracts.tasks.priority_label."""
    return min(100, _BY_DEADLINE.get(deadline, _DEFAULT) + _BY_LEVEL.get(escalation_level, 0))


def follow_up_policy(deadline: str) -> str:
    """The deadline-policy entry that times the task's follow-up, or "" for none."""
    return FOLLOW_UP_POLICY if deadline in _LONG_DEADLINES else ""

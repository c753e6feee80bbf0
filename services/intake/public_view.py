"""What the public may see of a case (tracking page, Open311): wording of statuses and timeline
events, and which events are shown at all. Pure rules, no I/O."""

from __future__ import annotations

import re

STATUS_LABELS = {
    "RECEIVED": "已受理",
    "TRIAGE": "分流中",
    "IN_PROGRESS": "办理中",
    "RESOLVED": "已答复，待回访",
    "CALLBACK": "回访中",
    "CLOSED": "已办结",
    "MERGED": "已并案办理",
    "REFERRED": "已转办",
}
# Open311 has two states; ours map onto them (the finer one goes into status_notes).
CLOSED_STATUSES = ("CLOSED", "MERGED", "REFERRED")
OPEN_STATUSES = tuple(s for s in STATUS_LABELS if s not in CLOSED_STATUSES)

# Timeline kinds a complainant may see, with their public wording. Everything else (task
# assignments, internal notes, overdue marks, other complainants joining) stays internal.
PUBLIC_EVENTS = {
    "complaint_received": "诉求已接收",
    "acknowledged": "已受理，出具回执",
    "complainant_joined": "同类诉求已并入本案一并办理",
    "triage_started": "进入分流",
    "reply": "已答复",
    "closed": "已办结",
    "reopened": "重新办理",
    "group_dispute_flagged": "已列为群体性诉求重点办理",
}


def open311_status(status: str) -> str:
    return "closed" if status in CLOSED_STATUSES else "open"


def status_notes(status: str) -> str:
    """Our finer status for Open311's status_notes: the code and its public wording."""
    return f"{status}: {STATUS_LABELS.get(status, status)}"


def states_to_statuses(states: list[str]) -> list[str]:
    """Open311 status filter values (open, closed) → our statuses; empty means all."""
    result: list[str] = []
    for state in states:
        result.extend(CLOSED_STATUSES if state == "closed" else OPEN_STATUSES)
    return result


_PHONE_LIKE = re.compile(r"(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)|(?<!\d)(0\d{2,3})-?\d{3,4}(\d{4})(?!\d)")


def redact(text: str) -> str:
    """Public text with phone numbers a complainant typed into it masked."""
    return _PHONE_LIKE.sub(lambda m: f"{m.group(1) or m.group(3)}****{m.group(2) or m.group(4)}", text)

"""Who may start, see and object to a consultation, and what a start request must hold. No I/O."""

from __future__ import annotations

import re

from contracts.consultation import ConsultationState
from services.common import scope
from services.common.errors import InvalidInput, PermissionDenied, PreconditionFailed
from services.common.identity import Identity

CONSULTATION_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{3,63}")
MAX_LINKED_CASES = 50
# The status in which an objection counts (the workflow ignores one at any other time).
PUBLICITY = "PUBLICITY"


def check_consultation_id(consultation_id: str) -> None:
    if not CONSULTATION_ID.fullmatch(consultation_id):
        raise InvalidInput(
            "consultation_id must be 4–64 characters of A–Z a–z 0–9 and -, starting with a letter or digit",
            field="consultation_id",
        )


def check_length(name: str, value: str, low: int, high: int) -> None:
    if not low <= len(value) <= high:
        raise InvalidInput(f"{name} must be {low}–{high} characters", field=name)


def check_start(consultation_id: str, community_code: str, subject: str, linked_case_nos: list[str]) -> None:
    check_consultation_id(consultation_id)
    check_length("community_code", community_code, 2, 32)
    check_length("subject", subject, 1, 200)
    if len(linked_case_nos) > MAX_LINKED_CASES:
        raise InvalidInput(f"linked_case_nos holds at most {MAX_LINKED_CASES} cases", field="linked_case_nos")


def check_objection(consultation_id: str, objection_id: str, reason: str) -> None:
    check_consultation_id(consultation_id)
    check_length("objection_id", objection_id, 1, 64)
    check_length("reason", reason, 1, 1000)


def require_starter(identity: Identity) -> None:
    if not identity.has_role(scope.STREET_CENTER):
        raise PermissionDenied("only street center staff start a consultation")


def require_own_subdistrict(identity: Identity, community_code: str, street_center_code: str) -> None:
    """Street center staff convene councils of their own subdistrict's communities only."""
    if street_center_code not in identity.organisations:
        raise PermissionDenied(f"{community_code} is not in the subdistrict of your street center")


def require_sees(identity: Identity, state: ConsultationState) -> None:
    """Wide roles see every consultation; a neighbourhood or company only those it sits on."""
    if identity.has_role(*scope.WIDE_ROLES):
        return
    seated = {s.org_code for s in state.seats if s.org_code}
    if not seated & set(identity.organisations):
        raise PermissionDenied("you do not sit on this council")


def require_objector(identity: Identity, state: ConsultationState) -> None:
    """The community's caseworkers (its neighbourhood holds the first seat) or the street center."""
    neighbourhood = state.seats[0].org_code if state.seats else ""
    if not (identity.has_role(scope.STREET_CENTER) or f"{neighbourhood}:{scope.CASEWORKER}" in identity.groups):
        raise PermissionDenied("objections are recorded by the community's caseworkers or the street center")


def require_publicity(state: ConsultationState) -> None:
    if state.status != PUBLICITY:
        raise PreconditionFailed(f"the resolution is not in publicity (status {state.status})")

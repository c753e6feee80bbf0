"""Duplicates and groups: when a complaint joins an open case, and when a case becomes a group
dispute (群体性纠纷). Pure rules, no I/O."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from services.intake.catalogue import FALLBACK_CATEGORY

# A complaint may join a case that is still being handled; one resolved, closed, merged or
# referred gets a case of its own (the new complainant is owed their own reply).
JOINABLE_STATUSES = ("RECEIVED", "TRIAGE", "IN_PROGRESS")


@dataclass(frozen=True)
class DuplicateKey:
    """What makes two complaints the same matter: one community, one building, one category."""

    community_code: str
    building: int
    category: str


def may_join(key: DuplicateKey) -> bool:
    """The catch-all category says too little about the matter to merge complainants on it."""
    return key.category != FALLBACK_CATEGORY


def window_start(now: datetime, window: timedelta) -> datetime:
    """Open cases created at or after this instant are candidates to join."""
    return now - window


def households(phones: Iterable[str]) -> int:
    """Households on a case, counted by distinct complainant phone (E.164): one household may
    call several times, and addresses rarely name the room."""
    return len({p for p in phones if p})


def becomes_group_dispute(household_count: int, threshold: int, already: bool) -> bool:
    """True exactly when this complaint takes the case to the threshold for the first time."""
    return not already and household_count >= threshold

"""Deadline-policy overrides: rules replaced by name, a seconds rule, bad input named."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from services.common.errors import InvalidInput
from services.mediation.calendar.domain import WorkCalendar, package_data
from services.mediation.deadlines.domain import load_policies, with_overrides

CAL = WorkCalendar.compose(package_data(), {})


def test_overrides_replace_named_rules_and_version_apart() -> None:
    policy = load_policies().select("")
    fast = with_overrides(policy, '{"publicity": {"seconds": 4}}')
    start = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
    assert fast.version == f"{policy.version}+overrides"
    assert fast.due_at("publicity", start, CAL) == start + timedelta(seconds=4)
    assert fast.rules["consultation_notice"] == policy.rules["consultation_notice"] == {"calendar_days": 3}
    assert with_overrides(policy, "") is policy


def test_bad_overrides_are_named() -> None:
    with pytest.raises(InvalidInput, match="policy overrides"):
        with_overrides(load_policies().select(""), '{"publicity": 4}')
    with pytest.raises(InvalidInput, match="policy overrides"):
        load_policies('{"publicity": 4}')

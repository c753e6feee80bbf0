"""Compressed time for simulation runs: deadlines divided by the scale, the version marked apart,
a recorded simulation version selecting its base version again."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from services.common.errors import InvalidInput
from services.mediation.calendar.domain import WorkCalendar, package_data
from services.mediation.deadlines.domain import base_version, load_policies, with_time_scale

CAL = WorkCalendar.compose(package_data(), {})
# Monday 30 November 2026, 09:00 in Shanghai.
START = datetime(2026, 11, 30, 1, 0, tzinfo=UTC)


def test_a_scaled_policy_divides_every_distance_and_says_so() -> None:
    real = load_policies().select("")
    fast = with_time_scale(real, 1440)
    assert fast.version == f"{real.version}-sim×1440"
    for name in ("first_response", "rectification", "callback", "consultation_notice", "daily_check"):
        assert fast.due_at(name, START, CAL) - START == (real.due_at(name, START, CAL) - START) / 1440, name
    # 1 working day from Monday 09:00 is Tuesday 24:00 (39 h): 97.5 s at one day a minute.
    assert fast.due_at("first_response", START, CAL) == START + timedelta(seconds=97.5)
    assert with_time_scale(real, 1) is real


def test_the_book_applies_the_scale_to_every_version_and_reads_its_own_marks() -> None:
    book = load_policies(time_scale=600)
    assert book.select("").version == f"{book.current_version}-sim×600"
    assert book.select("2026.1").version == "2026.1-sim×600"
    assert book.select("2026.1-sim×600").version == "2026.1-sim×600"
    assert base_version("2026.2+overrides-sim×60") == base_version("2026.2-sim×1440") == "2026.2"
    both = load_policies('{"publicity": {"seconds": 4}}', time_scale=60).select("")
    assert both.version == f"{book.current_version}+overrides-sim×60"


def test_a_scale_below_one_is_refused_by_name() -> None:
    with pytest.raises(InvalidInput, match="time scale"):
        load_policies(time_scale=0)


def test_a_floor_of_real_seconds_lifts_short_deadlines_and_is_in_the_version() -> None:
    book = load_policies(time_scale=14_400, min_seconds=20)
    floored = book.select("")
    assert floored.version == f"{book.current_version}-sim×14400≥20s"
    assert book.select(floored.version).version == floored.version  # a recorded version selects its base again
    # The callback (1 working day, 39 h from Monday 09:00) is 9.75 s at ×14400: lifted to 20 s.
    assert floored.due_at("callback", START, CAL) == START + timedelta(seconds=20)
    # A rectification (many days) is longer than the floor: divided as before.
    plain = load_policies(time_scale=14_400).select("")
    assert floored.due_at("rectification", START, CAL) == plain.due_at("rectification", START, CAL)
    assert plain.due_at("rectification", START, CAL) - START > timedelta(seconds=20)

"""Released deadline-policy versions: the highest is current, a named one is kept, unknown is named."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from services.common.clock import SHANGHAI
from services.common.errors import InvalidInput
from services.mediation.calendar.domain import WorkCalendar, package_data
from services.mediation.deadlines.domain import load_policies

CAL = WorkCalendar.compose(package_data(), {})
FILED = datetime(2026, 11, 23, 10, 0, tzinfo=SHANGHAI)  # a Monday


def _release(directory: Path, version: str, handling_days: int) -> None:
    rules = {"designated_handling": {"working_days": handling_days}, "callback": {"working_days": 1}}
    (directory / f"{version}.json").write_text(json.dumps({"version": version, "deadlines": rules}), encoding="utf-8")


def _shipped(*versions: str) -> list[Path]:
    folder = Path(__file__).resolve().parents[2] / "services" / "mediation" / "policy" / "versions"
    return [folder / f"{version}.json" for version in versions]


@pytest.fixture
def versions(tmp_path: Path) -> Path:
    _release(tmp_path, "2026.1", 5)
    _release(tmp_path, "2026.2", 3)
    _release(tmp_path, "2026.10", 2)
    return tmp_path


def test_the_shipped_policy_is_2026_2_and_2026_1_is_kept() -> None:
    book = load_policies()
    assert book.current_version == "2026.2"
    assert book.select("").rules["designated_handling"]["working_days"] == 5
    # 2026.2 adds the limit on an unreported rectification order; 2026.1 cases wait as before.
    limit = book.select("").due_at("rectification_report_limit", FILED, CAL)
    assert limit == datetime(2026, 12, 1, 0, 0, tzinfo=SHANGHAI)  # 5 working days after Monday
    assert "rectification_report_limit" not in book.select("2026.1").rules
    old, new = (json.loads(p.read_text(encoding="utf-8"))["deadlines"] for p in _shipped("2026.1", "2026.2"))
    assert {k: v for k, v in new.items() if k != "rectification_report_limit"} == old


def test_the_highest_version_is_current_and_older_ones_keep_their_rules(versions: Path) -> None:
    book = load_policies(directory=versions)
    assert book.current_version == "2026.10"  # numerically, not as text
    assert book.select("").version == "2026.10"
    old = book.select("2026.1")
    assert old.version == "2026.1"
    assert old.due_at("designated_handling", FILED, CAL) == datetime(2026, 12, 1, 0, 0, tzinfo=SHANGHAI)
    assert book.select("2026.2").due_at("designated_handling", FILED, CAL) == datetime(
        2026, 11, 27, 0, 0, tzinfo=SHANGHAI
    )


def test_an_unknown_version_is_named(versions: Path) -> None:
    with pytest.raises(InvalidInput, match=r"'2025\.9'.*2026\.1, 2026\.2, 2026\.10") as raised:
        load_policies(directory=versions).select("2025.9")
    assert raised.value.field == "policy_version"


def test_overrides_apply_to_the_selected_version(versions: Path) -> None:
    book = load_policies('{"callback": {"seconds": 5}}', directory=versions)
    used = book.select("2026.1")
    assert used.version == "2026.1+overrides"
    assert used.rules["designated_handling"] == {"working_days": 5}
    # A case started under overrides passes the recorded version back: its base version is used.
    assert book.select("2026.1+overrides").version == "2026.1+overrides"
    # Overrides switched off since: the base version's own rules.
    assert load_policies(directory=versions).select("2026.2+overrides").version == "2026.2"


def test_a_version_file_is_named_after_its_version(tmp_path: Path) -> None:
    (tmp_path / "2026.3.json").write_text(json.dumps({"version": "2026.4", "deadlines": {}}), encoding="utf-8")
    with pytest.raises(ValueError, match="named after its version"):
        load_policies(directory=tmp_path)

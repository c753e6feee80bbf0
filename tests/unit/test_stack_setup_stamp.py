"""The embedded stack skips its setup step only for a data folder this code already set up
(issue #19: a warm start in seconds) and never when some of the state lives elsewhere."""

from __future__ import annotations

from pathlib import Path

from deploy.local.stack import Stack, StackConfig


def _touch_state(folder: Path) -> None:
    for name in ("temporal", "intake", "mediation", "evaluation", "gateway"):
        (folder / f"{name}.db").write_bytes(b"")


def test_fingerprint_ignores_ports_but_not_seed_or_databases(tmp_path: Path) -> None:
    first = Stack(StackConfig.random_ports(tmp_path)).setup_fingerprint(seed=True)
    assert Stack(StackConfig.random_ports(tmp_path)).setup_fingerprint(seed=True) == first
    assert Stack(StackConfig.random_ports(tmp_path)).setup_fingerprint(seed=False) != first
    elsewhere = StackConfig.random_ports(tmp_path, database_urls={"intake": "postgresql+asyncpg://h/intake"})
    assert Stack(elsewhere).setup_fingerprint(seed=True) != first
    other_temporal = StackConfig.random_ports(tmp_path, external_temporal="10.0.0.1:7233")
    assert Stack(other_temporal).setup_fingerprint(seed=True) != first


def test_setup_is_skipped_only_with_all_state_in_the_folder(tmp_path: Path) -> None:
    stack = Stack(StackConfig.random_ports(tmp_path))
    assert not stack.all_state_here()
    _touch_state(tmp_path)
    assert stack.all_state_here()
    (tmp_path / "mediation.db").unlink()
    assert not stack.all_state_here()
    _touch_state(tmp_path)
    (tmp_path / "temporal.db").unlink()
    assert not stack.all_state_here()
    _touch_state(tmp_path)
    on_postgres = StackConfig.random_ports(tmp_path, database_urls={"gateway": "postgresql+asyncpg://h/gateway"})
    assert not Stack(on_postgres).all_state_here()
    assert not Stack(StackConfig.random_ports(tmp_path, external_temporal="10.0.0.1:7233")).all_state_here()

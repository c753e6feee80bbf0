"""Temporal connection settings (issue 12): the dev server, mutual TLS, Temporal Cloud's API key;
and production settings that refuse, naming the setting, never echoing a secret."""

from __future__ import annotations

import base64
import secrets
from pathlib import Path

import pytest
from temporalio.client import TLSConfig

from services.common.settings import CommonSettings
from services.common.startup import StartupRefused, load
from services.common.temporal import connection_options
from services.intake.settings import IntakeSettings
from workflows.worker import WorkerSettings


def test_the_dev_server_needs_neither_tls_nor_a_key() -> None:
    assert connection_options(CommonSettings()) == {"tls": False, "api_key": None}


def test_an_api_key_turns_tls_on() -> None:
    options = connection_options(CommonSettings(temporal_api_key="cloud-key", temporal_tls_server_name="ns.tmprl"))
    assert options["api_key"] == "cloud-key"
    tls = options["tls"]
    assert isinstance(tls, TLSConfig) and tls.domain == "ns.tmprl" and tls.client_cert is None


def test_mutual_tls_reads_the_certificate_files(tmp_path: Path) -> None:
    for name in ("ca", "cert", "key"):
        (tmp_path / name).write_bytes(f"-- {name} --".encode())
    options = connection_options(
        CommonSettings(
            temporal_tls=True,
            temporal_tls_ca_path=str(tmp_path / "ca"),
            temporal_tls_cert_path=str(tmp_path / "cert"),
            temporal_tls_key_path=str(tmp_path / "key"),
        )
    )
    tls = options["tls"]
    assert isinstance(tls, TLSConfig) and options["api_key"] is None
    assert (tls.server_root_ca_cert, tls.client_cert, tls.client_private_key) == (
        b"-- ca --",
        b"-- cert --",
        b"-- key --",
    )
    with pytest.raises(StartupRefused, match=r"^FENGQIAO_TEMPORAL_TLS_KEY_PATH: cannot read .*/gone"):
        connection_options(CommonSettings(temporal_tls=True, temporal_tls_key_path=str(tmp_path / "gone")))


def production_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FENGQIAO_ENVIRONMENT", "production")
    monkeypatch.setenv("FENGQIAO_IDENTITY_KEY", secrets.token_hex(32))
    monkeypatch.setenv("FENGQIAO_PAYLOAD_KEYS", "k1:" + base64.b64encode(secrets.token_bytes(32)).decode())
    monkeypatch.setenv("FENGQIAO_PAYLOAD_KEY_ID", "k1")


def test_production_names_a_missing_database_url(monkeypatch: pytest.MonkeyPatch) -> None:
    production_env(monkeypatch)
    with pytest.raises(StartupRefused) as refused:
        load(IntakeSettings)
    assert str(refused.value) == "FENGQIAO_INTAKE_DATABASE_URL must be set in production"
    monkeypatch.setenv("FENGQIAO_INTAKE_DATABASE_URL", "postgresql+asyncpg://intake@db/intake")
    assert load(IntakeSettings).database_url.endswith("/intake")
    assert load(WorkerSettings).environment == "production"  # the worker has no database to name


def test_a_refusal_names_settings_and_never_echoes_their_values(monkeypatch: pytest.MonkeyPatch) -> None:
    production_env(monkeypatch)
    monkeypatch.setenv("FENGQIAO_IDENTITY_KEY", "hunter2")
    monkeypatch.setenv("FENGQIAO_INTAKE_PORT", "not-a-port")
    with pytest.raises(StartupRefused) as refused:
        load(IntakeSettings)
    line = str(refused.value)
    assert "\n" not in line and "hunter2" not in line and "not-a-port" not in line
    assert line.startswith("FENGQIAO_INTAKE_PORT: Input should be a valid integer"), line
    monkeypatch.setenv("FENGQIAO_INTAKE_PORT", "50051")
    with pytest.raises(StartupRefused, match=r"^FENGQIAO_IDENTITY_KEY is shorter than 32 bytes \(7\)$"):
        load(IntakeSettings)

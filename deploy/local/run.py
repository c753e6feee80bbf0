"""`make run`: the whole embedded stack in one command; Ctrl-C stops every process.

`make demo` (`--demo dongjie`): the same stack under compressed time, on a data directory of its
own (.data-demo: simulated cases never mix with real ones), seeded without hand-written case
outcomes, and the scenario simulator playing the scenario against it; the stack stays up after."""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from deploy.local.stack import ROOT, Stack, StackConfig
from services.intake.settings import IntakeSettings

SCENARIOS = ROOT / "simulator" / "scenarios"
MIN_DEADLINE_SECONDS = 20


def demo_env(scenario: str) -> dict[str, str]:
    """The settings a simulation run needs: the scenario's time scale, residents speaking from
    their own addresses through the local proxy header, no seeded case outcomes."""
    path = SCENARIOS / f"{scenario}.json" if not scenario.endswith(".json") else ROOT / scenario
    scale = json.loads(path.read_text(encoding="utf-8"))["time_scale"]
    window = IntakeSettings.model_fields["duplicate_window_hours"].default
    return {
        # Complaints about the same matter merge within the duplicate window: 72 simulated hours,
        # not 72 real ones (a whole compressed year), or a year's complaints about one building and
        # category would all merge into the first open case.
        "FENGQIAO_INTAKE_DUPLICATE_WINDOW_HOURS": repr(window / scale),
        # A takeover's probation (90 days) compressed like every deadline: the setting is in seconds.
        "FENGQIAO_EVALUATION_TAKEOVER_PROBATION_SECONDS": str(max(1, 90 * 86_400 // scale)),
        "FENGQIAO_MEDIATION_TIME_SCALE": str(scale),
        # A deadline gives the simulated people at least this many real seconds (their calls take
        # real seconds on a loaded machine: a callback due in 6 s was missed by a third of them).
        "FENGQIAO_MEDIATION_SIM_MIN_DEADLINE_SECONDS": str(MIN_DEADLINE_SECONDS),
        "FENGQIAO_GATEWAY_TRUSTED_PROXIES": "127.0.0.1",
        "FENGQIAO_EVALUATION_DEMO_CASE_OUTCOMES": "false",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--demo", metavar="SCENARIO", help="play a scenario (dongjie) under compressed time")
    parser.add_argument(
        "--port-base",
        type=int,
        help="every port from here on (gateway, intake, mediation, evaluation, Temporal, its UI, liaison, "
        "metrics ×4): a second stack beside one on the default ports",
    )
    parser.add_argument("--data-dir", type=Path, help="the data directory (default .data, or .data-demo)")
    args = parser.parse_args()
    ports: dict[str, object] = {"gateway_port": int(os.environ.get("FENGQIAO_GATEWAY_PORT", 8000))}
    if args.port_base:
        names = ("gateway", "intake", "mediation", "evaluation", "temporal", "temporal_ui", "liaison_grpc")
        ports = {f"{name}_port": args.port_base + n for n, name in enumerate(names)}
        metrics = ("intake", "mediation", "evaluation", "worker")
        ports["metrics_ports"] = {name: args.port_base + len(names) + n for n, name in enumerate(metrics)}
    config = StackConfig(
        data_dir=args.data_dir or ROOT / (".data-demo" if args.demo else ".data"),
        external_temporal=os.environ.get("FENGQIAO_EXTERNAL_TEMPORAL") or None,
        extra_env=demo_env(args.demo) if args.demo else {},
        **ports,  # type: ignore[arg-type]
    )
    config.data_dir.mkdir(exist_ok=True)
    stack = Stack(config)
    print("starting Temporal, setup, services, worker and gateway …", flush=True)
    stack.start(seed=True)
    gw = f"http://127.0.0.1:{config.gateway_port}"
    print(
        f"""
Fengqiao is up.
  console      {gw}/
  API docs     {gw}/docs
  Temporal UI  http://127.0.0.1:{config.temporal_ui_port}  (Temporal at {config.temporal_address})
  demo users   xiadong.caseworker, dongjie.center, company.admin, ops, admin …  password fengqiao-demo
Press Ctrl-C to stop.""",
        flush=True,
    )
    simulation = None
    if args.demo:
        report = config.data_dir / "simulation-report.json"
        print(f"playing the {args.demo} scenario (report: {report}) …", flush=True)
        command = [sys.executable, "-m", "simulator", "run", args.demo, "--url", gw, "--report", str(report)]
        simulation = subprocess.Popen(command, cwd=ROOT)
    stopping = False

    def on_signal(signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    try:
        while not stopping:
            for name, proc in stack.procs:
                if proc.poll() is not None:
                    print(f"{name} exited with {proc.returncode}; stopping everything", file=sys.stderr)
                    stopping = True
            if simulation is not None and simulation.poll() is not None:
                print(
                    f"the simulation ended ({simulation.returncode}); the stack stays up: Ctrl-C stops it", flush=True
                )
                simulation = None
            time.sleep(0.5)
    finally:
        print("stopping …", flush=True)
        if simulation is not None:
            simulation.terminate()
        stack.stop()
        print("stopped.", flush=True)


if __name__ == "__main__":
    main()

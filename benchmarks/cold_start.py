"""Cold start of the embedded stack, warm (issue #19): seconds from "start" until /readyz is 200
when the data folder already holds a migrated, seeded stack (a developer's second `make run`).

    .venv/bin/python -m benchmarks.cold_start [--rounds 5] [--anchor /work/main]

Each round makes a fresh data folder, starts the stack once (the first start: migrations, seed,
search attributes, schedules), stops it, then times the second start on the same folder — Temporal
dev server, three services, worker and gateway, until the gateway's /readyz answers 200 — and
stops it again. Beside the time it reads each process's CPU seconds (user + system, from /proc)
at the moment /readyz answered: on a shared machine the seconds follow the load, the CPU much less.

`--anchor TREE` runs the same rounds on another checkout (its own .venv), alternating with this
one round by round, so before and after meet the same load. Prints each round and min/median/max
of the warm starts. Target: ≤ 5 s. Not a test: it prints figures.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MARK = "COLD_START_RESULT "
HERE = Path(__file__).resolve()
TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and its waited-for children, from /proc/PID/stat."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return sum(int(f) for f in fields[11:15]) / TICK


def one_round() -> dict[str, object]:
    """First start, stop, then the timed warm start (in this checkout: `deploy` from sys.path)."""
    from deploy.local.stack import Stack, StackConfig

    def timed(folder: Path) -> tuple[float, dict[str, float]]:
        stack = Stack(StackConfig.random_ports(folder, temporal_ui=False, log_dir=folder / "logs"))
        started = time.monotonic()
        stack.start(seed=True)
        took = time.monotonic() - started
        cpu = {name: cpu_seconds(proc.pid) for name, proc in stack.procs if proc.poll() is None}
        stack.stop()
        return took, cpu

    with tempfile.TemporaryDirectory() as name:
        first, _ = timed(Path(name))
        warm, cpu = timed(Path(name))
    return {"first": first, "warm": warm, "cpu": cpu}


def run_round(tree: Path) -> dict[str, object]:
    python = sys.executable if tree == HERE.parents[1] else str(tree / ".venv" / "bin" / "python")
    done = subprocess.run(
        [python, str(HERE), "--child"], cwd=tree, capture_output=True, text=True, check=False, timeout=900
    )
    found = [line for line in done.stdout.splitlines() if line.startswith(MARK)]
    if done.returncode != 0 or not found:
        raise RuntimeError(f"cold start round in {tree} failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    result: dict[str, object] = json.loads(found[-1].removeprefix(MARK))
    return result


def load() -> str:
    return ", ".join(f"{x:.1f}" for x in os.getloadavg())


def summary(label: str, rounds: list[dict[str, object]]) -> str:
    warm = [float(r["warm"]) for r in rounds]  # type: ignore[arg-type]
    cpu = [sum(r["cpu"].values()) for r in rounds]  # type: ignore[attr-defined]
    return (
        f"{label}: warm start until /readyz 200, {len(warm)} rounds: min {min(warm):.1f} s, "
        f"median {statistics.median(warm):.1f} s, max {max(warm):.1f} s (target ≤ 5 s); "
        f"CPU of all processes at ready: median {statistics.median(cpu):.1f} s"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="warm starts to time (each after a first start)")
    parser.add_argument("--anchor", type=Path, help="another checkout to time alternately (before)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(MARK + json.dumps(one_round()), flush=True)
        return 0
    trees = [("before", args.anchor.resolve())] if args.anchor else []
    trees.append(("after" if args.anchor else "this tree", HERE.parents[1]))
    results: dict[str, list[dict[str, object]]] = {label: [] for label, _ in trees}
    print(f"load average at start: {load()}")
    for round_no in range(1, args.rounds + 1):
        for label, tree in trees:
            before = load()
            r = run_round(tree)
            results[label].append(r)
            cpu: dict[str, float] = r["cpu"]  # type: ignore[assignment]
            per = ", ".join(f"{name} {s:.1f}" for name, s in sorted(cpu.items()))
            print(
                f"round {round_no} {label}: first start {r['first']:5.1f} s, warm start {r['warm']:5.1f} s "
                f"(load {before} → {load()}); CPU s at ready: {per}; total {sum(cpu.values()):.1f}",
                flush=True,
            )
    for label, _ in trees:
        print(summary(label, results[label]))
    return 0


if __name__ == "__main__":
    sys.exit(main())

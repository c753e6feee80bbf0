"""Cold start of the embedded stack, warm (issue #19): seconds from "start" until /readyz is 200
when the data folder already holds a migrated, seeded stack (a developer's second `make run`).

    .venv/bin/python -m benchmarks.cold_start [--rounds 5]

Each round makes a fresh data folder, starts the stack once (the first start: migrations, seed,
search attributes, schedules), stops it, then times the second start on the same folder — Temporal
dev server, setup, three services, worker and gateway, until the gateway's /readyz answers 200 —
and stops it again. Prints each round and min/median/max of the warm starts. Target: ≤ 5 s.
Not a test: it prints figures.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from deploy.local.stack import Stack, StackConfig


def timed_start(folder: Path) -> float:
    stack = Stack(StackConfig.random_ports(folder, temporal_ui=False, log_dir=folder / "logs"))
    started = time.monotonic()
    stack.start(seed=True)
    took = time.monotonic() - started
    stack.stop()
    return took


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="warm starts to time (each after a first start)")
    args = parser.parse_args()
    warm: list[float] = []
    for round_no in range(1, args.rounds + 1):
        with tempfile.TemporaryDirectory() as name:
            folder = Path(name)
            first = timed_start(folder)
            warm.append(timed_start(folder))
        print(f"round {round_no}: first start {first:5.1f} s, warm start {warm[-1]:5.1f} s", flush=True)
    print(
        f"warm start until /readyz 200, {len(warm)} rounds: min {min(warm):.1f} s, "
        f"median {statistics.median(warm):.1f} s, max {max(warm):.1f} s (target ≤ 5 s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The container image's one entry point (Dockerfile ENTRYPOINT): `<process> [arguments…]`.

    gateway | intake | mediation | evaluation | worker | setup

Replaces itself with `python -m <module>` of that process — the same modules deploy/local/stack.py
starts — so the process is PID 1 of its container and receives SIGTERM itself.
"""

from __future__ import annotations

import os
import sys

PROCESSES: dict[str, str] = {
    "gateway": "services.gateway.main",
    "intake": "services.intake.main",
    "mediation": "services.mediation.main",
    "evaluation": "services.evaluation.main",
    "worker": "workflows.worker",
    "setup": "services.setup",
}

USAGE = f"usage: fengqiao {{{'|'.join(PROCESSES)}}} [arguments…]"


def command(argv: list[str]) -> list[str]:
    """The command line that runs the named process; ValueError naming the problem otherwise."""
    if not argv:
        raise ValueError(f"no process named; {USAGE}")
    name, *rest = argv
    if name not in PROCESSES:
        raise ValueError(f"unknown process {name!r}; {USAGE}")
    return [sys.executable, "-m", PROCESSES[name], *rest]


def main() -> None:
    try:
        args = command(sys.argv[1:])
    except ValueError as exc:
        sys.stderr.write(f"fengqiao: {exc}\n")
        raise SystemExit(64) from None
    os.execv(args[0], args)


if __name__ == "__main__":
    main()

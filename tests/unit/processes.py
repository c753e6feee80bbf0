"""The processes deploy/local/stack.py starts, read by running its own start-up code with the
spawning replaced by a recorder: name → the module it runs with `python -m`."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from deploy.local import stack as local_stack


def stack_processes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    started: dict[str, str] = {}

    def module(args: list[str]) -> str:
        return args[args.index("-m") + 1]

    s = local_stack.Stack(local_stack.StackConfig(data_dir=tmp_path))

    def record(name: str, args: list[str]) -> Any:
        started[name] = module(args)

    class Recorded:
        def __init__(self, args: list[str], **_: object) -> None:
            started["setup"] = module(args)

    monkeypatch.setattr(s, "_spawn", record)
    # The stack module's own view of subprocess only: everything else keeps the real one.
    monkeypatch.setattr(local_stack, "subprocess", SimpleNamespace(Popen=Recorded))
    s.spawn_services()
    s.start_setup(seed=False)
    return started

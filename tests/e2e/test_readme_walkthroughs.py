"""The README's curl walkthroughs run against the real stack, so they cannot drift from the code.

Every fenced block of README.md whose info string is ``sh walkthrough`` runs with bash, in README
order, in one shell (later blocks use earlier blocks' variables and the ``poll`` helper), under
``set -euo pipefail``; the blocks reach the gateway through ``$FENGQIAO`` (a human's default is
http://127.0.0.1:8000) and call ``curl -fsS``, so any refused call fails the run.
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
from pathlib import Path

from deploy.local.stack import Stack
from tests.conftest import ROOT

README = ROOT / "README.md"
_BLOCK = re.compile(r"^```sh walkthrough\n(.*?)^```$", re.MULTILINE | re.DOTALL)
_MARK = "--- README.md line "
# The sections whose walkthroughs this test runs; a block that loses its marker fails here.
SECTIONS = (
    "The slice by curl",
    "Working-day calendar: importing a year",
    "Professional mediation",
    "For liaison integrators",
)


def walkthroughs(text: str) -> list[tuple[int, str]]:
    """(line number of the opening fence, code) of every ``sh walkthrough`` block, in order."""
    return [(text.count("\n", 0, m.start()) + 1, m.group(1)) for m in _BLOCK.finditer(text)]


def section_of(text: str, line: int) -> str:
    """The title of the second-level or third-level section a line belongs to."""
    headings = [h for h in text.splitlines()[:line] if h.startswith(("## ", "### "))]
    return headings[-1].lstrip("#").strip() if headings else ""


def script(blocks: list[tuple[int, str]]) -> str:
    lines = ["set -euo pipefail"]
    for line, code in blocks:
        lines += [f"echo '{_MARK}{line}' >&2", code]
    return "\n".join(lines)


def test_walkthroughs_are_marked_and_fail_loudly() -> None:
    text = README.read_text()
    blocks = walkthroughs(text)
    sections = {section_of(text, line) for line, _ in blocks}
    for wanted in SECTIONS:
        assert any(s.startswith(wanted) for s in sections), f"no walkthrough block in {wanted!r}"
    for line, code in blocks:
        for call in re.findall(r"\bcurl\b[^\n]*", code):
            assert call.startswith("curl -fsS"), f"README.md line {line}: {call!r} hides a refused call (use curl -fsS)"
        assert "127.0.0.1:8000" not in code.replace("${FENGQIAO:-http://127.0.0.1:8000}", ""), (
            f"README.md line {line}: reach the gateway through $FENGQIAO"
        )


async def test_readme_walkthroughs_run_against_the_stack(stack: Stack, tmp_path: Path) -> None:
    assert shutil.which("jq"), "the walkthroughs need jq (make test installs it)"
    blocks = walkthroughs(README.read_text())
    env = os.environ | {"FENGQIAO": f"http://127.0.0.1:{stack.config.gateway_port}"}
    proc = await asyncio.create_subprocess_exec(
        "bash",
        "-c",
        script(blocks),
        cwd=tmp_path,  # the calendar walkthrough writes 2027.csv
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(proc.communicate(), timeout=300)
    stderr = err.decode()
    marks = [m for m in stderr.splitlines() if m.startswith(_MARK)]
    assert proc.returncode == 0, (
        f"the walkthrough starting at {marks[-1] if marks else 'the top'} exited {proc.returncode}\n"
        f"--- stdout (end)\n{out.decode()[-3000:]}\n--- stderr (end)\n{stderr[-3000:]}"
    )
    assert len(marks) == len(blocks)

"""Generates the Python protobuf/gRPC code and .pyi stubs from protos/ into gen/.

The one pinned command for generated code (grpcio-tools is pinned in constraints.txt).
`tests/unit/test_generated_code.py` regenerates into a temporary folder and fails on drift.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from grpc_tools import protoc

ROOT = Path(__file__).resolve().parent.parent
PROTOS = ROOT / "protos"
OUT = ROOT / "gen"


def generate(out_dir: Path) -> list[Path]:
    """Writes generated modules for every .proto under protos/ into out_dir; returns them."""
    sources = sorted(str(p.relative_to(PROTOS)) for p in PROTOS.rglob("*.proto"))
    out_dir.mkdir(parents=True, exist_ok=True)
    include = Path(protoc.__file__).parent / "_proto"
    args = [
        "grpc_tools.protoc",
        f"-I{PROTOS}",
        f"-I{include}",
        f"--python_out={out_dir}",
        f"--pyi_out={out_dir}",
        f"--grpc_python_out={out_dir}",
        *sources,
    ]
    if protoc.main(args) != 0:
        raise SystemExit("protoc failed")
    return sorted(p for p in out_dir.rglob("*") if p.is_file())


if __name__ == "__main__":
    if OUT.exists():
        shutil.rmtree(OUT)
    files = generate(OUT)
    print(f"generated {len(files)} files into {OUT.relative_to(ROOT)}", file=sys.stderr)

"""Generated protobuf code is committed; this fails when it is stale (run `make protos`)."""

from pathlib import Path

from scripts.gen_protos import OUT, generate


def test_committed_generated_code_matches_the_protos(tmp_path: Path) -> None:
    fresh = {p.relative_to(tmp_path): p.read_bytes() for p in generate(tmp_path)}
    committed = {
        p.relative_to(OUT): p.read_bytes() for p in OUT.rglob("*") if p.is_file() and "__pycache__" not in p.parts
    }
    assert sorted(fresh) == sorted(committed), "generated files differ in name; run `make protos`"
    stale = [str(name) for name, body in fresh.items() if committed[name] != body]
    assert not stale, f"stale generated code, run `make protos`: {stale}"

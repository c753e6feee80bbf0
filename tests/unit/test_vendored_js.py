"""The console's htmx is the pinned npm package's own file (make vendor-js), never a CDN copy."""

from __future__ import annotations

import json

from tests.conftest import ROOT


def test_vendored_htmx_matches_the_pinned_npm_package() -> None:
    vendored = ROOT / "services/gateway/static/vendor/htmx.min.js"
    package = ROOT / "node_modules/htmx.org"
    pinned = json.loads((ROOT / "package.json").read_text())["devDependencies"]["htmx.org"]
    assert json.loads((package / "package.json").read_text())["version"] == pinned, "run npm ci"
    assert vendored.read_bytes() == (package / "dist/htmx.min.js").read_bytes(), "run make vendor-js"


def test_pages_load_scripts_only_from_the_gateway() -> None:
    for template in (ROOT / "services/gateway/templates").rglob("*.html"):
        text = template.read_text()
        assert '<script src="http' not in text and "//cdn" not in text, template.name

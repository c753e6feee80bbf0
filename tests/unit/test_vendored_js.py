"""The console's htmx and Bootstrap are the pinned npm packages' own files (make vendor-js, make
static), never a CDN copy."""

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


def test_bootstrap_css_is_the_pinned_npm_package_and_every_page_loads_it() -> None:
    """Bootstrap's stylesheet is copied by `make static` from the pinned package (no CDN, no edits),
    and every page — console, ops, resident pages, the board — loads it before console.css."""
    vendored = ROOT / "services/gateway/static/vendor/bootstrap.min.css"
    package = ROOT / "node_modules/bootstrap"
    pinned = json.loads((ROOT / "package.json").read_text())["devDependencies"]["bootstrap"]
    assert json.loads((package / "package.json").read_text())["version"] == pinned, "run npm ci"
    assert vendored.read_bytes() == (package / "dist/css/bootstrap.min.css").read_bytes(), "run make static"
    pages = [ROOT / "services/gateway/static/board.html"] + [
        p for p in (ROOT / "services/gateway/templates").rglob("*.html") if "<head>" in p.read_text()
    ]
    assert len(pages) >= 6
    for page in pages:
        text = page.read_text()
        toolkit, own = text.find("/static/vendor/bootstrap.min.css"), text.find("/static/console.css")
        assert 0 < toolkit < own, page.name

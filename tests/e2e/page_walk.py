"""What the page-walk tests share: screenshots at a desk's and a phone's size, and the check that a
Chinese page shows no English word and no raw code outside a short allow-list."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from playwright.async_api import Page

from tests.conftest import ROOT

SHOTS = ROOT / "test-artifacts" / "walk"
DESK = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}

# What a person may need to read or copy as it is: case numbers (and rectification order numbers,
# task ids built on them), receipt numbers; the language switch's own name; product names.
ALLOWED_CODES = re.compile(
    r"(?:case-)?[A-Z]{2,8}-\d{4}-\d{6}(?:-R\d+|-t\d+)?|SL\d{8}-[A-Z0-9]{8}|\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}"
)
ALLOWED_WORDS = {"English", "ReDoc", "Temporal", "UI", "API"}
WORD = re.compile(r"[A-Za-z][A-Za-z_.:-]*[A-Za-z]|[A-Za-z]")

# Every text a person reads: the page's visible text, and the texts of controls that are not in it.
_READABLE = """() => {
  // Text in <code> is an identifier a person copies (a query field, a run id), not a word to read.
  let body = document.body.innerText;
  for (const code of document.querySelectorAll('code')) body = body.replace(code.innerText, ' ');
  const texts = [document.title, body];
  for (const el of document.querySelectorAll('[placeholder], [aria-label], [title], img[alt]')) {
    for (const a of ['placeholder', 'aria-label', 'title', 'alt']) if (el.getAttribute(a)) texts.push(el.getAttribute(a));
  }
  for (const o of document.querySelectorAll('option')) texts.push(o.textContent);
  return texts.join('\\n');
}"""


# What fetches after the load event: the board's script (it draws from /api/v1/board) and htmx
# parts loaded on load or after typing. Every other page is whole when `goto` returns (at load).
_FETCHES_LATE = "script[src$='/board.js'], [hx-trigger*='load'], [hx-trigger*='delay']"
# A chart (ECharts marks its container) redraws to a new width on the window's resize event.
_CHARTS = "[_echarts_instance_]"


async def settled(page: Page) -> None:
    """The page as its reader sees it: a page that fetches after loading waits until the network
    has been quiet for half a second; any other page is already whole, and waits for nothing."""
    if await page.locator(_FETCHES_LATE).count():
        await page.wait_for_load_state("networkidle")


async def redrawn(page: Page) -> None:
    """After a resize: charts get time to redraw to the new width; a page without one has nothing
    to redraw."""
    if await page.locator(_CHARTS).count():
        await page.wait_for_timeout(300)


async def foreign_words(page: Page) -> list[str]:
    """English words and codes on the page, less the allow-list."""
    text = ALLOWED_CODES.sub(" ", await page.evaluate(_READABLE))
    return sorted({w for w in WORD.findall(text) if w not in ALLOWED_WORDS})


async def shoot(page: Page, name: str, *, full_page: bool = True) -> None:
    """The page at 1366×900 and at 390×844 (full length, or the first screen when `full_page` is
    False: ReDoc's reference is 76,000 px long at the desk's width and 143,000 at the phone's)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for label, size in (("desk", DESK), ("phone", PHONE)):
        await page.set_viewport_size(size)
        await redrawn(page)
        await page.screenshot(path=str(SHOTS / f"{name}.{label}.png"), full_page=full_page)
    await page.set_viewport_size(DESK)


@dataclass
class Look:
    """What one pass over a page found: its foreign words, whether it is wider than a phone, and
    axe's findings at the desk's and at the phone's width."""

    words: list[str]
    too_wide: bool
    desk: dict[str, Any]
    phone: dict[str, Any]


async def look(page: Page, name: str) -> Look:
    """Everything the walk checks on a page opened at 1366×900, with one resize: its words, axe
    and screenshot at the desk's size, then at 390×844 whether it fits, axe and screenshot; the
    viewport is back at the desk's size for the next page."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    words = await foreign_words(page)
    desk = await axe_check(page)
    await page.screenshot(path=str(SHOTS / f"{name}.desk.png"), full_page=True)
    await page.set_viewport_size(PHONE)
    await redrawn(page)
    wide = await page.evaluate("() => document.documentElement.scrollWidth > window.innerWidth + 1")
    phone = await axe_check(page)
    await page.screenshot(path=str(SHOTS / f"{name}.phone.png"), full_page=True)
    await page.set_viewport_size(DESK)
    return Look(words, bool(wide), desk, phone)


async def overflows_phone(page: Page) -> bool:
    """True when the page is wider than a 390 px phone (something forces sideways scrolling)."""
    await page.set_viewport_size(PHONE)
    await redrawn(page)
    wide = await page.evaluate("() => document.documentElement.scrollWidth > window.innerWidth + 1")
    await page.set_viewport_size(DESK)
    return bool(wide)


# axe-core from npm (package.json, pinned); `npm ci` puts it here. AXE_CORE_JS points elsewhere
# when node_modules has not been refreshed yet.
AXE_JS = Path(os.environ.get("AXE_CORE_JS", ROOT / "node_modules" / "axe-core" / "axe.min.js"))
# What the page must not have: a violation axe rates serious or critical fails the walk.
BLOCKING = ("serious", "critical")


@cache
def _axe_source() -> str:
    if not AXE_JS.is_file():
        raise FileNotFoundError(
            f"axe-core is not installed at {AXE_JS}: run `npm ci` (package.json pins axe-core), "
            "or set AXE_CORE_JS to an axe.min.js"
        )
    return AXE_JS.read_text(encoding="utf-8")


async def axe_check(page: Page) -> dict[str, Any]:
    """axe-core's findings on the page as it stands (WCAG 2.x A and AA rules and best practice):
    its violations, and how many rules passed or need a person's review, so a report of 0
    violations shows that axe did look. The page's CSP allows only scripts from /static, so axe goes
    in through the debugger protocol (page.evaluate), which the CSP does not govern, rather than as
    a <script> tag."""
    if not await page.evaluate("() => typeof window.axe === 'object'"):
        await page.evaluate("() => {" + _axe_source() + "\n}")
    found: dict[str, Any] = await page.evaluate(
        """async () => {
          const result = await axe.run(document, {resultTypes: ['violations', 'incomplete']});
          const nodes = (v) => v.nodes.map(n => n.target.join(' ')).slice(0, 5);
          // Why axe could not decide (for contrast: text over an image, a gradient, a pseudo-element).
          const why = (v) => [...new Set(v.nodes.flatMap(n => [...n.any, ...n.all, ...n.none].map(c => c.message)))].slice(0, 3);
          return {
            violations: result.violations.map(v => ({
              id: v.id, impact: v.impact, help: v.help, targets: nodes(v), nodes: v.nodes.length,
            })),
            passes: result.passes.length,
            incomplete: result.incomplete.map(v => ({id: v.id, targets: nodes(v), nodes: v.nodes.length, why: why(v)})),
          };
        }"""
    )
    return found

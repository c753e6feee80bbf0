"""What the page-walk tests share: screenshots at a desk's and a phone's size, and the check that a
Chinese page shows no English word and no raw code outside a short allow-list."""

from __future__ import annotations

import re

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


async def foreign_words(page: Page) -> list[str]:
    """English words and codes on the page, less the allow-list."""
    text = ALLOWED_CODES.sub(" ", await page.evaluate(_READABLE))
    return sorted({w for w in WORD.findall(text) if w not in ALLOWED_WORDS})


async def shoot(page: Page, name: str) -> None:
    """The page at 1366×900 and at 390×844 (full length), and a check that the phone's width holds it."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for label, size in (("desk", DESK), ("phone", PHONE)):
        await page.set_viewport_size(size)
        await page.wait_for_timeout(300)  # charts redraw to the new width on resize
        await page.screenshot(path=str(SHOTS / f"{name}.{label}.png"), full_page=True)
    await page.set_viewport_size(DESK)


async def overflows_phone(page: Page) -> bool:
    """True when the page is wider than a 390 px phone (something forces sideways scrolling)."""
    await page.set_viewport_size(PHONE)
    await page.wait_for_timeout(300)
    wide = await page.evaluate("() => document.documentElement.scrollWidth > window.innerWidth + 1")
    await page.set_viewport_size(DESK)
    return bool(wide)

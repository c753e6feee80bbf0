"""Keyboard only: a caseworker signs in, claims a triage task from the inbox list and completes it
with Tab, Enter, Space, arrow keys and typing — no click anywhere. Each step Tabs forward to the
control it needs (failing if Tab never reaches it), so a control out of the tab order, or one
that only a mouse can work, fails the test. Screenshots go to test-artifacts/keyboard/."""

from __future__ import annotations

import httpx
from playwright.async_api import Browser, Page, expect

from deploy.local.stack import Stack
from tests.conftest import ROOT
from tests.e2e.test_console_browser import APPEAR_MS, file_case
from tests.e2e.test_slice import PASSWORD, login, wait_for_task

SHOTS = ROOT / "test-artifacts" / "keyboard"
# More than any console page has controls before the one a step wants.
MAX_TABS = 80


async def tab_to(page: Page, selector: str) -> None:
    """Press Tab until the focused element matches `selector` (a CSS selector)."""
    for _ in range(MAX_TABS):
        await page.keyboard.press("Tab")
        if await page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
    focused = await page.evaluate("() => document.activeElement && document.activeElement.outerHTML.slice(0, 120)")
    raise AssertionError(f"Tab never reached {selector} in {MAX_TABS} presses (last focused: {focused})")


async def choose(page: Page, value: str) -> None:
    """With a <select> focused, arrow down (the keyboard's way) until it holds `value`."""
    for _ in range(20):
        if await page.evaluate("() => document.activeElement.value") == value:
            return
        await page.keyboard.press("ArrowDown")
    raise AssertionError(f"the arrow keys never chose {value!r}")


async def test_caseworker_claims_and_completes_a_task_by_keyboard(
    browser: Browser, stack: Stack, http: httpx.AsyncClient
) -> None:
    case_no = await file_case(http)
    triage = await wait_for_task(http, await login(http, "xiadong.caseworker"), case_no, "triage")
    context = await browser.new_context(
        base_url=f"http://127.0.0.1:{stack.config.gateway_port}", locale="zh-CN", timezone_id="Asia/Shanghai"
    )
    page = await context.new_page()
    SHOTS.mkdir(parents=True, exist_ok=True)

    # Sign in: the user name field has focus on arrival; type, Tab, type, Enter.
    await page.goto("/console/login")
    await expect(page.locator("#username")).to_be_focused()
    await page.keyboard.type("xiadong.caseworker")
    await page.keyboard.press("Tab")
    await page.keyboard.type(PASSWORD)
    await page.keyboard.press("Enter")
    await expect(page.get_by_role("heading", name="待办")).to_be_visible()

    # The group view, by keyboard: its tab, then Enter.
    await tab_to(page, '#view-tabs a[data-view="group"]')
    await page.keyboard.press("Enter")
    await expect(page.locator('#view-tabs a[data-view="group"]')).to_have_attribute("aria-current", "page")
    await page.locator(f'tr[data-task-id="{triage["id"]}"]').wait_for(timeout=APPEAR_MS)

    # Claim from the list: Tab to the row's 认领 button, Enter. The list changes in place and focus
    # moves to the notice's link to the claimed task (not back to <body>).
    await tab_to(page, f'button[id="claim-{triage["id"]}"]')
    await page.screenshot(path=str(SHOTS / "01-claim-focused.png"), full_page=True)
    await page.evaluate("() => { window.sameDocument = true; }")  # gone if the page reloaded
    await page.keyboard.press("Enter")
    await expect(page.locator("#claimed-link")).to_be_focused()
    assert await page.evaluate("() => window.sameDocument === true"), "the claim reloaded the page"
    await expect(page.locator("#inbox-notice")).to_contain_text("已认领")
    await expect(page.locator(f'button[id="claim-{triage["id"]}"]')).to_have_count(0)
    await page.keyboard.press("Enter")

    # The task page, claimed: outcome by arrow keys, the note typed, 办结 by Space.
    await expect(page.locator("#task-status")).to_have_text("办理中")
    await tab_to(page, "#outcome")
    await choose(page, "resolved_on_spot")
    await tab_to(page, "#field-note")
    await page.keyboard.type("已联系物业维修，现场确认不再漏水")
    await page.screenshot(path=str(SHOTS / "02-form-filled.png"), full_page=True)
    await tab_to(page, "#complete")
    await page.keyboard.press("Space")
    await expect(page.get_by_role("status")).to_have_text("任务已办结")
    await page.screenshot(path=str(SHOTS / "03-completed.png"), full_page=True)

    worker = await login(http, "xiadong.caseworker")
    done = (await http.get(f"/api/v1/tasks/{triage['id']}", headers=worker)).json()
    assert (done["status"], done["outcome"], done["completed_by"]) == (
        "completed",
        "resolved_on_spot",
        "xiadong.caseworker",
    ), done
    await context.close()

"""Security headers on every page (issue #18), and the pages still work under their policy: in
headless Chromium the public form files a complaint, the board draws its charts, the console's
inbox and the ops pages load — with no script refused by the Content-Security-Policy.
Screenshots go to test-artifacts/security/."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest_asyncio
from playwright.async_api import Browser, BrowserContext, Page, async_playwright, expect

from deploy.local.stack import Stack
from tests.conftest import ROOT
from tests.e2e.conftest import CHROMIUM_ARGS
from tests.e2e.test_slice import PASSWORD

SHOTS = ROOT / "test-artifacts" / "security"
PAGES = ["/complain", "/board", "/console/login", "/ops/login"]


@pytest_asyncio.fixture
async def chromium() -> AsyncIterator[Browser]:
    async with async_playwright() as pw:
        launched = await pw.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
        yield launched
        await launched.close()


async def test_every_page_carries_the_security_headers(http: httpx.AsyncClient) -> None:
    for path in PAGES:
        page = await http.get(path)
        assert page.headers["content-type"].startswith("text/html"), path
        csp = page.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
        assert "frame-ancestors 'none'" in csp, path
        assert page.headers["x-frame-options"] == "DENY" and page.headers["x-content-type-options"] == "nosniff"
        assert page.headers["referrer-policy"] == "same-origin", path
        assert "<script>" not in page.text, f"{path} has an inline script the policy would block"


def _watch(page: Page, refused: list[str]) -> None:
    """Collects what the policy refused and any script error on the page."""
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("pageerror", lambda e: refused.append(f"page error: {e}"))


async def _context(chromium: Browser, stack: Stack) -> BrowserContext:
    base = f"http://127.0.0.1:{stack.config.gateway_port}"
    context = await chromium.new_context(base_url=base, locale="zh-CN", timezone_id="Asia/Shanghai")
    # This browser's filings count against an address of its own (the stack trusts 127.0.0.1 as a proxy).
    await context.set_extra_http_headers({"X-Forwarded-For": "198.51.100.80"})
    return context


async def test_the_pages_work_under_their_policy(chromium: Browser, stack: Stack) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = await _context(chromium, stack)
    page = await context.new_page()
    refused: list[str] = []
    _watch(page, refused)

    await page.goto("/complain")
    await page.get_by_label("小区").fill("东方世家")
    await page.get_by_label("楼栋、单元、门牌").fill("3号楼2单元")
    await page.get_by_label("诉求内容").fill("楼道灯坏了一周没人修。")
    await page.get_by_label("姓名").fill("钱先生")
    await page.get_by_label("手机号码").fill("13800138099")
    await page.get_by_role("button", name="提交").click()
    await expect(page.locator("#result")).to_contain_text("已受理")  # complain.js ran under the policy
    await page.screenshot(path=str(SHOTS / "complain.png"), full_page=True)

    await page.goto("/board")
    await expect(page.locator("#combined canvas")).to_have_count(1)
    await page.wait_for_timeout(1500)  # the charts animate in
    await page.screenshot(path=str(SHOTS / "board.png"), full_page=True)

    await page.goto("/console/login")
    await page.get_by_label("用户名").fill("xiadong.caseworker")
    await page.get_by_label("密码").fill(PASSWORD)
    await page.get_by_role("button", name="登录").click()
    await expect(page.get_by_role("heading", name="待办")).to_be_visible()
    await page.wait_for_timeout(1000)  # htmx has loaded and set up its polling
    await page.screenshot(path=str(SHOTS / "inbox.png"), full_page=True)

    await page.goto("/ops/login")
    await page.locator("input[name=username]").fill("ops")
    await page.locator("input[name=password]").fill(PASSWORD)
    await page.locator("button").first.click()
    await expect(page).to_have_url(f"http://127.0.0.1:{stack.config.gateway_port}/ops")
    await page.screenshot(path=str(SHOTS / "ops.png"), full_page=True)
    assert refused == []
    await context.close()

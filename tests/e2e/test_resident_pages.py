"""A resident on a phone (390 px): the complaint form refuses a wrong phone number in Chinese next
to the field, files, and files a second complaint from the same page under a key of its own; the
receipt leads to the tracking page."""

from __future__ import annotations

from playwright.async_api import Browser, Request, expect

from deploy.local.stack import Stack
from tests.e2e.page_walk import PHONE, SHOTS


async def test_a_resident_files_twice_from_one_page(browser: Browser, stack: Stack) -> None:
    # A client address of its own (the stack trusts 127.0.0.1 as a proxy): the public rate limit
    # is per client, and other tests on the shared stack file publicly too.
    context = await browser.new_context(
        base_url=f"http://127.0.0.1:{stack.config.gateway_port}",
        locale="zh-CN",
        viewport=PHONE,
        extra_http_headers={"X-Forwarded-For": "198.51.100.23"},
    )
    page = await context.new_page()
    keys: list[str] = []

    def keep_key(request: Request) -> None:
        if request.url.endswith("/api/v1/public/complaints"):
            keys.append(request.headers.get("idempotency-key", ""))

    page.on("request", keep_key)
    await page.goto("/")
    await page.get_by_role("link", name="我要投诉").first.click()
    await page.get_by_label("小区").fill("土地局小区")
    await page.get_by_label("楼栋、单元、门牌").fill("2号楼1单元")
    await page.get_by_label("诉求内容").fill("楼下垃圾三天没有清运，气味很大")
    await page.get_by_label("姓名").fill("周阿姨")
    await page.get_by_label("手机号码").fill("123")
    await page.get_by_role("button", name="提交").click()
    await expect(page.locator("#phone-error")).to_have_text("请填写正确的手机号码，例如 13800138000")
    await expect(page.get_by_label("手机号码")).to_have_attribute("aria-invalid", "true")
    SHOTS.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=str(SHOTS / "resident-form-refused.phone.png"), full_page=True)

    await page.get_by_label("手机号码").fill("13600136000")
    await page.get_by_role("button", name="提交").click()
    await expect(page.locator("#result")).to_contain_text("已受理")
    first = (await page.locator("#result p").inner_text()).split("回执号 ")[1].split("，")[0]
    await page.get_by_label("小区").fill("土地局小区")
    await page.get_by_label("楼栋、单元、门牌").fill("3号楼")
    await page.get_by_label("诉求内容").fill("电梯又停了，老人上下楼不方便")
    await page.get_by_label("姓名").fill("周阿姨")
    await page.get_by_label("手机号码").fill("13600136000")
    await page.get_by_role("button", name="提交").click()
    await expect(page.locator("#result")).not_to_contain_text(first)
    await expect(page.locator("#result")).to_contain_text("已受理")
    second = (await page.locator("#result p").inner_text()).split("回执号 ")[1].split("，")[0]
    assert second != first
    assert len(keys) == 3 and len(set(keys[1:])) == 2 and all(keys), keys
    await page.screenshot(path=str(SHOTS / "resident-filed.phone.png"), full_page=True)

    await page.get_by_role("link", name="查看办理进度").click()
    await expect(page.locator("#receipt")).to_have_text(second)
    await page.goto("/track")
    await page.get_by_label("回执号").fill(first.lower())
    await page.get_by_role("button", name="查询").click()
    await expect(page.locator("#receipt")).to_have_text(first)
    wide = await page.evaluate("() => document.documentElement.scrollWidth > window.innerWidth + 1")
    assert not wide
    await context.close()

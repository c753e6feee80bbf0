"""共同管 in the console, on a stack of its own: the street centre proposes a takeover bundle
(a black-listed lead refused), the company hands over, the centre accepts it as well managed and
the board counts it; the centre convenes a five-party council, files a phone complaint (its
category suggested and a duplicate shown as it types), the caseworker closes it, and the centre
reads the live three rates of the community for this month and a custom period, down to the case.
Every page checked for English words, phone width and axe; screenshots in test-artifacts/manage."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime, timedelta

import httpx
import pytest
import pytest_asyncio
from playwright.async_api import Browser, Page, expect

from deploy.local.stack import Stack
from services.common.clock import SHANGHAI
from tests.conftest import ROOT
from tests.e2e.conftest import running_stack
from tests.e2e.page_walk import BLOCKING, axe_check, foreign_words, overflows_phone, settled, shoot
from tests.e2e.test_slice import PASSWORD, login

SHOTS = "manage"
CHECKLIST = ("钥匙", "档案资料", "设施设备", "账目", "人员")
WAIT_MS = 30_000
POLL_MS = 200  # a workflow's next step shows within a poll of its coming, not half a second later


@pytest_asyncio.fixture(scope="module")
async def stack(database_factory, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Stack]:  # type: ignore[no-untyped-def]
    """A stack of this module's own, with a takeover's probation of 2 s so acceptance comes on a real clock."""
    env = {"FENGQIAO_EVALUATION_TAKEOVER_PROBATION_SECONDS": "2"}
    async with running_stack(database_factory, tmp_path_factory.mktemp("manage"), env) as running:
        yield running


async def signed_in(browser: Browser, stack: Stack, username: str) -> Page:
    context = await browser.new_context(
        base_url=f"http://127.0.0.1:{stack.config.gateway_port}", locale="zh-CN", timezone_id="Asia/Shanghai"
    )
    page = await context.new_page()
    await page.goto("/console/login")
    await page.get_by_label("用户名").fill(username)
    await page.get_by_label("密码").fill(PASSWORD)
    await page.get_by_role("button", name="登录").click()
    await expect(page.get_by_role("heading", name="待办")).to_be_visible()
    return page


async def judged(page: Page, name: str, problems: list[str]) -> None:
    """The page as it stands: no English word, fits a phone, no serious axe finding; screenshots."""
    await settled(page)
    if words := await foreign_words(page):
        problems.append(f"{name}: English words {words}")
    if await overflows_phone(page):
        problems.append(f"{name}: wider than 390 px")
    found = await axe_check(page)
    problems.extend(f"{name}: axe {v['id']} {v['targets']}" for v in found["violations"] if v["impact"] in BLOCKING)
    await shoot(page, f"{SHOTS}-{name}")


async def complete(
    page: Page,
    task_id: str,
    outcome: str,
    fields: dict[str, str],
    ticks: tuple[str, ...] = (),
    judge: tuple[str, list[str]] | None = None,
) -> None:
    """Open the task once its workflow has created it, claim it, fill the form and complete it."""
    for _ in range(WAIT_MS // POLL_MS):
        reply = await page.goto(f"/console/tasks/{task_id}")
        if reply is not None and reply.status == 200:
            break
        await page.wait_for_timeout(POLL_MS)
    else:
        raise AssertionError(f"task {task_id} never appeared")
    if await page.locator("#claim").count():
        await page.locator("#claim").click()
    await page.get_by_label("办理结果").select_option(outcome)
    for label, value in fields.items():
        await page.get_by_label(label).fill(value)
    for label in ticks:
        await page.get_by_label(label, exact=True).check()
    if judge is not None:
        await judged(page, *judge)
    await page.get_by_role("button", name="办结").click()
    await expect(page.get_by_role("status")).to_have_text("任务已办结")


async def test_the_street_centre_manages_together_in_the_console(browser: Browser, stack: Stack) -> None:
    problems: list[str] = []
    centre = await signed_in(browser, stack, "dongjie.center")

    # 1+N: a black-listed lead is refused in Chinese and nothing starts.
    await centre.goto("/console/takeovers")
    await expect(centre.locator("#bundles")).to_contain_text("还没有接管项目")
    await centre.get_by_label("牵头物业服务企业").select_option("PC-HUIFENG")
    await centre.get_by_label("工商局家属院").check()
    await centre.get_by_role("button", name="发起接管").click()
    await expect(centre.locator("#takeover-error")).to_contain_text("黑榜")
    await expect(centre.locator("#bundles")).to_contain_text("还没有接管项目")
    await judged(centre, "01-takeover-refused", problems)

    await centre.get_by_label("牵头物业服务企业").select_option("PC-DFSJ")
    await centre.get_by_label("建设银行家属院").check()
    await centre.get_by_label("观察期（天）").fill("1")
    await centre.get_by_role("button", name="发起接管").click()
    await expect(centre.locator("#bundle-status")).to_have_text("交接中")
    bundle_id = centre.url.rsplit("/", 1)[-1]

    # The lead company hands over each community from its own inbox.
    company = await signed_in(browser, stack, "company.admin")
    await complete(company, f"takeover-{bundle_id}-t1", "handed_over", {}, CHECKLIST, ("02-handover-task", problems))
    await complete(company, f"takeover-{bundle_id}-t2", "handed_over", {}, CHECKLIST)
    await centre.goto(f"/console/takeovers/{bundle_id}")
    await expect(centre.locator('#steps tr[data-status="TAKEN_OVER"]')).to_have_count(2)

    # After probation the acceptance is the street centre's task; well managed closes the bundle.
    await complete(centre, f"takeover-{bundle_id}-t3", "well_managed", {"处理说明": "交接完整，居民评价良好"})
    for _ in range(20_000 // POLL_MS):
        await centre.goto(f"/console/takeovers/{bundle_id}")
        if await centre.locator("#bundle-status").text_content() == "管得好":
            break
        await centre.wait_for_timeout(POLL_MS)
    await expect(centre.locator("#bundle-status")).to_have_text("管得好")
    await expect(centre.locator('#steps tr[data-status="WELL_MANAGED"]')).to_have_count(2)
    await judged(centre, "03-bundle-well-managed", problems)

    # The board counts old communities from the takeover records: 2 of 76 well managed.
    await centre.goto("/board")
    rows = centre.locator("#takeover-rows tr")
    await expect(rows.nth(0)).to_contain_text("74 个")
    await expect(rows.nth(2)).to_contain_text("2 个")
    await expect(rows.nth(2)).to_contain_text("工商局家属院（东方）")
    await expect(rows.nth(3)).to_contain_text("76 个")
    await judged(centre, "04-board", problems)

    # 专项调 for a community-wide issue no single complaint owns.
    await centre.goto("/console/consultations/new")
    await centre.get_by_role("button", name="召集议事会").click()  # the browser holds an empty form back
    await centre.get_by_label("小区").select_option(label="常平苑")
    await centre.get_by_label("议题").fill("电动车充电桩安装位置")
    await centre.get_by_label("关联案件编号").fill("DJ-2026-999999")
    await centre.get_by_role("button", name="召集议事会").click()
    await expect(centre.locator("#convene-error")).to_contain_text("关联案件编号 DJ-2026-999999 不存在")
    await judged(centre, "05-convene-refused", problems)
    await centre.get_by_label("关联案件编号").fill("")
    await centre.get_by_role("button", name="召集议事会").click()
    await expect(centre.locator("#consultation-status")).not_to_be_empty()
    for _ in range(20_000 // POLL_MS):  # the workflow seats the council just after it starts
        if await centre.locator("#seats li").count():
            break
        await centre.wait_for_timeout(POLL_MS)
        await centre.reload()
    await expect(centre.locator("#seats")).to_contain_text("物业服务企业")
    await judged(centre, "06-council", problems)

    # A phone call: the category is suggested and the duplicate shown as the caseworker types.
    await centre.goto("/console/intake")
    await centre.get_by_label("来源渠道").select_option(label="物业投诉电话")
    await centre.get_by_label("小区").select_option(label="东方世家")
    await centre.get_by_label("地址").fill("3号楼2单元")
    await centre.get_by_label("诉求内容").fill("楼道漏水三天了，物业一直没人来修。")
    await expect(centre.locator("#suggestion")).to_contain_text("系统建议类别", timeout=WAIT_MS)
    await expect(centre.locator("#duplicates")).to_contain_text("没有相同类别的在办案件")
    await centre.get_by_label("诉求人姓名").fill("张三")
    await centre.get_by_label("联系电话").fill("123")
    await centre.get_by_role("button", name="提交登记").click()
    await expect(centre.locator("#intake-error")).to_have_text("联系电话格式不对，请填写手机号或座机号。")
    await centre.get_by_label("联系电话").fill("13800138000")
    await centre.get_by_role("button", name="提交登记").click()
    await expect(centre.locator("#receipt")).to_contain_text("物业投诉电话")
    case_no = (await centre.locator("#case-link").text_content() or "").strip()
    await judged(centre, "07-intake-filed", problems)
    await centre.goto("/console/intake")
    await centre.get_by_label("小区").select_option(label="东方世家")
    await centre.get_by_label("地址").fill("3号楼1单元")
    await centre.get_by_label("诉求内容").fill("楼上漏水，天花板一直滴水")
    await expect(centre.locator(f'#duplicates li[data-case="{case_no}"]')).to_contain_text("提交后将并入此案件")
    await judged(centre, "08-intake-duplicate", problems)

    # The caseworker resolves it and calls back: a closed case the rates count.
    worker = await signed_in(browser, stack, "xiadong.caseworker")
    await complete(worker, f"case-{case_no}-t1", "resolved_on_spot", {"处理说明": "已联系物业维修"})
    await complete(worker, f"case-{case_no}-t2", "satisfied", {"处理说明": "居民满意"})

    # Live rates of 东方世家 for this month: the one case, and the case behind the number.
    for _ in range(20_000 // POLL_MS):
        await centre.goto("/console/rates?scope=community:CM-DFSJ&period=month")
        if await centre.locator("#rates-table tr.total td").nth(1).text_content() == "1":
            break
        await centre.wait_for_timeout(POLL_MS)
    total = centre.locator("#rates-table tr.total")
    await expect(total.locator("td").nth(1)).to_have_text("1")
    await expect(total.locator("td").nth(2)).to_contain_text("100.0% (1/1)")
    await expect(total.locator("td").nth(3)).to_contain_text("100.0% (1/1)")
    await expect(total.locator("td").nth(4)).to_contain_text("100.0% (1/1)")
    await total.locator("td").nth(1).get_by_role("link").click()
    await expect(centre.locator(f'#rate-cases tr[data-case="{case_no}"]')).to_contain_text("满意")
    await judged(centre, "09-rates-community", problems)
    # A custom period ending yesterday (Asia/Shanghai) holds none of it.
    yesterday = (datetime.now(SHANGHAI) - timedelta(days=1)).date().isoformat()
    await centre.get_by_label("期间").select_option("custom")
    await centre.get_by_label("起").fill(yesterday)
    await centre.get_by_label("止").fill(yesterday)
    await centre.get_by_role("button", name="查询").click()
    await expect(centre.locator("#rates-table tr.total td").nth(1)).to_have_text("0")
    await centre.goto("/console/rates?scope=subdistrict:SD-DONGJIE&period=quarter")
    await expect(centre.locator('#rates-table tr[data-code="NB-XIADONG"]')).to_contain_text("下东社区")

    (ROOT / "test-artifacts").mkdir(exist_ok=True)
    (ROOT / "test-artifacts" / "manage-problems.txt").write_text("\n".join(problems), encoding="utf-8")
    assert problems == [], "\n".join(problems)


async def test_the_same_over_the_api_with_its_refusals(stack: Stack, http: httpx.AsyncClient) -> None:
    centre, company, worker = [await login(http, u) for u in ("dongjie.center", "company.admin", "xiadong.caseworker")]
    offered = (await http.get("/api/v1/takeovers/companies", headers=centre)).json()["companies"]
    assert offered[0]["standing"] == "RED" and "PC-HUIFENG" not in {c["company_code"] for c in offered}
    black = {"bundle_id": "TK-API-1", "lead_company_code": "PC-HUIFENG", "community_codes": ["CM-OLD-011"]}
    refused = await http.post("/api/v1/takeovers", json=black, headers=centre)
    assert refused.status_code == 422 and refused.json()["error"]["details"]["field"] == "lead_company_code"
    assert (
        await http.post("/api/v1/takeovers", json=black | {"lead_company_code": "PC-DFSJ"}, headers=worker)
    ).status_code == 403
    assert (await http.post("/api/v1/takeovers", json=black | {"probation_days": 0}, headers=centre)).status_code == 422
    listed = (await http.get("/api/v1/takeovers", headers=company)).json()["bundles"]
    assert {b["lead_company_code"] for b in listed} <= {"PC-DFSJ"}
    assert (await http.get("/api/v1/takeovers/TK-NONE-1", headers=centre)).status_code == 404

    rates = await http.get(
        "/api/v1/rates", params={"scope_kind": "neighbourhood", "scope_code": "NB-XIADONG", "period": "quarter",
                                 "group_by": "community", "cases": "true"}, headers=worker,
    )  # fmt: skip
    assert rates.status_code == 200, rates.text
    body = rates.json()
    assert body["total"]["cases"] == len(body["cases"]) == sum(r["cases"] for r in body["rows"])
    other = await http.get(
        "/api/v1/rates", params={"scope_kind": "neighbourhood", "scope_code": "NB-FUHOU"}, headers=worker
    )
    assert other.status_code == 403
    bad = await http.get(
        "/api/v1/rates", params={"scope_kind": "community", "scope_code": "CM-DFSJ", "period": "custom",
                                 "from_date": "2026-12-31", "to_date": "2026-12-01"}, headers=centre,
    )  # fmt: skip
    assert bad.status_code == 422 and bad.json()["error"]["details"]["field"] == "to_date"
    public = (await http.get("/api/v1/board/rates", params={"period": "month"})).json()
    assert public["cases"] == [] and public["total"]["cases"] == sum(r["cases"] for r in public["rows"])

    preview = await http.post(
        "/api/v1/complaints/preview", json={"community": "东方世家", "content": "电梯坏了一周"}, headers=worker
    )
    assert preview.status_code == 200 and preview.json()["suggested_category"] == "elevator"
    assert (
        await http.post("/api/v1/complaints/preview", json={"community": "东方世家"}, headers=company)
    ).status_code == 403

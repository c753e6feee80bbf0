"""Issue 14 in a browser: the street center loads its registry from a workbook, edits a community,
retires a company, and the other processes see the changes at once — intake files a complaint
under the community's new name and refuses a retired one; the gateway's pages show the new name.
A bad workbook names its sheet, row and column and writes nothing. Every registry page is read in
Chinese, fits a phone and passes axe (serious, critical)."""

from __future__ import annotations

import asyncio
import io
import uuid
from collections.abc import AsyncIterator

import httpx
import pytest
import pytest_asyncio
from openpyxl import Workbook
from playwright.async_api import Browser, Page, expect

from deploy.local.stack import Stack
from services.intake.filing import COMMUNITY_CACHE_SECONDS
from tests.e2e.conftest import running_stack
from tests.e2e.page_walk import BLOCKING, axe_check, foreign_words, overflows_phone, shoot
from tests.e2e.test_slice import COMPLAINT, PASSWORD, login


@pytest_asyncio.fixture(scope="module")
async def stack(database_factory, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Stack]:  # type: ignore[no-untyped-def]
    """A stack of this module's own: it retires and renames registry entries."""
    async with running_stack(database_factory, tmp_path_factory.mktemp("registry")) as running:
        yield running


def registry_workbook(bad_row: bool = False) -> bytes:
    """A small district's registry: a neighbourhood, a company, two communities, a committee and a
    person holding posts in two of them."""
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    sheets = {
        "社区": [["社区编码", "社区名称", "所属街道编码"], ["NB-NANGUAN", "南关社区", "SD-DONGJIE"]],
        "物业企业": [
            ["企业编码", "企业名称", "所属街道编码"],
            ["PC-NANGUAN", "长治市南关物业服务有限公司", "SD-DONGJIE"],
        ],
        "小区": [
            ["小区编码", "小区名称", "所属社区编码", "物业企业编码", "户数", "人数", "楼栋数", "老旧小区"],
            ["CM-NG-01", "南关一号院", "NB-NANGUAN", "PC-NANGUAN", 88, 240, 3, "是"],
            ["CM-NG-02", "南关二号院", "NB-NANGUAN", "", 40, 110, 2, "否"],
        ],
        "业委会": [["业委会编码", "业委会名称", "所属小区编码"], ["OC-NG-01", "南关一号院业主委员会", "CM-NG-01"]],
        "任职": [
            ["人员编号", "姓名", "党员", "任职组织编码", "职务", "任职日期", "离任日期"],
            ["P-NG-1", "吴刚", "是", "OC-NG-01", "主任", "2026-01-01", ""],
            ["P-NG-1", "吴刚", "是", "PC-NANGUAN", "项目经理", "2025-06-01", ""],
        ],
    }
    if bad_row:
        sheets["小区"].append(["CM-NG-03", "南关三号院", "NB-NANGUAN", "", "很多", 10, 1, "否"])
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


async def _signed_in(browser: Browser, stack: Stack, username: str) -> Page:
    context = await browser.new_context(
        base_url=f"http://127.0.0.1:{stack.config.gateway_port}", locale="zh-CN", timezone_id="Asia/Shanghai"
    )
    page = await context.new_page()
    await page.goto("/console/login")
    await page.locator("input[name=username]").fill(username)
    await page.locator("input[name=password]").fill(PASSWORD)
    await page.locator("form button[type=submit], form button").last.click()
    await page.wait_for_load_state()
    return page


async def _judge(page: Page, name: str, problems: dict[str, object]) -> None:
    """The walk's checks on the page as it stands: Chinese words only, fits a phone, axe."""
    words = await foreign_words(page)
    if words:
        problems[f"{name}: words"] = words
    if await overflows_phone(page):
        problems[f"{name}: wider than 390 px"] = True
    blocking = [v for v in (await axe_check(page))["violations"] if v["impact"] in BLOCKING]
    if blocking:
        problems[f"{name}: axe"] = blocking
    await shoot(page, f"registry-{name}")


async def _upload(page: Page, content: bytes) -> None:
    await page.goto("/console/registry")
    await page.locator("#import summary").click()
    await page.locator("#file").set_input_files(
        {
            "name": "registry.xlsx",
            "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "buffer": content,
        }
    )
    await page.get_by_role("button", name="导入").click()
    await page.wait_for_load_state()


async def test_street_center_loads_edits_and_retires_and_every_process_sees_it(
    browser: Browser, stack: Stack, http: httpx.AsyncClient
) -> None:
    problems: dict[str, object] = {}
    page = await _signed_in(browser, stack, "dongjie.center")
    await page.get_by_role("link", name="名录管理").click()
    await expect(page.locator("h1")).to_have_text("名录管理")
    await _judge(page, "list", problems)

    # A workbook with one bad cell: the row and column are named, and nothing is written.
    await _upload(page, registry_workbook(bad_row=True))
    await expect(page.locator("#import-error")).to_have_text("工作表「小区」第 4 行「户数」：“很多”不是数字")
    await _judge(page, "import-refused", problems)
    await page.goto("/console/registry?kind=neighbourhood&q=南关")
    await expect(page.locator("#registry-entries tbody")).to_contain_text("没有符合条件的记录")

    await _upload(page, registry_workbook())
    await expect(page.locator("#import-result")).to_contain_text("小区 2 行")
    await expect(page.locator("#import-result")).to_contain_text("交叉任职 2 行")
    await expect(page.locator("#registry-entries")).to_contain_text("南关社区")  # by name at once
    await _judge(page, "import-loaded", problems)
    await page.goto("/console/registry?kind=community&q=南关")
    await expect(page.locator("#registry-entries tbody tr")).to_have_count(2)
    await expect(page.locator("#registry-entries")).to_contain_text("长治市南关物业服务有限公司")
    await _judge(page, "imported", problems)

    # Edit: rename the community and move it to 下东社区 (same subdistrict).
    await page.get_by_role("link", name="南关一号院").click()
    await page.locator("#name").fill("南关一号院东区")
    await page.locator("#neighbourhood_code").select_option(label="下东社区")
    await page.get_by_role("button", name="保存").click()
    await expect(page.locator(".notice")).to_have_text("已保存")
    await expect(page.locator("h1")).to_contain_text("南关一号院东区")
    await _judge(page, "community", problems)

    # Retire the company; it is no longer offered to any community.
    await page.goto("/console/registry/property_company/PC-NANGUAN")
    await _judge(page, "company", problems)
    await page.locator("#retire").click()
    await expect(page.locator(".notice")).to_have_text("已停用")
    await expect(page.locator(".badge.warn")).to_contain_text("已停用于")
    await page.goto("/console/registry/community/CM-NG-02")
    offered = await page.locator("#company_code option").all_inner_texts()
    assert "长治市南关物业服务有限公司" not in offered and "长治市东方物业服务有限公司" in offered
    await page.goto("/console/registry/owners_committee/OC-NG-01")
    await expect(page.locator("#members")).to_contain_text("吴刚")
    # A member whose dates make no sense is refused next to the field; then added.
    await page.locator("#person_id").fill("P-NG-2")
    await page.locator("#person_name").fill("陈静")
    await page.locator("#post").fill("委员")
    await page.locator("#starts_on").fill("2026-02-01")
    await page.locator("#ends_on").fill("2026-01-01")
    await page.get_by_role("button", name="保存任职").click()
    await expect(page.locator("#form-error")).to_have_text("未保存：离任日期 2026-01-01 早于任职日期 2026-02-01")
    await expect(page.locator("#ends_on")).to_have_attribute("aria-invalid", "true")
    await _judge(page, "member-refused", problems)
    await expect(page.locator("#person_name")).to_have_value("陈静")  # what was typed is kept
    await page.locator("#ends_on").fill("")
    await page.get_by_role("button", name="保存任职").click()
    await expect(page.locator(".notice")).to_have_text("已保存任职")
    await expect(page.locator("#members")).to_contain_text("陈静")
    await _judge(page, "committee", problems)
    await page.goto("/console/registry-cross")
    await expect(page.locator("#cross")).to_contain_text("长治市南关物业服务有限公司")
    await _judge(page, "cross", problems)

    # Intake (another process) files under the new name at once; the case page shows it.
    center = await login(http, "dongjie.center")
    complaint = COMPLAINT | {"community": "南关一号院东区", "address": "1号楼"}
    filed = await http.post(
        "/api/v1/complaints", json=complaint, headers=center | {"Idempotency-Key": uuid.uuid4().hex}
    )
    assert filed.status_code == 201, filed.text
    await page.goto("/console/communities/CM-NG-01")
    await expect(page.locator("h1")).to_contain_text("南关一号院东区")
    await expect(page.locator("main")).to_contain_text("下东社区")
    # A retired community takes no new complaint: intake keeps a community it resolved for
    # COMMUNITY_CACHE_SECONDS at most, then asks the registry again.
    second = COMPLAINT | {"community": "南关二号院", "address": "2号楼"}
    accepted = await http.post(
        "/api/v1/complaints", json=second, headers=center | {"Idempotency-Key": uuid.uuid4().hex}
    )
    assert accepted.status_code == 201, accepted.text
    await page.goto("/console/registry/community/CM-NG-02")
    await page.locator("#retire").click()
    await expect(page.locator(".notice")).to_have_text("已停用")
    await asyncio.sleep(COMMUNITY_CACHE_SECONDS + 0.5)
    refused = await http.post(
        "/api/v1/complaints",
        json=second,
        headers=center | {"Idempotency-Key": uuid.uuid4().hex},
    )
    assert refused.status_code == 422 and "南关二号院" in refused.text, refused.text

    listed = await http.get("/api/v1/registry?kind=community&q=南关&include_retired=true", headers=center)
    assert {e["code"]: bool(e["retired_at"]) for e in listed.json()["entries"]} == {"CM-NG-01": False, "CM-NG-02": True}
    # Every change is in the audit log, by the street center, and the chain holds.
    audit = (await http.get("/api/v1/ops/audit", headers=await login(http, "ops"))).json()
    mine = [(e["action"], e["target"]) for e in audit["entries"] if e["actor"] == "dongjie.center"]
    assert audit["intact"] and {
        ("registry.edit", "CM-NG-01"),
        ("registry.retire", "PC-NANGUAN"),
        ("registry.retire", "CM-NG-02"),
    } <= set(mine), mine
    assert sum(action == "registry.import" for action, _ in mine) == 1  # the refused workbook wrote nothing
    assert problems == {}, problems


async def test_the_rest_api_adds_edits_refuses_and_round_trips_the_workbook(http: httpx.AsyncClient) -> None:
    center, worker = await login(http, "dongjie.center"), await login(http, "xiadong.caseworker")
    body = {"kind": "neighbourhood", "code": "NB-API-1", "name": "接口测试社区"}
    assert (await http.post("/api/v1/registry/organisations", json=body, headers=worker)).status_code == 403
    created = await http.post("/api/v1/registry/organisations", json=body, headers=center)
    assert created.status_code == 201 and created.json()["parent_code"] == "SD-DONGJIE", created.text
    again = await http.post("/api/v1/registry/organisations", json=body, headers=center)
    assert again.status_code == 409 and again.json()["error"]["details"]["field"] == "code"
    community = {"code": "CM-API-1", "name": "接口一号院", "neighbourhood_code": "NB-API-1", "households": 10}
    assert (await http.post("/api/v1/registry/communities", json=community, headers=center)).status_code == 201
    edit = {k: v for k, v in community.items() if k != "code"} | {"households": -1}
    refused = await http.put("/api/v1/registry/communities/CM-API-1", json=edit, headers=center)
    assert refused.status_code == 422 and refused.json()["error"]["details"]["field"] == "households", refused.text
    busy = await http.post("/api/v1/registry/entries/NB-API-1/retire", headers=center)
    assert busy.status_code == 409 and "接口一号院" in busy.json()["error"]["message"]
    post = {"person_name": "孙倩", "post": "委员", "starts_on": "2026-03-01", "ends_on": "2026-02-01"}
    dates = await http.put("/api/v1/registry/appointments/P-API-1/NB-API-1", json=post, headers=center)
    assert dates.status_code == 422 and dates.json()["error"]["details"]["field"] == "ends_on"
    exported = await http.get("/api/v1/registry/export", headers=center)
    assert exported.status_code == 200 and exported.content[:2] == b"PK"
    loaded = await http.post(
        "/api/v1/registry/import",
        files={"file": ("registry.xlsx", exported.content, "application/octet-stream")},
        headers=center,
    )
    assert loaded.status_code == 200, loaded.text
    listed = await http.get("/api/v1/registry", params={"kind": "community"}, headers=center)
    assert loaded.json()["communities"] == len(listed.json()["entries"])

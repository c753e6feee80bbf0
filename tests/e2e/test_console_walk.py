"""Every page of every demo role, and the resident pages, in Chinese: the walk fails on any English
word or raw code outside a short allow-list (case and receipt numbers), and on any serious or
critical accessibility violation axe-core finds, and saves each page at 1366×900 and 390×844 under
test-artifacts/walk/ (with axe.txt, every violation of every impact)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
import pytest_asyncio
from playwright.async_api import Browser, Page, expect

from deploy.local.stack import Stack
from tests.e2e.conftest import running_stack
from tests.e2e.page_walk import BLOCKING, DESK, SHOTS, look, settled
from tests.e2e.test_console_browser import file_case
from tests.e2e.test_slice import PASSWORD, login, wait_for_task
from tests.e2e.test_stories import act


@pytest_asyncio.fixture(scope="module")
async def stack(database_factory, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Stack]:  # type: ignore[no-untyped-def]
    """A stack of the walk's own: it judges the pages' words, and the shared stack also holds what
    other tests typed in (the fuzz run's random strings in the audit log, say)."""
    async with running_stack(database_factory, tmp_path_factory.mktemp("walk")) as running:
        yield running


OPS_PAGES = ("", "/cases", "/reconciliation", "/overdue", "/failing", "/health", "/webhooks", "/audit", "/calendar")


async def _page(browser: Browser, stack: Stack) -> Page:
    context = await browser.new_context(
        base_url=f"http://127.0.0.1:{stack.config.gateway_port}",
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
        viewport=DESK,  # every page opens at the desk's size; `look` resizes to the phone and back
    )
    return await context.new_page()


async def _sign_in(browser: Browser, stack: Stack, username: str, room: str = "console") -> Page:
    page = await _page(browser, stack)
    await page.goto(f"/{room}/login")
    await page.locator("input[name=username]").fill(username)
    await page.locator("input[name=password]").fill(PASSWORD)
    await page.locator("form button[type=submit], form button").last.click()
    await page.wait_for_load_state()
    return page


async def _lands_on_its_work(page: Page) -> None:
    """Signed in, the inbox opens on a view with tasks in it whenever any view has some."""
    await page.goto("/console/inbox")
    counts = await page.locator("#view-tabs .count").all_inner_texts()
    current = await page.locator('#view-tabs a[aria-current="page"] .count').inner_text()
    if any(c.rstrip("+") != "0" for c in counts):
        assert current.rstrip("+") != "0", (counts, current)


# axe's findings on every page of the walk, at a desk's and at a phone's width (of every impact;
# only serious and critical violations fail).
Barriers = dict[str, dict[str, Any]]


async def _walk(page: Page, paths: list[str], name: str, found: dict[str, list[str]], barriers: Barriers) -> None:
    for i, path in enumerate(paths):
        await page.goto(path)
        await settled(page)
        seen = await look(page, f"{name}-{i:02d}")
        if seen.words:
            found[f"{name} {path}"] = seen.words
        if seen.too_wide:
            found[f"{name} {path} (wider than 390 px)"] = []
        barriers[f"{name} {path}"] = seen.desk
        barriers[f"{name} {path} (390 px)"] = seen.phone


def _axe_report(barriers: Barriers) -> tuple[str, list[str]]:
    """The whole report (for axe.txt) and the lines that fail the walk (serious or critical)."""
    lines, blocking = [], []
    for where, check in barriers.items():
        lines.append(
            f"{where}: {len(check['violations'])} violations, {check['passes']} rules passed, "
            f"{len(check['incomplete'])} rules to review"
        )
        for v in check["incomplete"]:
            lines.append(f"  [review] {v['id']} ×{v['nodes']} — {' / '.join(v['why'])} — {v['targets']}")
        for v in check["violations"]:
            line = f"  [{v['impact']}] {v['id']} ×{v['nodes']} — {v['help']} — {v['targets']}"
            lines.append(line)
            if v["impact"] in BLOCKING:
                blocking.append(f"{where}: {line.strip()}")
    return "\n".join(lines), blocking


async def test_every_page_of_every_role_reads_in_chinese(
    browser: Browser, stack: Stack, http: httpx.AsyncClient
) -> None:
    worker = await login(http, "xiadong.caseworker")
    # A serious event (the street center's black-list supervision: tasks that carry a change id, not
    # a case number, and a public notice on the board), reported first so it runs beside the cases.
    center_api = await login(http, "dongjie.center")
    event = await http.post(
        "/api/v1/standings/events",
        json={"company_code": "PC-CPY", "event_kind": "abandonment", "description": "未经业主大会同意擅自撤场三天"},
        headers=center_api,
    )
    assert event.status_code == 201, event.text
    supervision = event.json()["proposal"]["id"][-32:]
    # A case for the mediator (专业调) and one for the company (a rectification order to report on).
    mediated = await file_case(http)
    await act(
        http,
        worker,
        await wait_for_task(http, worker, mediated, "triage"),
        "professional",
        {"note": "邻里纠纷", "case_type": "neighbour"},
    )
    mediator = await login(http, "mediator.1")
    session = await wait_for_task(http, mediator, mediated, "mediation_session")
    ordered = await file_case(http)
    await act(http, worker, await wait_for_task(http, worker, ordered, "triage"), "designated", {"note": "专人调"})
    await act(
        http, worker, await wait_for_task(http, worker, ordered, "site_visit"), "visited", {"findings": "漏水属实"}
    )
    await act(
        http,
        worker,
        await wait_for_task(http, worker, ordered, "handling"),
        "rectification_order",
        {"note": "下达整改单", "requirements": "三日内更换3号楼2单元楼道水管"},
    )
    company = await login(http, "company.admin")
    report = await wait_for_task(http, company, ordered, "rectification_report")
    fresh = await file_case(http)
    triage = await wait_for_task(http, worker, fresh, "triage")
    receipt = (await http.get(f"/api/v1/cases/{fresh}", headers=worker)).json()["receipt_no"]

    approval = await wait_for_task(http, center_api, supervision, "standing_approval")
    await act(http, center_api, approval, "approve", {"note": "情况属实，列入黑榜"})
    summons = await wait_for_task(http, center_api, supervision, "summons")  # after the notice (通报) is published
    await http.post(f"/api/v1/cases/{fresh}/reveal", headers=worker)  # an audit entry for the ops page
    found: dict[str, list[str]] = {}
    barriers: Barriers = {}
    page = await _sign_in(browser, stack, "xiadong.caseworker")
    await page.goto(f"/console/tasks/{triage['id']}")
    await page.get_by_role("button", name="认领").click()
    await expect(page.locator("#task-status")).to_have_text("办理中")
    views = [f"/console/inbox?view={v}" for v in ("mine", "group", "all", "completed", "overdue")]
    await _walk(
        page,
        [
            *views,
            f"/console/tasks/{triage['id']}",
            "/console/cases",
            f"/console/cases/{fresh}",
            f"/console/cases/{ordered}",
            "/console/communities/CM-DFSJ",
            "/console/tasks/no-such-task",
            "/console/companies/PC-OTHER",
            "/console/no-such-page",
        ],
        "caseworker",
        found,
        barriers,
    )
    center = await _sign_in(browser, stack, "dongjie.center")
    await _lands_on_its_work(center)
    await _walk(
        center,
        [
            "/console/inbox",
            *views,
            f"/console/tasks/{summons['id']}",
            "/console/cases",
            f"/console/cases/{ordered}",
            "/console/companies/PC-DFSJ",
        ],
        "center",
        found,
        barriers,
    )
    await http.post(f"/api/v1/tasks/{report['id']}/claim", headers=company)
    company_page = await _sign_in(browser, stack, "company.admin")
    await _lands_on_its_work(company_page)
    await _walk(
        company_page,
        ["/console/inbox", f"/console/tasks/{report['id']}", "/console/companies/PC-DFSJ"],
        "company",
        found,
        barriers,
    )
    await expect(company_page.locator("#requirements")).to_have_count(0)  # the last page is the company's
    await company_page.goto(f"/console/tasks/{report['id']}")
    await expect(company_page.locator("#requirements")).to_contain_text("更换3号楼2单元楼道水管")
    await http.post(f"/api/v1/tasks/{session['id']}/claim", headers=mediator)
    mediator_page = await _sign_in(browser, stack, "mediator.1")
    await _lands_on_its_work(mediator_page)
    await _walk(mediator_page, ["/console/inbox", f"/console/tasks/{session['id']}"], "mediator", found, barriers)
    ops = await _sign_in(browser, stack, "ops", room="ops")
    await _walk(ops, [f"/ops{p}" for p in OPS_PAGES], "ops", found, barriers)
    resident = await _page(browser, stack)
    await _walk(
        resident,
        [
            "/",
            "/complain",
            "/track",
            f"/track/{receipt}",
            "/track/SL20990101-ZZZZZZZZ",
            "/track/not-a-receipt",
            "/board",
            "/console/login",
            "/ops/login",
        ],
        "resident",
        found,
        barriers,
    )
    report = "\n".join(f"{where}: {' '.join(words)}" for where, words in found.items())
    (SHOTS / "foreign-words.txt").write_text(report, encoding="utf-8")
    axe_report, blocking = _axe_report(barriers)
    (SHOTS / "axe.txt").write_text(axe_report, encoding="utf-8")
    assert found == {}, report
    assert blocking == [], "\n".join(blocking)

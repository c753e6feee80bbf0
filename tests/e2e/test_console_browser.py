"""The web console in headless Chromium (Debian's package, driven by Playwright): a caseworker
signs in, claims a task, completes its form and sees the next task appear without a reload; a
property company reports a rectification done; a user of another neighbourhood opens neither.
Screenshots go to test-artifacts/console/."""

from __future__ import annotations

import re
import uuid

import asyncpg
import httpx
from fengqiao.evaluation.v1 import evaluation_pb2_grpc
from fengqiao.intake.v1 import intake_pb2_grpc
from fengqiao.mediation.v1 import task_pb2_grpc
from playwright.async_api import Browser, Page, expect
from temporalio.client import Client
from temporalio.worker import Worker

from contracts.case import CaseInput
from deploy.local.stack import Stack
from services.common.grpc_client import CallerMetadata, channel
from services.common.settings import CommonSettings
from services.common.temporal import data_converter
from tests.conftest import IDENTITY_KEY, ROOT
from tests.e2e.rectification_workflow import RectificationReportTestWorkflow
from tests.e2e.test_slice import COMPLAINT, PASSWORD, login, wait_for_task
from tests.e2e.test_stories import act
from workflows.case.activities import CaseActivities

SHOTS = ROOT / "test-artifacts" / "console"
# The inbox polls every 5 s; a new task shows up within a couple of polls.
APPEAR_MS = 30_000


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


async def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


async def assert_every_field_labelled(page: Page) -> None:
    unlabelled = await page.evaluate(
        """() => [...document.querySelectorAll('input, select, textarea')]
            .filter(el => el.type !== 'hidden' && el.labels.length === 0)
            .map(el => el.name || el.id)"""
    )
    assert unlabelled == [], unlabelled


async def file_case(http: httpx.AsyncClient) -> str:
    headers = await login(http, "xiadong.caseworker") | {"Idempotency-Key": uuid.uuid4().hex}
    filed = await http.post("/api/v1/complaints", json=COMPLAINT, headers=headers)
    assert filed.status_code == 201, filed.text
    return str(filed.json()["case_no"])


async def test_caseworker_claims_completes_and_sees_the_next_task(
    browser: Browser, stack: Stack, http: httpx.AsyncClient
) -> None:
    case_no = await file_case(http)
    triage, callback = f"case-{case_no}-t1", f"case-{case_no}-t2"
    page = await signed_in(browser, stack, "xiadong.caseworker")
    await page.goto("/console/inbox?view=group")
    # The task appears in the open inbox by polling, without a reload.
    await page.locator(f'tr[data-task-id="{triage}"]').wait_for(timeout=APPEAR_MS)
    await expect(page.locator('#view-tabs a[data-view="group"] .count')).not_to_have_text("0")
    await shot(page, "01-inbox-group")
    # Sorting by a click on a column header; the live refresh keeps the chosen order.
    await page.get_by_role("link", name="优先级").click()
    await expect(page.locator("th.sortable[aria-sort]")).to_have_attribute("aria-sort", "descending")
    await expect(page.locator("th[aria-sort]")).to_contain_text("优先级")
    await expect(page.locator("#inbox-rows")).to_have_attribute("hx-get", re.compile(r"[?&]sort=priority"))
    await page.get_by_role("link", name="创建时间").click()
    await expect(page.locator("th[aria-sort]")).to_contain_text("创建时间")
    await expect(page.locator("#inbox-rows")).to_have_attribute("hx-get", re.compile(r"[?&]sort=created"))
    await expect(page.locator(f'tr[data-task-id="{triage}"]')).to_be_visible()

    await assert_every_field_labelled(page)
    await page.locator(f'tr[data-task-id="{triage}"] a').click()
    # Keyboard only: focus the claim button and press Enter.
    await page.get_by_role("button", name="认领").focus()
    await page.keyboard.press("Enter")
    await expect(page.locator("#task-status")).to_have_text("办理中")
    await assert_every_field_labelled(page)
    await expect(page.locator("#task-assignee")).to_have_text("李红 · 下东社区")
    # Personal data is masked until the owner reveals it, which is audited.
    await expect(page.locator("#personal-data")).not_to_contain_text("13800138000")
    await page.get_by_role("button", name="显示个人信息（将记录审计）").click()
    await expect(page.locator("#revealed")).to_contain_text("13800138000")
    await shot(page, "02-task-claimed")

    # Blank after trimming: the browser lets it through, the server's schema check does not.
    await page.get_by_label("处理说明").fill("   ")
    await page.get_by_role("button", name="办结").click()
    # The refusal in Chinese, next to the field it names.
    await expect(page.locator('[data-field="note"] #form-error')).to_have_text("不能为空")
    await expect(page.get_by_label("处理说明")).to_have_attribute("aria-invalid", "true")
    await shot(page, "03-form-refused")
    await page.get_by_label("处理说明").fill("已联系物业维修，现场确认不再漏水")
    await page.get_by_label("办理结果").select_option("resolved_on_spot")
    await page.get_by_role("button", name="办结").click()
    await expect(page.get_by_role("status")).to_have_text("任务已办结")
    await page.locator('#view-tabs a[data-view="group"]').click()
    await page.locator(f'tr[data-task-id="{callback}"]').wait_for(timeout=APPEAR_MS)
    await expect(page.locator(f'tr[data-task-id="{callback}"]')).to_contain_text("回访")
    await shot(page, "04-next-task")

    await page.get_by_role("link", name="English").click()
    await expect(page.get_by_role("heading", name="Inbox")).to_be_visible()
    await shot(page, "05-english")

    audit = await asyncpg.connect(stack.config.database_urls["gateway"].replace("+asyncpg", ""))
    try:
        rows = await audit.fetch("SELECT actor, action FROM audit_entry WHERE target = $1", case_no)
    finally:
        await audit.close()
    assert [(r["actor"], r["action"]) for r in rows] == [("xiadong.caseworker", "reveal_personal_data")]

    outsider = await signed_in(browser, stack, "other.caseworker")
    for task_id in (triage, callback):
        reply = await outsider.goto(f"/console/tasks/{task_id}")
        assert reply is not None and reply.status == 403
        await expect(outsider.get_by_role("heading")).to_contain_text("无权访问")
    await expect(outsider.locator(f'tr[data-task-id="{callback}"]')).to_have_count(0)
    await shot(outsider, "06-other-neighbourhood-forbidden")


async def test_company_reports_a_rectification_done(browser: Browser, stack: Stack, http: httpx.AsyncClient) -> None:
    case_no = await file_case(http)
    config = stack.config
    # The stack encrypts payloads (issue #8): this worker decodes with the same (development) keys.
    client = await Client.connect(config.temporal_address, data_converter=data_converter(CommonSettings()))
    queue = f"rect-{uuid.uuid4().hex[:8]}"
    acts = CaseActivities(
        intake=intake_pb2_grpc.IntakeServiceStub(channel(f"127.0.0.1:{config.intake_port}")),
        tasks=task_pb2_grpc.TaskServiceStub(channel(f"127.0.0.1:{config.mediation_port}")),
        evaluation=evaluation_pb2_grpc.EvaluationServiceStub(channel(f"127.0.0.1:{config.evaluation_port}")),
        caller_metadata=CallerMetadata(IDENTITY_KEY),
    )
    async with Worker(
        client,
        task_queue=queue,
        workflows=[RectificationReportTestWorkflow],
        activities=[acts.create_task, acts.record_task_completion],
    ):
        workflow_id = f"rect-{case_no}"
        handle = await client.start_workflow(
            RectificationReportTestWorkflow.run,
            CaseInput(
                case_no=case_no, community_code="CM-DFSJ", neighbourhood_code="NB-XIADONG", company_code="PC-DFSJ"
            ),
            id=workflow_id,
            task_queue=queue,
        )
        task_id = f"{workflow_id}-t1"
        page = await signed_in(browser, stack, "company.admin")
        await page.locator(f'tr[data-task-id="{task_id}"]').wait_for(timeout=APPEAR_MS)
        await expect(page.locator(f'tr[data-task-id="{task_id}"]')).to_contain_text("整改完成报告")
        await shot(page, "11-company-inbox")
        await page.locator(f'tr[data-task-id="{task_id}"] a').click()
        await page.get_by_role("button", name="认领").click()
        await page.get_by_label("整改情况").fill("已更换3号楼2单元楼道水管，漏水停止")
        await page.get_by_label("照片").fill("rect-001.jpg\nrect-002.jpg")
        await shot(page, "12-company-report-form")
        await page.get_by_role("button", name="办结").click()
        await expect(page.get_by_role("status")).to_have_text("任务已办结")
        assert await handle.result() == "done"

        reopened = await page.goto(f"/console/tasks/{task_id}")
        assert reopened is not None and reopened.status == 200
        await expect(page.locator("#task-status")).to_have_text("已办结")
        await page.goto("/console/companies/PC-DFSJ")
        await expect(page.locator("#rates")).to_contain_text("满意率")
        await shot(page, "13-company-page")

        outsider = await signed_in(browser, stack, "other.caseworker")
        for path in (f"/console/tasks/{task_id}", "/console/companies/PC-DFSJ", "/console/communities/CM-DFSJ"):
            reply = await outsider.goto(path)
            assert reply is not None and reply.status == 403, path
        await shot(outsider, "14-other-neighbourhood-forbidden")


async def test_mediator_records_a_session_with_methods_from_the_catalogue(
    browser: Browser, stack: Stack, http: httpx.AsyncClient
) -> None:
    """专业调 in the console: the session form offers the 十调法 catalogue as check boxes; two
    ticked methods reach the workflow as a list, and the next session task follows."""
    case_no = await file_case(http)
    worker = await login(http, "xiadong.caseworker")
    triage = await wait_for_task(http, worker, case_no, "triage")
    await act(http, worker, triage, "professional", {"note": "邻里纠纷", "case_type": "neighbour"})
    mediator = await login(http, "mediator.1")
    session = await wait_for_task(http, mediator, case_no, "mediation_session")
    page = await signed_in(browser, stack, "mediator.1")
    await page.goto(f"/console/tasks/{session['id']}")
    await page.get_by_role("button", name="认领").click()
    await expect(page.locator("#task-status")).to_have_text("办理中")
    await assert_every_field_labelled(page)
    # The panel's committee takes part in the case: its mediator sees the timeline (masked data).
    await expect(page.get_by_text("无权查看该案件")).to_have_count(0)
    await expect(page.locator(".timeline").last).to_contain_text("专业调解组")
    methods = page.get_by_role("group", name="调解方法（十调法）")
    await expect(methods.get_by_role("checkbox")).to_have_count(10)
    await page.get_by_label("调解记录").fill("双方陈述，调解员释法说理")
    await methods.get_by_label("法理调").check()
    await methods.get_by_label("换位调").check()
    await page.get_by_label("办理结果").select_option("continue")
    await shot(page, "07-mediation-session")
    await page.get_by_role("button", name="办结").click()
    await expect(page.get_by_role("status")).to_have_text("任务已办结")
    second = await wait_for_task(http, mediator, case_no, "mediation_session")  # after the record
    assert second["id"] != session["id"]
    case = (await http.get(f"/api/v1/cases/{case_no}", headers=worker)).json()
    recorded = next(e for e in case["timeline"] if e["kind"] == "session_recorded")
    assert "法理调 · explain the law、换位调 · each in the other's place" in recorded["summary"]

    # The second session ends in an agreement: its text and terms appear only for that outcome,
    # the terms as repeated rows (a row added with the button), never a JSON box.
    await page.goto(f"/console/tasks/{second['id']}")
    await page.get_by_role("button", name="认领").click()
    terms = page.get_by_role("group", name="履行条款")
    await expect(terms).to_be_hidden()
    await page.get_by_label("办理结果").select_option("agreement")
    await expect(terms).to_be_visible()
    await assert_every_field_labelled(page)
    await page.get_by_label("调解记录").fill("双方达成一致")
    await methods.get_by_label("法理调").check()
    await page.get_by_label("协议内容").fill("物业修复防水层，业主配合入户")
    await terms.get_by_label("条款").fill("修复卫生间防水层")
    await terms.get_by_label("履行日期").fill("2027-06-30")
    await terms.get_by_role("button", name="添加一行").click()
    await terms.get_by_label("条款").nth(1).fill("业主配合入户")
    await terms.get_by_label("履行日期").nth(1).fill("2027-06-15")
    await shot(page, "08-agreement-terms")
    await page.get_by_role("button", name="办结").click()
    await expect(page.get_by_role("status")).to_have_text("任务已办结")
    case = (await http.get(f"/api/v1/cases/{case_no}", headers=worker)).json()
    assert any(e["kind"] == "agreement" for e in case["timeline"]), [e["kind"] for e in case["timeline"]]


async def test_triage_asks_for_the_category_when_the_suggestion_is_unsure(
    browser: Browser, stack: Stack, http: httpx.AsyncClient
) -> None:
    """Issue #16: a vague complaint's suggestion is under the threshold, so the triage page shows
    the three likeliest categories and will not complete triage until the caseworker chooses."""
    worker = await login(http, "xiadong.caseworker")
    vague = {k: v for k, v in COMPLAINT.items() if k != "category"} | {
        "address": "8号楼1单元",
        "content": "楼里最近老是有味道，还很吵",
    }
    filed = await http.post("/api/v1/complaints", json=vague, headers=worker | {"Idempotency-Key": uuid.uuid4().hex})
    case = filed.json()["case"]
    assert case["suggestion_confident"] is False and len(case["suggestion_top"]) == 3, case
    top = [t["name"] for t in case["suggestion_top"]]
    task = await wait_for_task(http, worker, case["case_no"], "triage")
    page = await signed_in(browser, stack, "xiadong.caseworker")
    await page.goto(f"/console/tasks/{task['id']}")
    await page.get_by_role("button", name="认领").click()
    await expect(page.locator("#category-low")).to_contain_text("把握不足")
    for name in top:
        await expect(page.locator("#category-form")).to_contain_text(name)
    await assert_every_field_labelled(page)
    await page.get_by_label("处理说明").fill("已到现场查看")
    await page.get_by_label("办理结果").select_option("resolved_on_spot")
    await page.get_by_role("button", name="办结").click()
    await expect(page.locator("#category-error")).to_contain_text("请先确认诉求类别")
    await shot(page, "05-triage-category-unsure")
    await page.get_by_role("radio", name=re.compile(top[1])).check()
    await page.get_by_role("button", name="确认类别").click()
    await expect(page.get_by_role("status")).to_have_text("诉求类别已确认")
    await expect(page.locator("#category-confirmed")).to_contain_text(top[1])
    await expect(page.locator("#category-low")).to_have_count(0)
    await shot(page, "06-triage-category-confirmed")
    await page.get_by_label("处理说明").fill("已到现场查看")
    await page.get_by_label("办理结果").select_option("resolved_on_spot")
    await page.get_by_role("button", name="办结").click()
    await expect(page.get_by_role("status")).to_have_text("任务已办结")
    stored = (await http.get(f"/api/v1/cases/{case['case_no']}", headers=worker)).json()
    chosen = case["suggestion_top"][1]["category"]
    assert (stored["confirmed_category"], stored["suggested_category"]) == (chosen, case["suggested_category"])

"""Seed stories of issue #3 through the real stack (every process real, over HTTP)."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import httpx

from tests.e2e.test_slice import login, wait_for_task


async def act(
    http: httpx.AsyncClient, who: dict[str, str], task: dict[str, Any], outcome: str, form: dict[str, Any]
) -> None:
    claimed = await http.post(f"/api/v1/tasks/{task['id']}/claim", headers=who)
    assert claimed.status_code == 200, claimed.text
    done = await http.post(f"/api/v1/tasks/{task['id']}/complete", json={"outcome": outcome, "form": form}, headers=who)
    assert done.status_code == 200, done.text


async def test_tudiju_blocked_drain_rectified_within_seven_days(http: httpx.AsyncClient) -> None:
    """土地局小区: eight households report a blocked drain in one building; the complaints join one
    case (five or more households flag it a group dispute); the community orders the property company to rectify within 7 days and checks daily; the
    company reports, the community verifies, the case is resolved and the callback is satisfied."""
    worker = await login(http, "xiadong.caseworker")
    company = await login(http, "staff.pc-taihang")  # 长治市太行物业 manages 土地局小区
    cases = []
    for household in range(1, 9):
        filed = await http.post(
            "/api/v1/complaints",
            json={
                "channel": "online",
                "category": "blockage",
                "community": "土地局小区",
                "address": f"2号楼{household}01室",
                "content": "2号楼下水道堵塞，污水外溢，气味很大。",
                "complainant": {"name": f"住户{household}", "phone": f"1390355{household:04d}"},
            },
            headers=worker | {"Idempotency-Key": uuid.uuid4().hex},
        )
        assert filed.status_code == 201, filed.text
        cases.append(filed.json()["case_no"])
    main = cases[0]
    assert set(cases) == {main}  # same community, building and category: one case
    triage = await wait_for_task(http, worker, main, "triage")
    await act(http, worker, triage, "designated", {"note": "八户反映下水道堵塞，社区承办"})
    visit = await wait_for_task(http, worker, main, "site_visit")
    await act(http, worker, visit, "visited", {"findings": "2号楼主排污管堵塞"})
    handling = await wait_for_task(http, worker, main, "handling")
    await act(
        http, worker, handling, "rectification_order", {"note": "下达整改单", "requirements": "7日内疏通主排污管"}
    )

    report = await wait_for_task(http, company, main, "rectification_report")
    assert report["candidate_groups"] == ["PC-TAIHANG:company"]
    check = await wait_for_task(http, worker, main, "daily_check")
    await act(http, worker, check, "checked", {"progress": "物业已进场疏通"})
    other = await login(http, "other.caseworker")
    assert (await http.get(f"/api/v1/tasks/{report['id']}", headers=other)).status_code == 403
    await act(http, company, report, "done", {"report": "已疏通主排污管并清理外溢污水"})
    verification = await wait_for_task(http, worker, main, "rectification_verification")
    await act(http, worker, verification, "pass", {"note": "现场核验通过"})
    callback = await wait_for_task(http, worker, main, "callback")
    await act(http, worker, callback, "satisfied", {"note": "住户满意"})

    for _ in range(100):
        case = (await http.get(f"/api/v1/cases/{main}", headers=worker)).json()
        if case["status"] == "CLOSED":
            break
        await asyncio.sleep(0.1)
    assert case["status"] == "CLOSED" and case["track"] == "DESIGNATED" and case["escalation_level"] == "COMMUNITY"
    kinds = [e["kind"] for e in case["timeline"]]
    assert kinds.count("complainant_joined") == 7
    assert case["is_group_dispute"] is True
    for expected in ("group_dispute_flagged", "rectification_order", "task_completed", "reply", "closed"):
        assert expected in kinds

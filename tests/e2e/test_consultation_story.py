"""常平苑 parking end to end over HTTP, every process real: a complaint triaged to consultation →
the five-party council of 常平苑 from the registry → notice → meeting record (tidal parking) →
publicity → action items for the company and the community → reply → callback → CLOSED.
Consultation periods run in seconds through the e2e policy overrides (tests/e2e/conftest.py)."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx

from tests.e2e.test_slice import login, wait_for_task

PARKING = {
    "channel": "online",
    "community": "常平苑",
    "address": "5号楼",
    "content": "常平苑晚上车位严重不足，车辆乱停堵住消防通道。",
    "complainant": {"name": "李四", "phone": "13900139000"},
}
PRESENT = ["community_party_committee", "residents_committee", "owners_committee", "property_company"]


async def finish(
    http: httpx.AsyncClient, headers: dict[str, str], task: dict[str, Any], outcome: str, form: object
) -> None:
    claimed = await http.post(f"/api/v1/tasks/{task['id']}/claim", headers=headers)
    assert claimed.status_code == 200, claimed.text
    done = await http.post(
        f"/api/v1/tasks/{task['id']}/complete", json={"outcome": outcome, "form": form}, headers=headers
    )
    assert done.status_code == 200, done.text


async def consultation(http: httpx.AsyncClient, headers: dict[str, str], cid: str, status: str) -> dict[str, Any]:
    for _ in range(150):
        reply = await http.get(f"/api/v1/consultations/{cid}", headers=headers)
        assert reply.status_code == 200, reply.text
        if reply.json()["status"] == status:
            return reply.json()  # type: ignore[no-any-return]
        await asyncio.sleep(0.1)
    raise AssertionError(f"consultation {cid} never reached {status}: {reply.json()}")


async def test_changpingyuan_parking_goes_through_the_five_party_council(http: httpx.AsyncClient) -> None:
    worker, center = await login(http, "xiadong.caseworker"), await login(http, "dongjie.center")
    company = await login(http, "staff.pc-cpy")
    filed = await http.post("/api/v1/complaints", json=PARKING, headers=worker | {"Idempotency-Key": uuid.uuid4().hex})
    assert filed.status_code == 201, filed.text
    case_no = filed.json()["case_no"]
    triage = await wait_for_task(http, worker, case_no, "triage")
    assert "consultation" in triage["allowed_outcomes"]
    await finish(http, worker, triage, "consultation", {"note": "停车难涉及全小区，提请五方议事会"})

    notice = await wait_for_task(http, center, case_no, "consultation_notice")
    cid = f"{case_no}-c1"
    council = await consultation(http, center, cid, "NOTICE")
    assert [(s["role"], s["org_code"]) for s in council["seats"]] == [
        ("community_party_committee", "NB-XIADONG"),
        ("residents_committee", "NB-XIADONG"),
        ("owners_committee", "OC-CPY"),
        ("management_committee", ""),
        ("property_company", "PC-CPY"),
    ]
    assert (
        await http.get(f"/api/v1/consultations/{cid}", headers=await login(http, "other.caseworker"))
    ).status_code == 403
    await http.post(f"/api/v1/tasks/{notice['id']}/claim", headers=center)
    too_soon = await http.post(
        f"/api/v1/tasks/{notice['id']}/complete",
        json={
            "outcome": "recorded",
            "form": {"meeting_at": datetime.now(UTC).isoformat(), "venue": "常平苑党群服务站"},
        },
        headers=center,
    )
    assert too_soon.status_code in (409, 422) and "notice" in too_soon.text, too_soon.text
    meeting_at = (datetime.now(UTC) + timedelta(seconds=5)).isoformat()
    done = await http.post(
        f"/api/v1/tasks/{notice['id']}/complete",
        json={
            "outcome": "recorded",
            "form": {"meeting_at": meeting_at, "venue": "常平苑党群服务站", "agenda": "停车难"},
        },
        headers=center,
    )
    assert done.status_code == 200, done.text

    record = await wait_for_task(http, center, case_no, "meeting_record")
    due_on = (date.today() + timedelta(days=10)).isoformat()
    await finish(
        http,
        center,
        record,
        "recorded",
        {
            "attendance": PRESENT,
            "resolution": "实行潮汐停车：夜间开放周边单位车位，白天错峰停放",
            "votes": {"for": 4, "against": 0, "abstain": 0},
            "action_items": [
                {"title": "划定潮汐车位并设置标识", "owner": "property_company", "due_on": due_on},
                {"title": "协调周边单位夜间开放车位", "owner": "residents_committee", "due_on": due_on},
            ],
        },
    )
    publicised = await consultation(http, center, cid, "PUBLICITY")
    assert publicised["quorum"] is True and "潮汐停车" in publicised["resolution"]

    company_item = await wait_for_task(http, company, case_no, "action_item")
    await finish(http, company, company_item, "done", {"note": "已划定 120 个潮汐车位"})
    community_item = await wait_for_task(http, worker, case_no, "action_item")
    await finish(http, worker, community_item, "done", {"note": "市场监管所院内夜间开放 60 个车位"})
    await consultation(http, center, cid, "RESOLVED")

    callback = await wait_for_task(http, worker, case_no, "callback")
    await finish(http, worker, callback, "satisfied", {"note": "居民满意"})
    for _ in range(100):
        case = (await http.get(f"/api/v1/cases/{case_no}", headers=worker)).json()
        if case["status"] == "CLOSED":
            break
        await asyncio.sleep(0.1)
    assert case["status"] == "CLOSED" and case["satisfaction"] == "satisfied"
    kinds = [e["kind"] for e in case["timeline"]]
    assert kinds.index("consultation_started") < kinds.index("consultation_resolved") < kinds.index("reply")
    assert any("潮汐停车" in e["summary"] for e in case["timeline"] if e["kind"] == "reply")


async def test_street_center_staff_start_a_consultation_on_their_own(http: httpx.AsyncClient) -> None:
    center, worker = await login(http, "dongjie.center"), await login(http, "xiadong.caseworker")
    body = {
        "consultation_id": f"CPY-EV-{uuid.uuid4().hex[:6].upper()}",
        "community_code": "CM-CPY",
        "subject": "电动车充电",
    }
    denied = await http.post("/api/v1/consultations", json=body, headers=worker)
    assert denied.status_code == 403 and denied.json()["error"]["code"] == "permission_denied"
    started = await http.post("/api/v1/consultations", json=body, headers=center)
    assert started.status_code == 201, started.text
    assert started.json()["street_center_code"] == "SC-DONGJIE" and started.json()["company_code"] == "PC-CPY"
    again = await http.post("/api/v1/consultations", json=body, headers=center)
    assert again.status_code == 200 and again.headers["Idempotent-Replayed"] == "true"
    bad = await http.post("/api/v1/consultations", json=body | {"community_code": "CM-NOWHERE"}, headers=center)
    assert bad.status_code == 404, bad.text
    state = await consultation(http, center, body["consultation_id"], "NOTICE")
    assert state["seats"][2]["org_code"] == "OC-CPY"
    early = await http.post(
        f"/api/v1/consultations/{body['consultation_id']}/objections",
        json={"objection_id": "o-1", "reason": "x"},
        headers=worker,
    )
    assert early.status_code == 409 and "publicity" in early.json()["error"]["message"]

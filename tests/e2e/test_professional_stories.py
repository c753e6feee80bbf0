"""The two professional-mediation seed stories of issue #3 through the real stack, over HTTP: people
in the console's API, the court and the police station through the liaison REST API."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from tests.e2e.test_slice import login, wait_for_task
from tests.e2e.test_stories import act

COURT = {"X-API-Key": "demo-court-key"}
POLICE = {"X-API-Key": "demo-police-key"}
LAW = "法理调 · explain the law"
FEELING = "情理调 · reason and feeling"


def yesterday_in_china() -> str:
    """A term due yesterday falls due at once: the performance timer fires without waiting a day."""
    return (datetime.now(UTC) + timedelta(hours=8) - timedelta(days=1)).date().isoformat()


async def file(http: httpx.AsyncClient, who: dict[str, str], community: str, address: str, content: str) -> str:
    filed = await http.post(
        "/api/v1/complaints",
        json={
            "channel": "online",
            "community": community,
            "address": address,
            "content": content,
            "complainant": {"name": "住户", "phone": f"1390355{uuid.uuid4().int % 10_000:04d}"},
        },
        headers=who | {"Idempotency-Key": uuid.uuid4().hex},
    )
    assert filed.status_code == 201, filed.text
    return str(filed.json()["case_no"])


async def referral(http: httpx.AsyncClient, key: dict[str, str], case_no: str, purpose: str) -> dict[str, Any]:
    for _ in range(150):
        listed = await http.get("/api/v1/liaison/referrals", headers=key)
        assert listed.status_code == 200, listed.text
        found = [r for r in listed.json()["referrals"] if r["case_no"] == case_no and r["purpose"] == purpose]
        if found:
            return found[0]  # type: ignore[no-any-return]
        await asyncio.sleep(0.1)
    raise AssertionError(f"no {purpose} referral for {case_no}")


async def submit(http: httpx.AsyncClient, key: dict[str, str], body: dict[str, Any], status: int = 200) -> Any:
    sent = await http.post("/api/v1/liaison/results", json=body, headers=key)
    assert sent.status_code == status, sent.text
    return sent.json()


async def case_when(http: httpx.AsyncClient, who: dict[str, str], case_no: str, status: str) -> dict[str, Any]:
    for _ in range(150):
        case = (await http.get(f"/api/v1/cases/{case_no}", headers=who)).json()
        if case["status"] == status:
            return case  # type: ignore[no-any-return]
        await asyncio.sleep(0.1)
    raise AssertionError(f"case {case_no} did not reach {status}; it is {case['status']}")


async def test_neighbour_dispute_ends_in_a_judicially_confirmed_agreement(http: httpx.AsyncClient) -> None:
    """东方世家: water from a flat upstairs has soaked the ceiling below for weeks; the neighbours
    cannot agree. Triage sends it to professional mediation; the panel (李淑芬 steps back: she
    chairs the owners' committee) meets twice and the parties agree on repairs and compensation;
    the court rules the agreement valid; the repair is done by its date; the resident is satisfied."""
    worker = await login(http, "xiadong.caseworker")
    mediator = await login(http, "mediator.1")
    case_no = await file(http, worker, "东方世家", "5号楼1单元302室", "楼上漏水导致我家天花板霉变，多次协商未果。")
    triage = await wait_for_task(http, worker, case_no, "triage")
    await act(
        http, worker, triage, "professional", {"note": "邻里漏水纠纷，双方对赔偿分歧大", "case_type": "neighbour"}
    )

    first = await wait_for_task(http, mediator, case_no, "mediation_session")
    await act(http, mediator, first, "continue", {"record": "双方陈述，现场查看漏点", "methods": [LAW]})
    second = await wait_for_task(http, mediator, case_no, "mediation_session")
    agreement = {
        "record": "楼上业主同意维修并赔偿",
        "methods": [LAW, FEELING],
        "agreement_text": "楼上业主修复卫生间防水层，并赔偿楼下业主损失人民币3000元。",
        "terms": [{"term": "修复卫生间防水层", "due_on": yesterday_in_china()}],
    }
    await act(http, mediator, second, "agreement", agreement)

    waiting = await referral(http, COURT, case_no, "judicial_confirmation")
    package = (await http.get(f"/api/v1/liaison/referrals/{waiting['referral_id']}", headers=COURT)).json()
    assert "3000" in package["agreement_text"]
    assert "1390355" not in str(package)  # parties as the law allows: no phone numbers
    police_view = await http.get(f"/api/v1/liaison/referrals/{waiting['referral_id']}", headers=POLICE)
    assert police_view.status_code == 403
    rid, number = waiting["referral_id"], "（2026）晋0403民特45号"
    # The ruling arrives before the application and acceptance: kept, applied in order.
    await submit(
        http,
        COURT,
        {
            "message_id": f"ct-{rid}-3",
            "referral_id": rid,
            "kind": "judicial_confirmation_valid",
            "reference_no": number,
        },
    )
    applied = {"message_id": f"ct-{rid}-1", "referral_id": rid, "kind": "judicial_confirmation_applied"}
    await submit(http, COURT, applied)
    assert (await submit(http, COURT, applied))["replayed"] is True
    await submit(http, COURT, applied | {"reference_no": number}, status=409)  # same id, other body
    await submit(
        http,
        COURT,
        {
            "message_id": f"ct-{rid}-2",
            "referral_id": rid,
            "kind": "judicial_confirmation_accepted",
            "reference_no": number,
        },
    )

    check = await wait_for_task(http, mediator, case_no, "performance_check")
    await act(http, mediator, check, "performed", {"note": "防水层已修复，赔偿已付"})
    callback = await wait_for_task(http, worker, case_no, "callback")
    await act(http, worker, callback, "satisfied", {"note": "住户满意"})
    case = await case_when(http, worker, case_no, "CLOSED")
    assert case["track"] == "PROFESSIONAL"
    kinds = [e["kind"] for e in case["timeline"]]
    assert kinds.count("session_recorded") == 2 and kinds.count("liaison_result") == 3
    for expected in ("panel_drawn", "panel_excluded", "agreement", "referral", "performance_performed", "reply"):
        assert expected in kinds, expected
    excluded = next(e for e in case["timeline"] if e["kind"] == "panel_excluded")
    assert "OC-DFSJ" in excluded["summary"]
    resolved = next(e for e in case["timeline"] if e["kind"] == "professional_resolved")
    assert "agreement_confirmed" in resolved["summary"]
    # The referral is answered: a late result is refused with the case's state.
    late = {"message_id": f"ct-{rid}-9", "referral_id": rid, "kind": "judicial_confirmation_applied"}
    await submit(http, COURT, late, status=409)


async def test_group_dispute_ends_in_a_court_filing(http: httpx.AsyncClient) -> None:
    """常平苑: five households dispute the property company's new parking fees; the station was
    called when tempers flared. Professional mediation fails; the case is referred to the court,
    which files it (诉调对接), and the case closes as transferred."""
    worker = await login(http, "xiadong.caseworker")
    mediator = await login(http, "mediator.1")
    content = "物业擅自上调地下车位管理费，业主多次交涉无果，发生争执报警。"
    cases = {await file(http, worker, "常平苑", f"3号楼{n}01室", content) for n in range(1, 6)}
    assert len(cases) == 1  # the same issue in one community: one case, a group dispute
    case_no = cases.pop()
    triage = await wait_for_task(http, worker, case_no, "triage")
    await act(
        http,
        worker,
        triage,
        "professional",
        {"note": "群体性纠纷，涉及派出所出警", "case_type": "group", "involves_police": True},
    )
    station = await referral(http, POLICE, case_no, "police")
    incident = "J140403010000" + (datetime.now(UTC) + timedelta(hours=8)).strftime("%Y%m%d") + "0007"
    await submit(
        http,
        POLICE,
        {
            "message_id": f"ps-{station['referral_id']}",
            "referral_id": station["referral_id"],
            "kind": "police_result",
            "reference_no": incident,
            "outcome": "warning",
        },
    )
    session = await wait_for_task(http, mediator, case_no, "mediation_session")
    await act(
        http,
        mediator,
        session,
        "failed",
        {"record": "物业坚持收费标准，业主不接受", "methods": [LAW], "reason": "收费依据争议需司法裁判"},
    )
    waiting = await referral(http, COURT, case_no, "litigation")
    filed_no = "（2026）晋0403民初123号"
    bad = {"message_id": "ct-bad", "referral_id": waiting["referral_id"], "kind": "case_filed", "reference_no": "123号"}
    await submit(http, COURT, bad, status=422)
    await submit(
        http,
        COURT,
        {
            "message_id": f"ct-{waiting['referral_id']}",
            "referral_id": waiting["referral_id"],
            "kind": "case_filed",
            "reference_no": filed_no,
        },
    )
    case = await case_when(http, worker, case_no, "CLOSED")
    closed = next(e for e in case["timeline"] if e["kind"] == "closed")
    assert filed_no in closed["summary"]
    kinds = [e["kind"] for e in case["timeline"]]
    assert case["is_group_dispute"] is True
    assert kinds[-3:] == ["professional_resolved", "reply", "closed"]  # no callback: the court has it
    assert kinds.count("liaison_result") == 2  # the station's result and the court's filing
    # The mediation is over: the station's referral takes no more results.
    late = {
        "message_id": f"ps-late-{station['referral_id']}",
        "referral_id": station["referral_id"],
        "kind": "police_result",
        "reference_no": incident,
        "outcome": "resolved",
    }
    await submit(http, POLICE, late, status=409)

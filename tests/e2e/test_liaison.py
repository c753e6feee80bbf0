"""Court and police liaisons against the running stack, through an integrator's client that knows
nothing of Fengqiao's code (tests/e2e/liaison_integrator.py: gRPC reflection, x-api-key).

Two cases reach professional mediation through the gateway as people would move them: triage
says "professional", the mediator records sessions. Case A involves the police station: its
referral takes a police result, replays and a conflicting replay; its agreement goes to the court
for judicial confirmation, whose ruling arrives early (before application and acceptance) and is
applied in order. Case B's agreement is ruled invalid, the litigation referral is declined, and
after one more session the court files the case. Late results, bad keys, wrong organisations and
malformed numbers are refused with the status an integrator can act on."""

from __future__ import annotations

import ast
import asyncio
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import grpc
import httpx
import pytest
import pytest_asyncio

from deploy.local.stack import Stack
from tests.e2e.liaison_integrator import LiaisonClient, LiaisonError
from tests.e2e.test_slice import COMPLAINT, login, wait_for_task

KIND = "fengqiao.mediation.v1.LiaisonResultKind"
POLICE_NO = "J140403010000202611290012"


@pytest_asyncio.fixture
async def channel(stack: Stack) -> AsyncIterator[grpc.aio.Channel]:
    async with grpc.aio.insecure_channel(f"127.0.0.1:{stack.config.liaison_grpc_port}") as ch:
        yield ch


@pytest_asyncio.fixture
async def court(channel: grpc.aio.Channel) -> LiaisonClient:
    client = LiaisonClient(channel, "demo-court-key")
    assert "fengqiao.mediation.v1.LiaisonService" in await client.load()
    return client


@pytest_asyncio.fixture
async def police(channel: grpc.aio.Channel) -> LiaisonClient:
    client = LiaisonClient(channel, "demo-police-key")
    await client.load()
    return client


async def to_professional(http: httpx.AsyncClient, *, involves_police: bool) -> str:
    """Files a complaint and triages it to professional mediation; returns the case number."""
    worker = await login(http, "xiadong.caseworker")
    complaint = COMPLAINT | {"content": f"邻居装修噪音，协商不成 {uuid.uuid4().hex[:6]}"}
    filed = await http.post(
        "/api/v1/complaints", json=complaint, headers=worker | {"Idempotency-Key": uuid.uuid4().hex}
    )
    assert filed.status_code == 201, filed.text
    case_no: str = filed.json()["case_no"]
    triage = await wait_for_task(http, worker, case_no, "triage")
    assert (await http.post(f"/api/v1/tasks/{triage['id']}/claim", headers=worker)).status_code == 200
    form = {"note": "涉法纠纷，转专业调解", "case_type": "neighbour", "involves_police": involves_police}
    done = await http.post(
        f"/api/v1/tasks/{triage['id']}/complete", json={"outcome": "professional", "form": form}, headers=worker
    )
    assert done.status_code == 200, done.text
    return case_no


async def complete(http: httpx.AsyncClient, case_no: str, kind: str, outcome: str, form: dict[str, Any]) -> None:
    mediator = await login(http, "mediator.1")
    task = await wait_for_task(http, mediator, case_no, kind)
    assert (await http.post(f"/api/v1/tasks/{task['id']}/claim", headers=mediator)).status_code == 200
    done = await http.post(
        f"/api/v1/tasks/{task['id']}/complete", json={"outcome": outcome, "form": form}, headers=mediator
    )
    assert done.status_code == 200, done.text


def session(outcome: str) -> dict[str, Any]:
    form: dict[str, Any] = {"record": "双方到场，陈述意见", "methods": ["法理调 · explain the law"]}
    if outcome == "agreement":
        form |= {
            "agreement_text": "装修方每日12点至14点停工，赔偿邻居500元",
            "terms": [{"term": "赔偿500元", "due_on": "2027-06-30"}],
        }
    if outcome == "failed":
        form["reason"] = "双方分歧过大"
    return form


async def waiting(client: LiaisonClient, case_no: str, purpose: str, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """The referral of this case and purpose, once it shows in the organisation's pull list."""
    for _ in range(200):
        listed = await client.call("ListReferrals", {"page_size": 200})
        for referral in listed.get("referrals", []):
            if (
                referral["case_no"] == case_no
                and referral["purpose"] == purpose
                and referral["referral_id"] not in skip
            ):
                return referral  # type: ignore[no-any-return]
        await asyncio.sleep(0.2)
    raise AssertionError(f"no waiting {purpose} referral for {case_no}")


async def gone(client: LiaisonClient, referral_id: str) -> None:
    for _ in range(200):
        listed = await client.call("ListReferrals", {"page_size": 200})
        if referral_id not in {r["referral_id"] for r in listed.get("referrals", [])}:
            return
        await asyncio.sleep(0.2)
    raise AssertionError(f"referral {referral_id} still waits")


async def timeline(http: httpx.AsyncClient, case_no: str, kind: str, count: int) -> list[dict[str, Any]]:
    center = await login(http, "dongjie.center")
    for _ in range(200):
        case = (await http.get(f"/api/v1/cases/{case_no}", headers=center)).json()
        events = [e for e in case["timeline"] if e["kind"] == kind]
        if len(events) >= count:
            return events
        await asyncio.sleep(0.2)
    raise AssertionError(f"{case_no} has fewer than {count} {kind} events")


def result(referral: dict[str, Any], kind: str, **fields: str) -> dict[str, Any]:
    return {
        "message_id": f"court-{uuid.uuid4().hex}",
        "referral_id": referral["referral_id"],
        "kind": f"LIAISON_RESULT_KIND_{kind}",
        **fields,
    }


async def refused(call: Any, code: str, text: str = "") -> LiaisonError:
    with pytest.raises(LiaisonError) as info:
        await call
    assert info.value.code == code, info.value
    assert text in info.value.message, info.value.message
    return info.value


def test_the_integrator_client_uses_no_project_code() -> None:
    tree = ast.parse(Path(__file__).with_name("liaison_integrator.py").read_text())
    modules = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    modules |= {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    assert not any(m.split(".")[0] in ("services", "workflows", "fengqiao", "deploy", "tests") for m in modules), (
        modules
    )


async def test_police_result_and_early_judicial_confirmation(
    http: httpx.AsyncClient, court: LiaisonClient, police: LiaisonClient
) -> None:
    case_no = await to_professional(http, involves_police=True)
    station = await waiting(police, case_no, "police")
    assert station["organisation_code"] == "PS-DONGJIE" and station["allowed_kinds"] == [
        "LIAISON_RESULT_KIND_POLICE_RESULT",
        "LIAISON_RESULT_KIND_DECLINED",
    ]
    # Bad keys and the wrong organisation.
    await refused(police.call("ListReferrals", {}, api_key="not-a-key"), "UNAUTHENTICATED")
    await refused(police.call("ListReferrals", {}, api_key="demo-open311-key"), "UNAUTHENTICATED")
    await refused(court.call("GetReferral", {"referral_id": station["referral_id"]}), "PERMISSION_DENIED")
    await refused(
        court.call("SubmitResult", result(station, "POLICE_RESULT", reference_no=POLICE_NO, outcome="warning")),
        "PERMISSION_DENIED",
    )
    package = await police.call("GetReferral", {"referral_id": station["referral_id"]})
    assert package["case_status"] == "IN_PROGRESS"
    assert all("phone" not in p and not any(c.isdigit() for c in p["name"]) for p in package.get("parties", []))
    # Malformed incident numbers; then a valid result, its replay and a conflicting replay.
    bad = await refused(
        police.call("SubmitResult", result(station, "POLICE_RESULT", reference_no="J1404030100", outcome="warning")),
        "INVALID_ARGUMENT",
        "incident number",
    )
    assert "reference_no" in bad.details
    warned = result(station, "POLICE_RESULT", reference_no=POLICE_NO, outcome="warning")
    first = await police.call("SubmitResult", warned)
    assert not first.get("replayed") and first["reference_no"] == POLICE_NO
    assert (await police.call("SubmitResult", warned))["replayed"] is True
    await refused(police.call("SubmitResult", warned | {"outcome": "administrative_penalty"}), "ALREADY_EXISTS")
    [event] = await timeline(http, case_no, "liaison_result", 1)
    assert event["attributes"]["message_id"] == warned["message_id"]

    await complete(http, case_no, "mediation_session", "agreement", session("agreement"))
    jc = await waiting(court, case_no, "judicial_confirmation")
    package = await court.call("GetReferral", {"referral_id": jc["referral_id"]})
    assert package["agreement_text"].startswith("装修方每日")
    # The ruling comes before the application and the acceptance: kept, then applied in order.
    valid = result(jc, "JUDICIAL_CONFIRMATION_VALID", reference_no="(2026)晋0403民特45号")
    assert (await court.call("SubmitResult", valid))["reference_no"] == "（2026）晋0403民特45号"
    await refused(
        court.call("SubmitResult", result(jc, "JUDICIAL_CONFIRMATION_ACCEPTED", reference_no="（2026）晋0403民初45号")),
        "INVALID_ARGUMENT",
        "民初",
    )
    await court.call("SubmitResult", result(jc, "JUDICIAL_CONFIRMATION_APPLIED"))
    await court.call(
        "SubmitResult", result(jc, "JUDICIAL_CONFIRMATION_ACCEPTED", reference_no="（2026）晋0403民特45号")
    )
    events = await timeline(http, case_no, "liaison_result", 4)
    assert [e["attributes"]["result_kind"] for e in events[1:]] == [
        "judicial_confirmation_applied",
        "judicial_confirmation_accepted",
        "judicial_confirmation_valid",
    ]
    await gone(court, jc["referral_id"])
    late = await refused(
        court.call("SubmitResult", result(jc, "DECLINED", reason="重复申请")), "FAILED_PRECONDITION", "answered"
    )
    assert case_no in late.message and "IN_PROGRESS" in late.message
    # A replay of the early ruling still gets its stored answer after the referral closed.
    assert (await court.call("SubmitResult", valid))["replayed"] is True


async def test_invalid_ruling_declined_litigation_then_case_filed(
    http: httpx.AsyncClient, court: LiaisonClient
) -> None:
    case_no = await to_professional(http, involves_police=False)
    await complete(http, case_no, "mediation_session", "agreement", session("agreement"))
    jc = await waiting(court, case_no, "judicial_confirmation")
    await court.call("SubmitResult", result(jc, "JUDICIAL_CONFIRMATION_APPLIED"))
    await court.call(
        "SubmitResult", result(jc, "JUDICIAL_CONFIRMATION_ACCEPTED", reference_no="（2026）晋0403民特46号")
    )
    await refused(
        court.call("SubmitResult", result(jc, "CASE_FILED", reference_no="（2026）晋0403民初46号")),
        "INVALID_ARGUMENT",
        "does not fit",
    )
    await court.call("SubmitResult", result(jc, "JUDICIAL_CONFIRMATION_INVALID", reference_no="（2026）晋0403民特46号"))
    await complete(http, case_no, "mediation_decision", "refer_litigation", {})
    first = await waiting(court, case_no, "litigation")
    await refused(court.call("SubmitResult", result(first, "DECLINED")), "INVALID_ARGUMENT", "reason")
    await court.call("SubmitResult", result(first, "DECLINED", reason="不属于本院管辖范围"))
    await complete(http, case_no, "mediation_decision", "resume_mediation", {"note": "再调一次"})
    await complete(http, case_no, "mediation_session", "failed", session("failed"))
    second = await waiting(court, case_no, "litigation", skip=(first["referral_id"],))
    for malformed in ("（2026）晋0403民初046号", "（2026）晋0403民初46", "2026晋0403民初46号", "（2026）0403民初46号"):
        await refused(
            court.call("SubmitResult", result(second, "CASE_FILED", reference_no=malformed)),
            "INVALID_ARGUMENT",
            "reference_no",
        )
    filed = await court.call("SubmitResult", result(second, "CASE_FILED", reference_no="（2026）晋0403民初123号"))
    assert filed["reference_no"] == "（2026）晋0403民初123号"
    resolved = await timeline(http, case_no, "professional_resolved", 1)
    assert "（2026）晋0403民初123号" in resolved[0]["summary"]
    await refused(
        court.call("SubmitResult", result(first, "CASE_FILED", reference_no="（2026）晋0403民初124号")),
        "FAILED_PRECONDITION",
        case_no,
    )

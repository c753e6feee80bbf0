"""Ops over the real stack: /metrics on every process, ops pages and JSON for ops/admin only,
reconciliation after a terminated workflow, audited admin actions, the codec endpoint, encrypted
Temporal storage and JSON logs that name the case and workflow."""

from __future__ import annotations

import asyncio
import base64
import json
import re
import uuid
from pathlib import Path
from typing import Any

import httpx

from deploy.local.stack import Stack
from tests.conftest import ROOT
from tests.e2e.test_slice import COMPLAINT, login, wait_for_task

PHONE_IN_NOTE = "13912345678"
# Temporal's core SDK creates these counters on their first event (a completion, a failure);
# a fresh stack has not had one yet.
TEMPORAL_ON_FIRST_EVENT = {
    "temporal_workflow_completed_total",
    "temporal_workflow_failed_total",
    "temporal_activity_execution_failed_total",
    "temporal_request_failure_total",
}
NAME_IN_NOTE = "李四"


async def file_case(http: httpx.AsyncClient, headers: dict[str, str]) -> str:
    reply = await http.post(
        "/api/v1/complaints", json=COMPLAINT, headers=headers | {"Idempotency-Key": uuid.uuid4().hex}
    )
    assert reply.status_code == 201, reply.text
    return str(reply.json()["case_no"])


async def eventually(check: Any, attempts: int = 100) -> Any:
    for _ in range(attempts):
        result = await check()
        if result:
            return result
        await asyncio.sleep(0.2)
    raise AssertionError("condition not reached")


async def test_every_process_serves_metrics_with_temporal_sdk_metrics(http: httpx.AsyncClient, stack: Stack) -> None:
    worker = await login(http, "xiadong.caseworker")
    await file_case(http, worker)  # some traffic through every process
    gateway = (await http.get("/metrics")).text
    assert 'fengqiao_http_requests_total{method="POST",route="/api/v1/complaints",status="201"}' in gateway
    assert "temporal_request_total" in gateway  # the gateway's own Temporal client
    async with httpx.AsyncClient(timeout=10) as plain:
        # The worker reports an activity's latency once it has run one; the case's first
        # activities run just after filing, so read until they show (at most 10 s).
        for _ in range(50):
            texts = {
                name: (await plain.get(f"http://127.0.0.1:{port}/metrics")).text
                for name, port in stack.config.metrics_ports.items()
            }
            if "temporal_activity_execution_latency" in texts["worker"]:
                break
            await asyncio.sleep(0.2)
    assert (
        'fengqiao_grpc_server_handled_total{code="OK",method="/fengqiao.intake.v1.IntakeService/FileComplaint"}'
        in (texts["intake"])
    )
    assert "fengqiao_grpc_server_handled_total" in texts["evaluation"]
    for name in ("intake", "mediation", "worker"):
        assert "temporal_request_total" in texts[name], name
    # The worker's SDK metrics: polls, task latencies, activity executions.
    assert "temporal_workflow_task_execution_latency" in texts["worker"]
    assert "temporal_activity_execution_latency" in texts["worker"]
    # Every metric the Grafana dashboard plots exists in some process's /metrics.
    dashboard = json.loads((ROOT / "deploy" / "grafana" / "fengqiao-ops.json").read_text())
    everything = gateway + "".join(texts.values())
    (ROOT / "test-artifacts").mkdir(exist_ok=True)
    (ROOT / "test-artifacts" / "metrics-sample.txt").write_text(everything)
    for panel in dashboard["panels"]:
        for target in panel["targets"]:
            for metric in re.findall(r"\b((?:fengqiao|temporal)_[a-z_]+)\b", target["expr"]):
                family = re.sub(r"_(total|bucket)$", "", metric)
                declared = f"# TYPE {family} " in everything or f"# TYPE {metric} " in everything
                assert declared or metric in TEMPORAL_ON_FIRST_EVENT, (panel["title"], metric)


async def test_ops_pages_are_for_ops_and_admin(http: httpx.AsyncClient) -> None:
    assert (await http.get("/api/v1/ops/overview")).status_code == 401
    caseworker = await login(http, "xiadong.caseworker")
    denied = await http.get("/api/v1/ops/overview", headers=caseworker)
    assert denied.status_code == 403 and denied.json()["error"]["code"] == "permission_denied"
    unsigned = await http.get("/ops")
    assert unsigned.status_code == 303 and unsigned.headers["location"] == "/ops/login"
    ops = await login(http, "ops")
    case_no = await file_case(http, await login(http, "xiadong.caseworker"))

    async def counted() -> dict[str, Any] | None:
        body = (await http.get("/api/v1/ops/overview", headers=ops)).json()
        running = body["workflows"]["by_execution_status"].get("RUNNING", 0)
        return body if running >= 1 and body["records"]["by_community"].get("CM-DFSJ", 0) >= 1 else None

    # Counted by visibility and by the records' database, not by reading workflows or cases.
    overview = await eventually(counted)
    assert overview["records"]["by_status"] and overview["calendar_warnings"] is not None
    assert sum(overview["records"]["by_status"].values()) == overview["records"]["total"]
    assert overview["workflows"]["running_by_case_status"] and overview["workflows"]["total"] >= 1
    found = (await http.get("/api/v1/ops/cases", params={"query": f"CaseNo = '{case_no}'"}, headers=ops)).json()
    [row] = found["workflows"]
    # A first page that holds the whole list counts it exactly, without a visibility count.
    assert (found["total"], found["total_counted_at"], found["next_page_token"]) == (1, "", "")
    # The whole list a page at a time: every workflow once. A list longer than its page is not
    # counted while the view waits: its total is null until counted behind the view, then the
    # count with its time.
    seen, token = [], ""
    while True:
        params = {"page_size": 1, "page_token": token}
        page = (await http.get("/api/v1/ops/cases", params=params, headers=ops)).json()
        seen += [w["workflow_id"] for w in page["workflows"]]
        token = page["next_page_token"]
        if not token:
            break
        assert page["total"] is None or (page["total"] >= 1 and page["total_counted_at"])
    assert len(seen) == len(set(seen)) >= 1

    async def counted_list() -> dict[str, Any] | None:
        body = (await http.get("/api/v1/ops/cases", params={"page_size": 1}, headers=ops)).json()
        return body if body["total"] is not None else None

    listed = await eventually(counted_list)
    assert listed["total"] >= len(seen) and listed["total_counted_at"]
    bad = await http.get("/api/v1/ops/cases", params={"page_token": "%%%"}, headers=ops)
    assert bad.status_code == 422 and "page_token" in bad.json()["error"]["message"]
    nul = await http.get("/api/v1/ops/cases", params={"query": "CaseStatus = 'A\x00'"}, headers=ops)
    assert nul.status_code == 422 and "NUL" in nul.json()["error"]["message"], nul.text
    assert row["workflow_id"] == f"case-{case_no}" and "/namespaces/default/workflows/case-" in row["temporal_ui"]
    for path in ("health", "overdue", "failing", "webhooks", "audit"):
        reply = await http.get(f"/api/v1/ops/{path}", headers=ops)
        assert reply.status_code == 200, (path, reply.text)
    # The overdue lists read one page each and say whether there are more, never a silent cut.
    late = (await http.get("/api/v1/ops/overdue", headers=ops)).json()
    assert set(late["more"]) == {"overdue_workflows", "due_within_24h", "court_late"}
    for key in ("overdue_workflows", "due_within_24h"):
        assert late["totals"][key] == len(late[key]) <= late["shown_at_most"]
        assert len(late[key]) == late["shown_at_most"] if late["more"][key] else len(late[key]) <= late["shown_at_most"]
    failing = (await http.get("/api/v1/ops/failing", headers=ops)).json()
    assert failing["running"] >= 1 and failing["running_counted_at"]
    health = (await http.get("/api/v1/ops/health", headers=ops)).json()
    assert all(health["services"].values()) and health["workers_ok"], health
    webhooks = (await http.get("/api/v1/ops/webhooks", headers=ops)).json()
    assert webhooks["available"] is True and isinstance(webhooks["deliveries"], list)
    # Ops may look but not act.
    refused = await http.post(f"/api/v1/ops/workflows/case-{case_no}/terminate", json={"reason": "x"}, headers=ops)
    assert refused.status_code == 403
    # The HTML pages, signed in through the form (cookie session).
    form = await http.post("/ops/login", data={"username": "ops", "password": "fengqiao-demo"})
    assert form.status_code == 303 and "fengqiao_ops_session" in form.headers["set-cookie"]
    assert "HttpOnly" in form.headers["set-cookie"] and "SameSite=lax" in form.headers["set-cookie"]
    # From here on the client sends the session cookie it was given, as a browser would.
    for path in ("/ops", "/ops/cases", "/ops/reconciliation", "/ops/overdue", "/ops/failing", "/ops/health"):
        page = await http.get(path)
        assert page.status_code == 200 and "枫桥运维" in page.text, path
    assert case_no in (await http.get("/ops/cases", params={"query": f"CaseNo = '{case_no}'"})).text
    # Every figure says what it is: the counts when they were taken, a list whether it has more.
    assert "流程计数统计于" in (await http.get("/ops")).text
    assert (
        "共 1 个案件流程，本页 1 个" in (await http.get("/ops/cases", params={"query": f"CaseNo = '{case_no}'"})).text
    )
    assert "统计于" in (await http.get("/ops/failing")).text
    assert "次投递" in (await http.get("/ops/webhooks")).text
    bad = await http.post("/ops/login", data={"username": "xiadong.caseworker", "password": "fengqiao-demo"})
    assert "error=" in bad.headers["location"]


async def test_terminated_workflow_shows_in_reconciliation_and_admin_fixes_it(http: httpx.AsyncClient) -> None:
    worker, admin = await login(http, "xiadong.caseworker"), await login(http, "admin")
    case_no = await file_case(http, worker)
    triage = await wait_for_task(http, worker, case_no, "triage")
    wid = f"case-{case_no}"
    # The task's workflow still waits on it: cancelling is refused with the reason.
    held = await http.post(f"/api/v1/ops/tasks/{triage['id']}/cancel", json={"reason": "test"}, headers=admin)
    assert held.status_code == 409 and "still waits on task" in held.json()["error"]["message"]
    # Nothing to retry: no activity is failing.
    idle = await http.post(f"/api/v1/ops/workflows/{wid}/retry", json={"reason": "test"}, headers=admin)
    assert idle.status_code == 409 and "no failing activity" in idle.json()["error"]["message"]
    blank = await http.post(f"/api/v1/ops/workflows/{wid}/terminate", json={"reason": "  "}, headers=admin)
    assert blank.status_code == 422 and blank.json()["error"]["details"]["field"] == "reason"
    done = await http.post(f"/api/v1/ops/workflows/{wid}/terminate", json={"reason": "duplicate filing"}, headers=admin)
    assert done.status_code == 200, done.text
    again = await http.post(f"/api/v1/ops/workflows/{wid}/terminate", json={"reason": "again"}, headers=admin)
    assert again.status_code == 409

    async def disagreements() -> list[dict[str, Any]]:
        body = (await http.get("/api/v1/ops/reconciliation", headers=admin)).json()
        return [d for d in body["disagreements"] if d["case_no"] == case_no]

    found = await eventually(disagreements)
    assert {d["kind"] for d in found} == {"workflow_ended", "stuck_task"}, found
    # The sweep a few rows a page finds the same, page by page (issue 19: never read whole).
    swept, token, pages = [], "", 0
    while True:
        params = {"page_size": 2} | ({"page_token": token} if token else {})
        body = (await http.get("/api/v1/ops/reconciliation", params=params, headers=admin)).json()
        swept += [d for d in body["disagreements"] if d["case_no"] == case_no]
        token, pages = body["next_page_token"], pages + 1
        assert body["complete"] is (not token)
        if not token:
            break
    assert pages > 1 and sorted(d["kind"] for d in swept) == sorted(d["kind"] for d in found), swept
    bad = await http.get("/api/v1/ops/reconciliation", params={"page_token": "bm90IGEgdG9rZW4"}, headers=admin)
    assert bad.status_code == 422 and bad.json()["error"]["details"]["field"] == "page_token", bad.text
    stuck = next(d for d in found if d["kind"] == "stuck_task")
    assert stuck["task_id"] == triage["id"] and stuck["workflow_status"] == "TERMINATED"
    cancelled = await http.post(
        f"/api/v1/ops/tasks/{triage['id']}/cancel", json={"reason": "workflow terminated"}, headers=admin
    )
    assert cancelled.status_code == 200 and cancelled.json()["task"]["status"] == "cancelled"
    assert {d["kind"] for d in await disagreements()} == {"workflow_ended"}

    audit = (await http.get("/api/v1/ops/audit", headers=admin)).json()
    assert audit["intact"], audit["problems"]
    mine = [
        (e["action"], e["target"]) for e in audit["entries"] if case_no in e["target"] or e["target"] == triage["id"]
    ]
    assert ("workflow_terminate", wid) in mine and ("task_cancel", triage["id"]) in mine
    assert ("ops_action_failed", triage["id"]) in mine  # the refused first cancel
    # Case answers are masked for everyone; its caseworker reveals it explicitly, and that is audited.
    assert (await http.get(f"/api/v1/cases/{case_no}", headers=worker)).json()["personal_data_masked"] is True
    assert (await http.post(f"/api/v1/cases/{case_no}/reveal", headers=worker)).status_code == 200
    audit = (await http.get("/api/v1/ops/audit", headers=admin)).json()
    assert any(e["action"] == "reveal_personal_data" and e["target"] == case_no for e in audit["entries"])


async def test_codec_endpoint_and_encrypted_temporal_storage(http: httpx.AsyncClient, stack: Stack) -> None:
    worker, ops, admin = [await login(http, u) for u in ("xiadong.caseworker", "ops", "admin")]
    case_no = await file_case(http, worker)
    triage = await wait_for_task(http, worker, case_no, "triage")
    await http.post(f"/api/v1/tasks/{triage['id']}/claim", headers=worker)
    note = f"已联系{NAME_IN_NOTE}，电话{PHONE_IN_NOTE}，物业已维修"
    done = await http.post(
        f"/api/v1/tasks/{triage['id']}/complete",
        json={"outcome": "resolved_on_spot", "form": {"note": note}},
        headers=worker,
    )
    assert done.status_code == 200, done.text
    await wait_for_task(http, worker, case_no, "callback")

    # What Temporal stores on disk (its SQLite file and write-ahead log) has neither name nor phone.
    stored = b"".join(p.read_bytes() for p in Path(stack.config.data_dir).glob("temporal.db*"))
    assert case_no.encode() in stored  # the scan does see Temporal's data
    for needle in (PHONE_IN_NOTE.encode(), NAME_IN_NOTE.encode(), b"\\u674e\\u56db"):
        assert needle not in stored, needle

    clear = {
        "payloads": [
            {
                "metadata": {"encoding": base64.b64encode(b"json/plain").decode()},
                "data": base64.b64encode(json.dumps(note).encode()).decode(),
            }
        ]
    }
    assert (await http.post("/codec/encode", json=clear)).status_code == 401
    encoded = await http.post("/codec/encode", json=clear, headers=ops | {"X-Namespace": "default"})
    assert encoded.status_code == 200, encoded.text
    sealed = encoded.json()
    assert base64.b64decode(sealed["payloads"][0]["metadata"]["encoding"]) == b"binary/encrypted"
    assert PHONE_IN_NOTE.encode() not in base64.b64decode(sealed["payloads"][0]["data"])
    # Decoding reveals what people wrote: admin only, and audited.
    assert (await http.post("/codec/decode", json=sealed, headers=ops)).status_code == 403
    decoded = await http.post("/codec/decode", json=sealed, headers=admin | {"X-Namespace": "default"})
    assert decoded.status_code == 200
    assert json.loads(base64.b64decode(decoded.json()["payloads"][0]["data"])) == note
    bad = await http.post("/codec/decode", content=b"{not json", headers=admin)
    assert bad.status_code == 422
    audit = (await http.get("/api/v1/ops/audit", headers=admin)).json()
    assert audit["entries"][0]["action"] in ("codec_decode", "reveal_personal_data")
    assert any(e["action"] == "codec_decode" and e["actor"] == "admin" for e in audit["entries"])
    # CORS answers Temporal UI's origin only.
    ui = f"http://127.0.0.1:{stack.config.temporal_ui_port}"
    preflight = await http.options(
        "/codec/decode",
        headers={
            "Origin": ui,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "x-namespace",
        },
    )
    assert preflight.status_code == 204 and preflight.headers["access-control-allow-origin"] == ui
    assert preflight.headers["access-control-allow-credentials"] == "true"
    elsewhere = await http.options("/codec/decode", headers={"Origin": "http://evil.example"})
    assert "access-control-allow-origin" not in elsewhere.headers


async def test_json_logs_name_case_workflow_and_request(http: httpx.AsyncClient) -> None:
    logs = ROOT / "test-artifacts" / "e2e-logs"
    # Log files are appended to across runs, and case numbers restart with each fresh database:
    # read only what this test's case wrote.
    start = {p: (logs / f"{p}.log").stat().st_size for p in ("intake", "mediation", "worker")}
    worker = await login(http, "xiadong.caseworker")
    case_no = await file_case(http, worker)
    await wait_for_task(http, worker, case_no, "triage")

    def lines(process: str) -> list[dict[str, Any]]:
        found = []
        with open(logs / f"{process}.log", "rb") as log:
            log.seek(start[process])
            text = log.read().decode(errors="replace")
        for line in text.splitlines():
            if line.startswith("{"):
                entry = json.loads(line)
                if entry.get("case_no") == case_no:
                    found.append(entry)
        return found

    async def logged() -> bool:
        return all(lines(process) for process in ("intake", "mediation", "worker"))

    await eventually(logged)
    for process in ("worker", "mediation"):
        for entry in lines(process):
            assert entry["workflow_id"] == f"case-{case_no}", entry
            assert entry["request_id"].startswith(f"case-{case_no}/") and entry["trace_id"], entry
    [filed] = [e for e in lines("intake") if e["msg"] == "complaint filed"]
    assert filed["request_id"] and filed["trace_id"]
    # One complaint, one trace: the worker's activities continue the trace the filing request began.
    assert {e["trace_id"] for e in lines("worker") if e["activity_type"] == "create_task"} <= {filed["trace_id"]}


async def test_admin_acts_from_the_html_pages(http: httpx.AsyncClient) -> None:
    case_no = await file_case(http, await login(http, "xiadong.caseworker"))
    await wait_for_task(http, await login(http, "xiadong.caseworker"), case_no, "triage")
    ops_form = await http.post("/ops/login", data={"username": "ops", "password": "fengqiao-demo"})
    assert ops_form.status_code == 303
    path = f"/ops/workflows/case-{case_no}/terminate"
    refused = await http.post(path, data={"reason": "not mine to do"})
    assert refused.status_code == 303 and "error=" in refused.headers["location"]
    await http.post("/ops/logout")
    assert (await http.post("/ops/login", data={"username": "admin", "password": "fengqiao-demo"})).status_code == 303
    page = await http.get("/ops/cases", params={"query": f"CaseNo = '{case_no}'"})
    assert f'action="{path}"' in page.text  # admins see the action form next to the row
    done = await http.post(path, data={"reason": "filed by mistake"}, headers={"Referer": "http://gw/ops/cases"})
    assert done.status_code == 303 and done.headers["location"].startswith("/ops/cases?done=")
    shown = await http.get(done.headers["location"])
    assert f"已终止：case-{case_no}" in shown.text


async def test_tasks_of_other_workflow_types_are_not_stuck_and_cancel_refuses_clearly(http: httpx.AsyncClient) -> None:
    """A supervision's task (its workflow is no case's) is not listed as stuck while the supervision
    runs, and an admin's cancel of it is a 409 naming why — never a 500 (issue #18)."""
    center = await login(http, "dongjie.center")
    admin = await login(http, "admin")
    event = {
        "company_code": "PC-TAIHANG",
        "event_kind": "abandonment",
        "description": "擅自撤场",
        "idempotency_key": uuid.uuid4().hex,
    }
    assert (await http.post("/api/v1/standings/events", json=event, headers=center)).status_code == 201
    task = None
    for _ in range(150):
        listing = await http.get("/api/v1/tasks", params={"view": "group", "kind": "standing_approval"}, headers=center)
        mine = [t for t in listing.json()["tasks"] if t["company_code"] == "PC-TAIHANG"]
        if mine:
            task = mine[0]
            break
        await asyncio.sleep(0.1)
    assert task is not None and not task["workflow_id"].startswith("case-"), task
    body = (await http.get("/api/v1/ops/reconciliation", headers=admin)).json()
    assert task["id"] not in [d["task_id"] for d in body["disagreements"]], body["disagreements"]
    refused = await http.post(f"/api/v1/ops/tasks/{task['id']}/cancel", json={"reason": "试试"}, headers=admin)
    assert refused.status_code == 409 and "still waits" in refused.json()["error"]["message"], refused.text

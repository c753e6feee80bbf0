"""公开评 over HTTP with every process real: the public board page and its bundled ECharts, the
board data, the Excel export, and a serious event that ends on the black list after the
director completes the approval task in the inbox (a Temporal update on SupervisionWorkflow)."""

from __future__ import annotations

import asyncio
import io
import uuid

import httpx
from openpyxl import load_workbook

from tests.e2e.test_slice import login


async def test_the_public_board_page_data_and_export(http: httpx.AsyncClient) -> None:
    page = await http.get("/board")
    assert page.status_code == 200 and '<script src="/static/vendor/echarts.min.js">' in page.text
    assert "cdn" not in page.text.lower()
    script = await http.get("/static/vendor/echarts.min.js")
    assert script.status_code == 200 and "echarts" in script.text[:5000] and len(script.content) > 500_000

    data = (await http.get("/api/v1/board")).json()  # public: no token
    assert data["review"]["id"] == "SD-DONGJIE-2026Q3" and data["review"]["status"] == "PUBLISHED"
    assert len(data["scores"]) == 7 and data["scores"][0]["company_code"] == "PC-DFSJ"
    assert {s["company_code"] for s in data["standings"] if s["standing"] == "LIST_STANDING_BLACK"} == {"PC-HUIFENG"}
    assert data["takeover"]["unmanaged"] > 0
    bad = await http.get("/api/v1/board", params={"subdistrict": "SD-NOWHERE"})
    assert bad.status_code == 404

    xlsx = await http.get("/api/v1/reviews/SD-DONGJIE-2026Q3/export.xlsx")
    assert xlsx.status_code == 200 and "spreadsheetml" in xlsx.headers["content-type"]
    assert load_workbook(io.BytesIO(xlsx.content)).sheetnames == ["综合得分", "红黑榜", "分项得分"]

    worker = await login(http, "xiadong.caseworker")
    closed = await http.post(
        "/api/v1/reviews/SD-DONGJIE-2026Q3/evaluations",
        json={"side": "resident", "company_code": "PC-DFSJ", "household_code": "CM-DFSJ-01-1-0101", "scores": {}},
        headers=worker,
    )
    assert closed.status_code == 422 and closed.json()["error"]["details"]["field"] == "scores"


async def test_a_serious_event_goes_black_when_the_director_approves_in_the_inbox(http: httpx.AsyncClient) -> None:
    center = await login(http, "dongjie.center")
    company = await login(http, "company.admin")
    body = {
        "company_code": "PC-CPY",
        "event_kind": "abandonment",
        "description": "未经业主大会同意擅自撤场三天",
        "idempotency_key": uuid.uuid4().hex,
    }
    denied = await http.post("/api/v1/standings/events", json=body, headers=company)
    assert denied.status_code == 403
    reported = await http.post("/api/v1/standings/events", json=body, headers=center)
    assert reported.status_code == 201, reported.text
    assert reported.json()["proposal"]["status"] == "PENDING"

    task = None
    for _ in range(150):
        listing = await http.get("/api/v1/tasks", params={"view": "group", "kind": "standing_approval"}, headers=center)
        assert listing.status_code == 200, listing.text
        if listing.json()["tasks"]:
            task = listing.json()["tasks"][0]
            break
        await asyncio.sleep(0.1)
    assert task is not None, "the director's approval task never reached the inbox"
    assert (await http.post(f"/api/v1/tasks/{task['id']}/claim", headers=center)).status_code == 200
    done = await http.post(
        f"/api/v1/tasks/{task['id']}/complete",
        json={"outcome": "approve", "form": {"note": "情况属实，列入黑榜"}},
        headers=center,
    )
    assert done.status_code == 200, done.text

    for _ in range(150):
        board = (await http.get("/api/v1/board")).json()
        black = {s["company_code"] for s in board["standings"] if s["standing"] == "LIST_STANDING_BLACK"}
        summons = await http.get("/api/v1/tasks", params={"view": "group", "kind": "summons"}, headers=center)
        if "PC-CPY" in black and summons.json()["tasks"]:
            break
        await asyncio.sleep(0.1)
    assert "PC-CPY" in black
    # The public notice (通报) names the company; the workflow's code never reaches the board.
    name = next(s["company_name"] for s in board["standings"] if s["company_code"] == "PC-CPY")
    assert any(name in n["title"] for n in board["notices"])
    assert not any("PC-CPY" in n["title"] + n.get("body", "") for n in board["notices"])

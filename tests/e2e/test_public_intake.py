"""The public front door over HTTP: the online form rate-limited per client, the tracking page
and API, and the 12345 export import."""

from __future__ import annotations

import io
import json
import uuid
from datetime import datetime

import httpx
from openpyxl import Workbook

from services.common.clock import SHANGHAI
from tests.e2e.test_slice import login

PUBLIC = {
    "community": "土地局小区",
    "address": "2号楼1单元",
    "content": "楼下路灯坏了一个月没人修，晚上只能摸黑走路。",
    "complainant": {"name": "周阿姨", "phone": "13600136000"},
}


async def test_online_form_receipt_and_tracking(http: httpx.AsyncClient) -> None:
    page = await http.get("/complain")
    assert page.status_code == 200 and 'name="viewport"' in page.text and "/static/complain.js" in page.text
    assert '<option value="土地局小区">' in page.text  # the community is chosen from the registry's list
    assert "/api/v1/public/complaints" in (await http.get("/static/complain.js")).text
    key = {"Idempotency-Key": uuid.uuid4().hex}
    filed = await http.post("/api/v1/public/complaints", json=PUBLIC, headers=key)
    assert filed.status_code == 201, filed.text
    receipt = filed.json()["receipt_no"]
    assert filed.json()["track_url"] == f"/track/{receipt}" and receipt in filed.json()["notice"]
    again = await http.post("/api/v1/public/complaints", json=PUBLIC, headers=key)
    assert again.json()["receipt_no"] == receipt
    bad = await http.post("/api/v1/public/complaints", json=PUBLIC | {"channel": "petition"})
    assert bad.status_code == 422 and bad.json()["error"]["details"]["field"] == "channel"

    tracked = (await http.get(f"/api/v1/track/{receipt}")).json()
    assert tracked["receipt_no"] == receipt and tracked["case"]["community_name"] == "土地局小区"
    assert tracked["case"]["building"] == 2 and tracked["case"]["category"] == "environment"
    assert [e["kind"] for e in tracked["events"]][:2] == ["complaint_received", "acknowledged"]
    text = json.dumps(tracked, ensure_ascii=False)
    assert "周阿姨" not in text and "13600136000" not in text and "1单元" not in text
    html = await http.get(f"/track/{receipt}")
    assert html.headers["content-type"].startswith("text/html") and receipt in html.text and "周阿姨" not in html.text
    negotiated = await http.get(f"/track/{receipt}", headers={"Accept": "application/json"})
    assert negotiated.json()["receipt_no"] == receipt
    missing = await http.get("/api/v1/track/SL20261129-AAAAAAAA")
    assert missing.status_code == 404 and missing.json()["error"]["details"]["field"] == "receipt_no"
    malformed = await http.get("/track/not-a-receipt")
    assert malformed.status_code == 422 and "回执号格式不对" in malformed.text
    unknown = await http.get("/track/SL20261129-AAAAAAAA")
    assert unknown.status_code == 404 and unknown.headers["content-type"].startswith("text/html")
    assert "没有找到这个回执号" in unknown.text
    lookup = await http.get("/track")
    assert lookup.status_code == 200 and 'name="receipt_no"' in lookup.text
    asked = await http.get("/track", params={"receipt_no": f" {receipt.lower()} "})
    assert asked.status_code == 303 and asked.headers["location"] == f"/track/{receipt}"


async def test_the_online_form_is_rate_limited_per_client(http: httpx.AsyncClient) -> None:
    codes = []
    for i in range(8):
        body = PUBLIC | {"address": "3号楼", "content": f"绿化带里有人种菜（{i}）"}
        codes.append((await http.post("/api/v1/public/complaints", json=body)).status_code)
    assert 429 in codes and codes.index(429) <= 5, codes
    refused = await http.post("/api/v1/public/complaints", json=PUBLIC)
    assert refused.status_code == 429 and refused.json()["error"]["code"] == "rate_limited"


HEADER = ["工单编号", "来电时间", "来电人", "联系电话", "地址", "诉求内容"]


async def test_hotline_export_import_over_http(http: httpx.AsyncClient) -> None:
    worker = await login(http, "xiadong.caseworker")
    order = f"GD{uuid.uuid4().hex[:10]}"
    csv = "\n".join(
        ",".join(r)
        for r in [
            HEADER,
            [order, "2026-11-28 09:15:00", "王女士", "13800138001", "土地局小区4号楼", "4号楼化粪池满了污水外溢"],
            [f"{order}-2", "2026-11-28 09:20:00", "", "1234", "土地局小区1号楼", "垃圾没人清运"],
        ]
    )
    files = {"file": ("12345.csv", csv.encode("gb18030"), "text/csv")}
    assert (await http.post("/api/v1/intake/hotline-imports", files=files)).status_code == 401
    report = (await http.post("/api/v1/intake/hotline-imports", files=files, headers=worker)).json()
    assert (report["taken"], report["already_imported"], report["refused"]) == (1, 0, 1)
    assert report["rows"][1]["field"] == "complainant.phone"
    again = (await http.post("/api/v1/intake/hotline-imports", files=files, headers=worker)).json()
    assert (again["taken"], again["already_imported"]) == (0, 1)

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["单号", "反映内容", "位置", "电话"])
    sheet.append([f"{order}-x", "小区路灯全坏了", "土地局小区", 13900139000])
    buffer = io.BytesIO()
    book.save(buffer)
    mapping = json.dumps({"单号": "external_ref", "反映内容": "content", "位置": "address", "电话": "phone"})
    reply = await http.post(
        "/api/v1/intake/hotline-imports",
        files={"file": ("export.xlsx", buffer.getvalue(), "application/octet-stream")},
        data={"column_map": mapping},
        headers=worker,
    )
    assert reply.status_code == 200 and reply.json()["taken"] == 1, reply.text
    bad_map = await http.post(
        "/api/v1/intake/hotline-imports", files=files, data={"column_map": "{oops"}, headers=worker
    )
    assert bad_map.status_code == 422 and bad_map.json()["error"]["details"]["field"] == "column_map"


async def test_channel_fields_over_http(http: httpx.AsyncClient) -> None:
    grid = await login(http, "xiadong.grid")
    report = {
        "channel": "grid_inspection",
        "community": "常平苑",
        "address": "东门车棚",
        "building": 11,
        "content": "车棚里有人飞线给电动车充电，电线拖在地上。",
        "complainant": {"name": "王强", "phone": "13500135000"},
        "location": {"latitude": 36.19, "longitude": 113.11},
        "photos": [
            {
                "file_name": "IMG_0001.jpg",
                "sha256": "c" * 64,
                "size_bytes": 345678,
                "content_type": "image/jpeg",
                "taken_at": "2026-11-29T09:30:00+08:00",
            }
        ],
        "grid_code": "XD-07",
    }
    filed = await http.post("/api/v1/complaints", json=report, headers=grid)
    assert filed.status_code == 201, filed.text
    case = filed.json()["case"]
    assert (case["building"], case["category"], case["category_source"]) == (11, "ev_charging", "suggested")
    assert filed.json()["joined_existing"] is False and filed.json()["receipt_no"] in filed.json()["notice"]
    missing = await http.post(
        "/api/v1/complaints", json={k: v for k, v in report.items() if k != "location"}, headers=grid
    )
    assert missing.status_code == 422 and missing.json()["error"]["details"]["field"] == "location"
    not_text = await http.post("/api/v1/complaints", json=report | {"grid_code": 7}, headers=grid)
    assert not_text.status_code == 422 and not_text.json()["error"]["details"]["field"] == "grid_code"
    unknown = await http.post("/api/v1/complaints", json=report | {"colour": "red"}, headers=grid)
    assert unknown.status_code == 422 and unknown.json()["error"]["details"]["field"] == "channel_fields.colour"

    petition = {
        "channel": "petition",
        "community": "常平苑",
        "address": "8号楼",
        "content": "物业费今年涨价没有公示",
        "complainant": {"name": "钱先生", "phone": "13500135001"},
        "external_ref": f"XF-{uuid.uuid4().hex[:8]}",
    }
    first = await http.post("/api/v1/complaints", json=petition, headers=grid)
    second = await http.post("/api/v1/complaints", json=petition, headers=grid)
    assert first.status_code == second.status_code == 201
    assert second.headers["Idempotent-Replayed"] == "true" and second.json()["receipt_no"] == first.json()["receipt_no"]
    changed = await http.post("/api/v1/complaints", json=petition | {"content": "另一件事"}, headers=grid)
    assert changed.status_code == 409 and changed.json()["error"]["details"]["field"] == "external_ref"

    worker = await login(http, "xiadong.caseworker")
    case_no = first.json()["case_no"]
    moved = await http.post(
        f"/api/v1/cases/{case_no}/category", json={"category": "other", "reason": "复核"}, headers=worker
    )
    assert moved.status_code == 200 and moved.json()["category_source"] == "triage"
    company = await login(http, "company.admin")
    denied = await http.post(f"/api/v1/cases/{case_no}/category", json={"category": "fees"}, headers=company)
    assert denied.status_code == 403
    catalogue = (await http.get("/api/v1/categories", headers=worker)).json()["categories"]
    assert [c["code"] for c in catalogue][-1] == "other"


async def test_category_suggestion_endpoint_and_the_ops_month(http: httpx.AsyncClient) -> None:
    """Issue #16: POST /api/v1/categories/suggest with filing's scope; a case filed without a
    category keeps the suggestion, triage confirms it, and the ops page counts it in its month."""
    worker = await login(http, "xiadong.caseworker")
    text = "楼上卫生间往我家厨房顶上滴水，吊顶都泡坏了"
    reply = await http.post("/api/v1/categories/suggest", json={"text": text}, headers=worker)
    assert reply.status_code == 200, reply.text
    body = reply.json()
    assert list(body) == ["category", "name", "probability", "top", "model_version", "confident"]
    assert (body["category"], body["name"], body["confident"]) == ("leak", "漏水", True)
    assert [list(t) for t in body["top"]] == [["category", "name", "probability"]] * 3
    assert body["top"][0] == {"category": "leak", "name": "漏水", "probability": body["probability"]}
    assert (await http.post("/api/v1/categories/suggest", json={"text": text})).status_code == 401
    company = await login(http, "company.admin")
    denied = await http.post("/api/v1/categories/suggest", json={"text": text}, headers=company)
    assert denied.status_code == 403 and denied.json()["error"]["code"] == "permission_denied"
    for bad, field in (({"text": ""}, "text"), ({"text": "长" * 2001}, "text"), ({"text": 5}, "text")):
        refused = await http.post("/api/v1/categories/suggest", json=bad, headers=worker)
        assert refused.status_code == 422 and refused.json()["error"]["details"]["field"] == field, refused.text

    complaint = {
        "channel": "online",
        "community": "东方世家",
        "address": "6号楼",
        "content": text,
        "complainant": {"name": "孔女士", "phone": "13500135066"},
    }
    filed = await http.post(
        "/api/v1/complaints", json=complaint, headers=worker | {"Idempotency-Key": uuid.uuid4().hex}
    )
    case = filed.json()["case"]
    assert (case["category"], case["suggested_category"], case["model_version"]) == (
        "leak",
        "leak",
        body["model_version"],
    )
    assert [t["category"] for t in case["suggestion_top"]] == [t["category"] for t in body["top"]]
    kept = await http.post(f"/api/v1/cases/{case['case_no']}/category", json={"category": "leak"}, headers=worker)
    assert (kept.json()["confirmed_category"], kept.json()["category_source"]) == ("leak", "suggested")
    assert (await http.post("/ops/login", data={"username": "ops", "password": "fengqiao-demo"})).status_code == 303
    page = await http.get("/ops/suggestions")
    month = datetime.now(SHANGHAI)
    assert page.status_code == 200 and body["model_version"] in page.text, page.text
    assert f"{month:%Y}年{month:%m}月" in page.text and 'id="suggestion-months"' in page.text

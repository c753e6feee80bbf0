"""The public front door: the online complaint form (网投, rate-limited per client) and the
tracking page and API (/track/{receipt_no}), which show only what a complainant may see."""

from __future__ import annotations

import hashlib
import html
import json
from typing import Annotated, Any

from fastapi import APIRouter, Header, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse
from fengqiao.intake.v1 import intake_pb2

from services.gateway.deps import BackendsDep
from services.gateway.public import ONLINE_FORM, TRACKING, limit, public_metadata
from services.gateway.schemas.common import PathKey, refusals
from services.gateway.schemas.intake import PublicComplaintCreate, PublicComplaintReceipt, TrackedComplaintPublic
from services.gateway.views import as_dict

router = APIRouter(tags=["public"])
_TRACKED = "#/components/schemas/" + TrackedComplaintPublic.__name__


def _scoped_key(idempotency_key: str | None, body: PublicComplaintCreate) -> str:
    """The key as intake stores it: bound to the complaint sent with it. Every member of the public
    files under one identity, so a bare key would be shared by all of them — a stranger reusing one
    would be told of the first person's case. Bound to the body, a key finds only the complaint its
    sender already holds in full."""
    if not idempotency_key:
        return ""
    sent = json.dumps([idempotency_key, body.model_dump(mode="json")], ensure_ascii=False, sort_keys=True)
    return "public-" + hashlib.sha256(sent.encode()).hexdigest()


@router.post(
    "/api/v1/public/complaints",
    status_code=201,
    response_model=PublicComplaintReceipt,
    responses=refusals(409, 413, 422, 429, 503),
)
async def file_public_complaint(
    body: PublicComplaintCreate,
    request: Request,
    backends: BackendsDep,
    idempotency_key: Annotated[str | None, Header(alias="Idempotency-Key", max_length=128)] = None,
) -> dict[str, Any]:
    """Files a complaint from the public form, without signing in; limited per client. Answers
    with the receipt (受理回执): the receipt number tracks the complaint at /track/{receipt_no}.
    An `Idempotency-Key` makes a resent complaint (the same key and the same body) answer with the
    same receipt; the same key with another body files that complaint on its own."""
    await limit(request, backends, "public-filing", backends.settings.public_filings_per_minute)
    result = await backends.intake.FileComplaint(
        intake_pb2.FileComplaintRequest(
            idempotency_key=_scoped_key(idempotency_key, body),
            channel="online",
            community=body.community,
            address=body.address,
            content=body.content,
            complainant=intake_pb2.Complainant(name=body.complainant.name, phone=body.complainant.phone),
            channel_fields={"email": body.email} if body.email else {},
        ),
        metadata=public_metadata(backends, ONLINE_FORM),
        timeout=backends.settings.rpc_timeout_seconds,
    )
    c = result.complaint
    return {
        "receipt_no": c.receipt_no,
        "case_no": c.case_no,
        "joined_existing": c.joined_existing,
        "notice": c.notice,
        "track_url": f"/track/{c.receipt_no}",
    }


async def _tracked(request: Request, backends: BackendsDep, receipt_no: str) -> dict[str, Any]:
    await limit(request, backends, "public-lookup", backends.settings.public_lookups_per_minute)
    result = await backends.intake.TrackComplaint(
        intake_pb2.TrackComplaintRequest(receipt_no=receipt_no[:64]),
        metadata=public_metadata(backends, TRACKING),
        timeout=backends.settings.rpc_timeout_seconds,
    )
    case = as_dict(result.case)
    for hidden in ("location", "has_location"):
        case.pop(hidden, None)
    return {
        "receipt_no": result.receipt_no,
        "received_at": as_dict(result)["received_at"],
        "joined_existing": result.joined_existing,
        "case": case,
        "events": [as_dict(e) for e in result.events],
    }


@router.get(
    "/api/v1/track/{receipt_no}",
    response_model=TrackedComplaintPublic,
    response_model_exclude_unset=True,
    responses=refusals(404, 422, 429, 503),
)
async def track_json(receipt_no: PathKey, request: Request, backends: BackendsDep) -> dict[str, Any]:
    """What a complainant may see of their complaint: status, category, community, building,
    their own words (phone numbers masked), the public timeline and the expected time."""
    return await _tracked(request, backends, receipt_no)


@router.get(
    "/track/{receipt_no}",
    response_class=HTMLResponse,
    responses=refusals(404, 422, 429, 503) | {200: {"content": {"application/json": {"schema": {"$ref": _TRACKED}}}}},
)
async def track_page(receipt_no: PathKey, request: Request, backends: BackendsDep) -> Response:
    """The tracking page; JSON instead when the client asks for it (Accept or ?format=json)."""
    body = await _tracked(request, backends, receipt_no)
    wants_json = request.query_params.get("format") == "json" or "application/json" in request.headers.get("accept", "")
    if wants_json:
        return JSONResponse(body)
    return HTMLResponse(_track_html(body))


def _track_html(body: dict[str, Any]) -> str:
    case, e = body["case"], html.escape
    building = f" {case['building']}号楼" if case.get("building") else ""
    expected = case.get("expected_at") or "—"
    rows = "".join(f"<li><time>{e(ev['occurred_at'])}</time> {e(ev['label'])}</li>" for ev in body["events"])
    joined = "<p>您的诉求已与同类诉求合并办理。</p>" if body["joined_existing"] else ""
    return f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>诉求办理进度 · {e(body["receipt_no"])}</title></head>
<body>
<h1>诉求办理进度</h1>
<dl>
<dt>回执号</dt><dd id="receipt">{e(body["receipt_no"])}</dd>
<dt>案件号</dt><dd id="case">{e(case["case_no"])}</dd>
<dt>状态</dt><dd id="status">{e(case["status_label"])}</dd>
<dt>类别</dt><dd>{e(case["category_name"])}</dd>
<dt>位置</dt><dd>{e(case["community_name"])}{e(building)}</dd>
<dt>受理时间</dt><dd>{e(body["received_at"])}</dd>
<dt>预计办理时限</dt><dd>{e(expected)}</dd>
<dt>诉求内容</dt><dd>{e(case["description"])}</dd>
</dl>
{joined}
<h2>办理记录</h2>
<ol id="events">{rows}</ol>
</body></html>"""


@router.get("/complain", response_class=HTMLResponse, include_in_schema=False)
async def complaint_form() -> str:
    """The public online form; it posts to /api/v1/public/complaints with a fresh Idempotency-Key
    so a double click files once."""
    return """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>网上投诉 · 枫桥</title></head>
<body>
<h1>物业纠纷网上投诉</h1>
<form id="complaint">
<label>小区 <input name="community" required maxlength="64" placeholder="东方世家"></label><br>
<label>地址 <input name="address" required maxlength="200" placeholder="3号楼2单元"></label><br>
<label>诉求内容 <textarea name="content" required maxlength="2000"></textarea></label><br>
<label>姓名 <input name="name" required maxlength="50"></label><br>
<label>电话 <input name="phone" required maxlength="20"></label><br>
<button type="submit">提交</button>
</form>
<p id="result" role="status"></p>
<script src="/static/complain.js"></script>
</body></html>"""

"""The public front door: the online complaint form (网投, rate-limited per client) and the
tracking page and API (/track/{receipt_no}), which show only what a complainant may see."""

from __future__ import annotations

import hashlib
import json
from typing import Annotated, Any
from urllib.parse import quote

import grpc
from fastapi import APIRouter, Header, Query, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from fengqiao.intake.v1 import intake_pb2

from services.gateway.deps import BackendsDep
from services.gateway.errors import GRPC_TO_HTTP, ApiError
from services.gateway.html import render
from services.gateway.names import load_names
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


@router.get("/track", response_class=HTMLResponse, include_in_schema=False)
async def track_lookup(request: Request, receipt_no: Annotated[str, Query(max_length=64)] = "") -> Response:
    """The lookup form; a submitted receipt number goes to its tracking page."""
    wanted = receipt_no.strip().upper()
    if wanted:
        return RedirectResponse(f"/track/{quote(wanted, safe='')}", status_code=303)
    return render(request, "public/track_lookup.html", {"receipt_no": "", "error": ""})


@router.get(
    "/track/{receipt_no}",
    response_class=HTMLResponse,
    responses=refusals(404, 422, 429, 503) | {200: {"content": {"application/json": {"schema": {"$ref": _TRACKED}}}}},
)
async def track_page(receipt_no: PathKey, request: Request, backends: BackendsDep) -> Response:
    """The tracking page; JSON instead when the client asks for it (Accept or ?format=json).
    A refusal is a Chinese page for a browser and the API's JSON error for a program."""
    wants_json = request.query_params.get("format") == "json" or "application/json" in request.headers.get("accept", "")
    if wants_json:
        return JSONResponse(await _tracked(request, backends, receipt_no))
    try:
        body = await _tracked(request, backends, receipt_no)
    except grpc.aio.AioRpcError as exc:
        status = GRPC_TO_HTTP.get(exc.code(), 500)
        return _refused(request, status, receipt_no)
    except ApiError as exc:
        return _refused(request, exc.status, receipt_no)
    return render(request, "public/track.html", {"body": body})


# What a resident reads when a lookup is refused, by status.
_LOOKUP_REFUSALS = {
    404: ("没有找到这个回执号", "请核对回执号后重新输入；刚提交的投诉可能要稍等片刻才能查到。"),
    422: ("回执号格式不对", "回执号形如 SL20261202-ABCD2345：两个字母、8 位日期、短横线和 8 位字母或数字。"),
    429: ("查询过于频繁", "请稍等一分钟后再查询。"),
}


def _refused(request: Request, status: int, receipt_no: str) -> Response:
    heading, message = _LOOKUP_REFUSALS.get(status, ("暂时无法查询", "系统暂时不可用，请稍后再试。"))
    return render(request, "public/error.html", {"heading": heading, "message": message}, status)


@router.get("/complain", response_class=HTMLResponse, include_in_schema=False)
async def complaint_form(request: Request) -> Response:
    """The public online form (services/gateway/static/complain.js posts it to
    /api/v1/public/complaints); the community is chosen from the registry's communities."""
    names = await load_names(request)
    return render(request, "public/complain.html", {"communities": names.community_choices()})

"""Open311 GeoReport v2 at /open311/v2/: services, service definitions, service requests (POST with
an API key), requests/{id} and tokens/{token}, in .json and .xml, errors in the spec's format.

Mapping: a service is a category of the catalogue; a service request is a case (service_request_id
is the case number — several complaints about one matter join one case); status is open or closed,
with our finer status in status_notes; expected_datetime is the deadline of the case's open step.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any

import grpc
from fastapi import APIRouter, Request
from fastapi.responses import Response
from fengqiao.evaluation.v1 import registry_pb2
from fengqiao.intake.v1 import intake_pb2
from google.protobuf.timestamp_pb2 import Timestamp

from services.common.clock import as_utc, utcnow
from services.gateway.api_keys import OPEN311, identity_for_key
from services.gateway.deps import Backends, get_backends
from services.gateway.open311_format import FORMATS, Open311Error, comma_list, parse_w3c, render, render_error, w3c
from services.gateway.public import OPEN311_READER, public_metadata
from services.gateway.schemas.common import PathKey

log = logging.getLogger("fengqiao.gateway.open311")
router = APIRouter(prefix="/open311/v2", tags=["open311"])
# Documents in the specification's shapes (http://wiki.open311.org/GeoReport_v2), as `fmt` asks;
# errors too, as [{code, description}].
_DOCUMENT: dict[str, Any] = {
    "response_class": Response,
    "responses": {
        200: {"description": "GeoReport v2 document", "content": {media: {} for media in FORMATS.values()}},
        "4XX": {"description": "GeoReport v2 errors", "content": {media: {} for media in FORMATS.values()}},
    },
}

DEFAULT_WINDOW = timedelta(days=90)
MAX_REQUESTS = 1000
_ATTRIBUTE = re.compile(r"^attribute\[([A-Za-z0-9_]{1,64})\]$")
# gRPC refusals as Open311 error codes (the spec uses 400, 403 and 404).
_GRPC_CODES = {
    grpc.StatusCode.INVALID_ARGUMENT: 400,
    grpc.StatusCode.NOT_FOUND: 404,
    grpc.StatusCode.PERMISSION_DENIED: 403,
    grpc.StatusCode.ALREADY_EXISTS: 400,
    grpc.StatusCode.RESOURCE_EXHAUSTED: 429,
    grpc.StatusCode.UNAVAILABLE: 503,
}


async def _answer(fmt: str, request: Request, build: Callable[[Backends], Awaitable[Response]]) -> Response:
    """Checks the format and jurisdiction, runs the handler, and turns every refusal into the
    specification's error document."""
    try:
        if fmt not in FORMATS:
            raise Open311Error(400, f"format must be json or xml; got {fmt!r}")
        backends = get_backends(request)
        jurisdiction = request.query_params.get("jurisdiction_id")
        if request.method == "POST":
            jurisdiction = (await request.form()).get("jurisdiction_id") or jurisdiction  # type: ignore[assignment]
        if jurisdiction and jurisdiction != backends.settings.open311_jurisdiction_id:
            raise Open311Error(404, f"jurisdiction_id {jurisdiction!r} not found")
        return await build(backends)
    except Open311Error as exc:
        return render_error(fmt, exc)
    except grpc.aio.AioRpcError as exc:
        code = _GRPC_CODES.get(exc.code(), 500)
        if code >= 500:
            log.error("open311 backend call failed", extra={"code": exc.code().name, "reason": exc.details()})
        return render_error(fmt, Open311Error(code, exc.details() if code < 500 else "internal error"))


async def _categories(backends: Backends) -> list[intake_pb2.Category]:
    result = await backends.intake.ListCategories(
        intake_pb2.ListCategoriesRequest(), metadata=public_metadata(backends, OPEN311_READER)
    )
    return list(result.categories)


async def _communities(backends: Backends) -> list[registry_pb2.Community]:
    found: list[registry_pb2.Community] = []
    token = ""
    while True:
        page = await backends.registry.ListCommunities(
            registry_pb2.ListCommunitiesRequest(page_size=200, page_token=token),
            metadata=public_metadata(backends, OPEN311_READER),
        )
        found.extend(page.communities)
        token = page.next_page_token
        if not token:
            return found


def _service(category: intake_pb2.Category) -> dict[str, Any]:
    return {
        "service_code": category.code,
        "service_name": category.name,
        "description": category.description,
        "metadata": True,
        "type": "realtime",
        "keywords": ", ".join(category.keywords),
        "group": category.group_name,
    }


@router.get("/services.{fmt}", **_DOCUMENT)
async def services(fmt: PathKey, request: Request) -> Response:
    """Every service (category) this jurisdiction takes requests for."""

    async def build(backends: Backends) -> Response:
        return render(fmt, "services", [_service(c) for c in await _categories(backends)])

    return await _answer(fmt, request, build)


@router.get("/services/{service_code}.{fmt}", **_DOCUMENT)
async def service_definition(service_code: PathKey, fmt: PathKey, request: Request) -> Response:
    """The attributes a request for this service takes: the community (required) and building."""

    async def build(backends: Backends) -> Response:
        if service_code not in {c.code for c in await _categories(backends)}:
            raise Open311Error(404, f"service_code {service_code!r} not found")
        communities = await _communities(backends)
        body = {
            "service_code": service_code,
            "attributes": [
                {
                    "variable": True,
                    "code": "community",
                    "datatype": "singlevaluelist",
                    "required": True,
                    "datatype_description": None,
                    "order": 1,
                    "description": "小区 · the residential community",
                    "values": [{"key": c.code, "name": c.name} for c in communities],
                },
                {
                    "variable": True,
                    "code": "building",
                    "datatype": "number",
                    "required": False,
                    "datatype_description": "楼号：1 至该小区的楼栋数 · building number within the community",
                    "order": 2,
                    "description": "楼号 · building",
                    "values": [],
                },
            ],
        }
        return render(fmt, "service_definition", body)

    return await _answer(fmt, request, build)


def _float(form: dict[str, str], name: str, low: float, high: float) -> float:
    try:
        value = float(form[name])
    except ValueError as exc:
        raise Open311Error(400, f"{name} {form[name]!r} is not a number") from exc
    if not (low <= value <= high):
        raise Open311Error(400, f"{name} must be between {low} and {high}")
    return value


@router.post("/requests.{fmt}", **_DOCUMENT)
async def create_request(fmt: PathKey, request: Request) -> Response:
    """Creates a service request (files a complaint on the online channel). Needs api_key. The
    answer names the case (service_request_id), a token, and the notice with the receipt number.
    Without service_code the category is suggested from the description by intake's model."""

    async def build(backends: Backends) -> Response:
        form = {k: str(v) for k, v in (await request.form()).items()}
        key = form.get("api_key") or request.query_params.get("api_key") or ""
        development = backends.settings.environment == "development"
        identity = await identity_for_key(backends.db, key, OPEN311, development=development)
        if identity is None:
            log.warning("open311 POST refused: api_key missing or invalid", extra={"path": request.url.path})
            raise Open311Error(403, "api_key was not provided or is invalid")
        # Without a service_code the complaint is filed with none, and intake's model suggests
        # one (recorded as suggested, for triage to confirm) — issue #16.
        service_code = form.get("service_code", "").strip()
        if service_code and service_code not in {c.code for c in await _categories(backends)}:
            raise Open311Error(404, f"service_code {service_code!r} not found")
        has_point = "lat" in form or "long" in form
        if has_point and not ("lat" in form and "long" in form):
            raise Open311Error(400, "lat and long must be given together")
        if not (has_point or form.get("address_string") or form.get("address_id")):
            raise Open311Error(400, "a location is required: lat and long, address_string or address_id")
        location = None
        if has_point:
            location = intake_pb2.Location(
                latitude=_float(form, "lat", -90, 90), longitude=_float(form, "long", -180, 180)
            )
        attributes = {m.group(1): v for k, v in form.items() if (m := _ATTRIBUTE.match(k))}
        community = attributes.get("community", "")
        if not community:
            raise Open311Error(400, "attribute[community] is required")
        building = attributes.get("building", "")
        # ASCII digits only ("²".isdigit() is true), and the building numbers the staff API takes.
        if building and not (building.isascii() and building.isdigit() and 1 <= int(building) <= 999):
            raise Open311Error(400, f"attribute[building] {building!r} is not a building number (1–999)")
        unknown = sorted(set(attributes) - {"community", "building"})
        if unknown:
            raise Open311Error(400, f"attribute[{unknown[0]}] is not an attribute of {service_code or 'a request'}")
        if not form.get("description", "").strip():
            raise Open311Error(400, "description is required: what is wrong")
        if not form.get("phone", "").strip():
            raise Open311Error(400, "phone is required: the reply (有件必回) goes to it")
        name = (form.get("last_name", "") + form.get("first_name", "")).strip() or "Open311用户"
        address = form.get("address_string") or form.get("address_id") or ""
        if not address:
            address = f"{building}号楼" if building else f"({form['lat']}, {form['long']})"
        extra = {k: form[k] for k in ("email", "device_id", "account_id", "media_url") if form.get(k)}
        result = await backends.intake.FileComplaint(
            intake_pb2.FileComplaintRequest(
                channel="online",
                community=community,
                address=address,
                content=form["description"],
                complainant=intake_pb2.Complainant(name=name, phone=form["phone"]),
                category=service_code,
                location=location,
                building=int(building or 0),
                channel_fields=extra | {"client": identity.subject[:64]},
            ),
            metadata=backends.caller_metadata(identity),
            timeout=backends.settings.rpc_timeout_seconds,
        )
        body = [
            {
                "service_request_id": result.complaint.case_no,
                "token": result.complaint.token,
                "service_notice": result.complaint.notice,
                "account_id": form.get("account_id") or None,
            }
        ]
        return render(fmt, "service_requests", body, status=201)

    return await _answer(fmt, request, build)


def _request(case: intake_pb2.PublicCase, agency: str) -> dict[str, Any]:
    building = f"{case.building}号楼" if case.building else ""
    return {
        "service_request_id": case.case_no,
        "status": "closed" if case.status in ("CLOSED", "MERGED", "REFERRED") else "open",
        "status_notes": f"{case.status}: {case.status_label}",
        "service_name": case.category_name,
        "service_code": case.category,
        "description": case.description,
        "agency_responsible": agency,
        "service_notice": None,
        "requested_datetime": w3c(case.requested_at.ToDatetime()),
        "updated_datetime": w3c(case.updated_at.ToDatetime()),
        "expected_datetime": w3c(case.expected_at.ToDatetime()) if case.HasField("expected_at") else None,
        "address": f"{case.community_name}{building}",
        "address_id": None,
        "zipcode": None,
        "lat": case.location.latitude if case.has_location else None,
        "long": case.location.longitude if case.has_location else None,
        "media_url": None,
    }


async def _search(backends: Backends, query: intake_pb2.ListServiceRequestsRequest) -> list[dict[str, Any]]:
    result = await backends.intake.ListServiceRequests(
        query, metadata=public_metadata(backends, OPEN311_READER), timeout=backends.settings.rpc_timeout_seconds
    )
    return [_request(c, backends.settings.open311_agency) for c in result.cases]


def _window(start_text: str | None, end_text: str | None) -> tuple[datetime, datetime]:
    """The spec's default: the last 90 days; one bound given, the other 90 days from it."""
    start = parse_w3c(start_text, "start_date") if start_text else None
    end = parse_w3c(end_text, "end_date") if end_text else None
    if start is None:
        end = end or utcnow()
        return end - DEFAULT_WINDOW, end
    return start, end or start + DEFAULT_WINDOW


def _stamp(value: Any) -> Timestamp:
    stamp = Timestamp()
    stamp.FromDatetime(as_utc(value))
    return stamp


@router.get("/requests.{fmt}", **_DOCUMENT)
async def list_requests(fmt: PathKey, request: Request) -> Response:
    """Service requests: by service_request_id (a comma list; other filters are then ignored), or
    by service_code, start_date/end_date (the last 90 days by default, at most 90 days) and status."""

    async def build(backends: Backends) -> Response:
        params = request.query_params
        ids = comma_list(params.get("service_request_id"), "service_request_id")
        if ids:
            query = intake_pb2.ListServiceRequestsRequest(case_nos=ids, limit=MAX_REQUESTS)
            return render(fmt, "service_requests", await _search(backends, query))
        start, end = _window(params.get("start_date"), params.get("end_date"))
        if end < start:
            raise Open311Error(400, "end_date is before start_date")
        if end - start > DEFAULT_WINDOW:
            raise Open311Error(400, "start_date and end_date may be at most 90 days apart")
        states = comma_list(params.get("status"), "status")
        for state in states:
            if state not in ("open", "closed"):
                raise Open311Error(400, f"status must be open or closed; got {state!r}")
        query = intake_pb2.ListServiceRequestsRequest(
            categories=comma_list(params.get("service_code"), "service_code"),
            start=_stamp(start),
            end=_stamp(end),
            states=states,
            limit=MAX_REQUESTS,
        )
        return render(fmt, "service_requests", await _search(backends, query))

    return await _answer(fmt, request, build)


@router.get("/requests/{service_request_id}.{fmt}", **_DOCUMENT)
async def get_request(service_request_id: PathKey, fmt: PathKey, request: Request) -> Response:
    """One service request, as a list of one (the specification's shape)."""

    async def build(backends: Backends) -> Response:
        found = await _search(
            backends, intake_pb2.ListServiceRequestsRequest(case_nos=[service_request_id[:64]], limit=1)
        )
        if not found:
            raise Open311Error(404, f"service_request_id {service_request_id!r} not found")
        return render(fmt, "service_requests", found)

    return await _answer(fmt, request, build)


@router.get("/tokens/{token}.{fmt}", **_DOCUMENT)
async def get_token(token: PathKey, fmt: PathKey, request: Request) -> Response:
    """The service request a token was issued for."""

    async def build(backends: Backends) -> Response:
        result = await backends.intake.LookupToken(
            intake_pb2.LookupTokenRequest(token=token[:64]), metadata=public_metadata(backends, OPEN311_READER)
        )
        return render(fmt, "service_requests", [{"service_request_id": result.case_no, "token": result.token}])

    return await _answer(fmt, request, build)


@router.get("/discovery.{fmt}", **_DOCUMENT)
async def discovery(fmt: PathKey, request: Request) -> Response:
    """The service discovery document: this one production endpoint and its formats."""

    async def build(backends: Backends) -> Response:
        base = str(request.base_url).rstrip("/") + "/open311/v2/"
        body = {
            "changeset": "2026-11-29T00:00:00+08:00",
            "contact": backends.settings.open311_agency,
            "key_service": "API keys are issued by the subdistrict's street property service center",
            "endpoints": [
                {
                    "specification": "http://wiki.open311.org/GeoReport_v2",
                    "url": base,
                    "changeset": "2026-11-29T00:00:00+08:00",
                    "type": "production",
                    "formats": list(FORMATS.values()),
                }
            ],
        }
        return render(fmt, "discovery", body)

    return await _answer(fmt, request, build)

"""The staff intake form: a caseworker taking a visit, a phone call, a grid inspection or a
petition files the complaint here. As she types, the page shows the category the text suggests
and the open cases it would join (intake's PreviewComplaint); filing goes through the same
FileComplaint and its rules as the API, and a refusal comes back in Chinese naming the field."""

from __future__ import annotations

import secrets
from typing import Annotated, Any

import grpc
from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response
from fengqiao.intake.v1 import intake_pb2

from services.common import scope
from services.gateway.console.i18n import refusal_zh
from services.gateway.console.pages import ConsoleRoute, answered_refusal, error_page
from services.gateway.console.session import Me, language
from services.gateway.deps import BackendsDep, get_caller
from services.gateway.html import render

router = APIRouter(include_in_schema=False, route_class=ConsoleRoute)

# The channels a caseworker takes by hand (residents file online themselves), with their extra fields.
STAFF_CHANNELS = ("visit", "property_hotline", "hotline_12345", "grid_inspection", "petition")
EXTRA = {
    "visit": ("reception_point", "visit_kind"),
    "property_hotline": ("call_id", "company_agent"),
    "hotline_12345": ("hotline_category", "hotline_agent"),
    "grid_inspection": ("grid_code", "inspection_round"),
    "petition": ("petition_office",),
}
Text = Annotated[str, Form(max_length=2000)]
Short = Annotated[str, Form(max_length=200)]


def _form_context(values: dict[str, Any], error: str = "") -> dict[str, Any]:
    return {"channels": STAFF_CHANNELS, "extra": EXTRA, "form": values, "error": error}


@router.get("/console/intake", response_class=HTMLResponse)
async def intake_page(request: Request, backends: BackendsDep, me: Me) -> Response:
    if not scope.may_file(me):
        return error_page(request, 403, "complaints are filed by neighbourhood staff and the centres")
    return render(request, "console/intake.html", _form_context({"key": secrets.token_hex(12), "channel": "visit"}))


@router.post("/console/intake/preview", response_class=HTMLResponse)
async def preview(
    request: Request,
    backends: BackendsDep,
    me: Me,
    community: Short = "",
    address: Short = "",
    category: Short = "",
    content: Text = "",
) -> Response:
    """The htmx fragment under the form: suggestion and duplicate candidates (nothing is written)."""
    if not community.strip():
        return render(request, "console/_intake_preview.html", {"preview": None, "error": ""})
    caller = get_caller(backends, me)
    try:
        found = await backends.intake.PreviewComplaint(
            intake_pb2.PreviewComplaintRequest(
                community=community, address=address, category=category, content=content
            ),
            metadata=caller.metadata,
            timeout=caller.timeout,
        )
    except grpc.aio.AioRpcError as exc:
        detail = answered_refusal(exc, grpc.StatusCode.INVALID_ARGUMENT)
        return render(
            request, "console/_intake_preview.html", {"preview": None, "error": refusal_zh(detail, language(request))}
        )
    return render(request, "console/_intake_preview.html", {"preview": found, "error": ""})


@router.post("/console/intake", response_class=HTMLResponse)
async def file(
    request: Request,
    backends: BackendsDep,
    me: Me,
    key: Annotated[str, Form(max_length=64)],
    channel: Annotated[str, Form(max_length=32)],
    community: Short = "",
    address: Short = "",
    content: Text = "",
    category: Short = "",
    name: Annotated[str, Form(max_length=64)] = "",
    phone: Annotated[str, Form(max_length=32)] = "",
    external_ref: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    form = await request.form()
    values: dict[str, Any] = {
        "key": key, "channel": channel, "community": community, "address": address, "content": content,
        "category": category, "name": name, "phone": phone, "external_ref": external_ref,
    }  # fmt: skip
    fields = {f: str(form.get(f, "")).strip() for f in EXTRA.get(channel, ())}
    values.update(fields)
    lang = language(request)
    if channel not in STAFF_CHANNELS:
        return render(request, "console/intake.html", _form_context(values, refusal_zh("channel", lang)), 422)
    caller = get_caller(backends, me)
    try:
        filed = await backends.intake.FileComplaint(
            intake_pb2.FileComplaintRequest(
                idempotency_key=key,
                channel=channel,
                community=community,
                address=address,
                content=content,
                complainant=intake_pb2.Complainant(name=name, phone=phone),
                category=category,
                external_ref=external_ref,
                channel_fields={k: v for k, v in fields.items() if v},
            ),
            metadata=caller.metadata,
            timeout=caller.timeout,
        )
    except grpc.aio.AioRpcError as exc:
        detail = answered_refusal(exc, grpc.StatusCode.INVALID_ARGUMENT, grpc.StatusCode.ALREADY_EXISTS)
        return render(request, "console/intake.html", _form_context(values, refusal_zh(detail, lang)), 422)
    return render(request, "console/intake_done.html", {"case": filed.case, "complaint": filed.complaint})

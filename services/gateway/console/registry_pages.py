"""The console's registry pages (issue 14): lists with search, the add/edit form of a neighbourhood,
community, company or owners' committee (with its members), retiring, cross-appointments, and the
workbook import and export. Every change goes through routes/registry.py, so the page and the API
write the same audit entries and the service checks the same rules."""

from __future__ import annotations

import re
from typing import Annotated, Any

import grpc
from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError

from services.common.errors import error_details
from services.gateway.console.catalogue import labels
from services.gateway.console.pages import ConsoleRoute, back
from services.gateway.console.session import Me, language
from services.gateway.deps import Backends, BackendsDep, Caller, get_caller
from services.gateway.errors import ApiError
from services.gateway.html import render
from services.gateway.names import load_names
from services.gateway.routes import registry as api
from services.gateway.schemas.registry import AppointmentSave, CommunitySave, OrganisationSave
from services.gateway.uploads import read_upload

router = APIRouter(include_in_schema=False, route_class=ConsoleRoute)

IMPORT_PATH = "/console/registry-import"
KINDS = ("community", "neighbourhood", "property_company", "owners_committee")
KindPath = Annotated[str, Path(pattern="^(community|neighbourhood|property_company|owners_committee)$")]
CodePath = Annotated[str, Path(min_length=1, max_length=32)]
# What each notice after a change says, and the pages' own words: (中文, English).
DONE = labels("registry_done")
WORDS = labels("registry")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _render(request: Request, name: str, context: dict[str, Any], status: int = 200) -> Response:
    lang = language(request)

    def w(key: str) -> str:
        pair = WORDS.get(key, (key, key))
        return pair[1] if lang == "en" else pair[0]

    return render(request, name, context | {"w": w}, status)


def said(message: str, lang: str) -> str:
    """A service's "中文 (English)" refusal in the page's language."""
    zh, sep, en = message.rpartition(" (")
    if not sep or not _CJK.search(zh):
        return message
    return en.rstrip(")") if lang == "en" else zh


def _refusal(exc: grpc.aio.AioRpcError, lang: str) -> tuple[str, str]:
    """(field, words) of a refusal the form shows next to the field; other failures go to the error page."""
    if exc.code() not in (
        grpc.StatusCode.INVALID_ARGUMENT,
        grpc.StatusCode.ALREADY_EXISTS,
        grpc.StatusCode.NOT_FOUND,
        grpc.StatusCode.FAILED_PRECONDITION,
        grpc.StatusCode.PERMISSION_DENIED,
    ):
        raise exc
    return str(error_details(exc).get("field", "")), said(exc.details() or "", lang)


def _invalid(exc: ValidationError) -> tuple[str, str]:
    first = exc.errors()[0]
    field = str(first["loc"][-1]) if first["loc"] else ""
    return field, f"“{field}”填写有误：{first['msg']}" if field else str(first["msg"])


async def _choices(backends: Backends, caller: Caller, kind: str) -> list[dict[str, Any]]:
    return await api.search(backends, caller, kind, "", False)


async def _entry(backends: Backends, caller: Caller, kind: str, code: str) -> dict[str, Any] | None:
    found = await api.search(backends, caller, kind, code, True)
    return next((e for e in found if e["code"] == code), None)


@router.get("/console/registry", response_class=HTMLResponse)
async def registry_list(
    request: Request,
    backends: BackendsDep,
    me: Me,
    kind: Annotated[str, Query(pattern="^(community|neighbourhood|property_company|owners_committee)$")] = "community",
    q: Annotated[str, Query(max_length=64)] = "",
    retired: bool = False,
    done: Annotated[str, Query(max_length=16)] = "",
) -> Response:
    caller = get_caller(backends, me)
    entries = await api.search(backends, caller, kind, q.strip(), retired)
    notice = DONE.get(done, ("", ""))[language(request) == "en"]
    return _render(
        request,
        "console/registry.html",
        {"kind": kind, "kinds": KINDS, "q": q, "retired": retired, "entries": entries, "notice": notice},
    )


async def _form(
    request: Request,
    backends: Backends,
    me: Any,
    kind: str,
    entry: dict[str, Any] | None,
    *,
    error: tuple[str, str] = ("", ""),
    status: int = 200,
    notice: str = "",
    post_form: dict[str, str] | None = None,
) -> Response:
    caller = get_caller(backends, me)
    context: dict[str, Any] = {"kind": kind, "entry": entry, "error_field": error[0], "error": error[1]}
    context["post_form"] = post_form or {}
    context["notice"] = DONE.get(notice, ("", ""))[language(request) == "en"]
    if kind == "community":
        context["neighbourhoods"] = await _choices(backends, caller, "neighbourhood")
        context["companies"] = await _choices(backends, caller, "property_company")
    elif kind == "owners_committee":
        context["communities"] = await _choices(backends, caller, "community")
    if entry is not None and "subdistrict_code" in entry and kind != "community":
        context["members"] = await api.appointments(backends, caller, entry["code"], True)
    return _render(request, "console/registry_edit.html", context, status)


@router.get("/console/registry/{kind}/new", response_class=HTMLResponse)
async def new_entry(request: Request, kind: KindPath, backends: BackendsDep, me: Me) -> Response:
    return await _form(request, backends, me, kind, {"new": True, "kind": kind})


@router.get("/console/registry/{kind}/{code}", response_class=HTMLResponse)
async def edit_entry(
    request: Request,
    kind: KindPath,
    code: CodePath,
    backends: BackendsDep,
    me: Me,
    done: Annotated[str, Query(max_length=16)] = "",
) -> Response:
    entry = await _entry(backends, get_caller(backends, me), kind, code)
    if entry is None:
        raise ApiError(404, "not_found", f"名录中没有 {code}")
    return await _form(request, backends, me, kind, entry, notice=done)


def _typed(kind: str, form: dict[str, str]) -> OrganisationSave | CommunitySave:
    if kind == "community":
        counts = {f: int(form.get(f) or 0) for f in ("households", "residents", "buildings")}
        return CommunitySave(
            name=form.get("name", ""),
            neighbourhood_code=form.get("neighbourhood_code", ""),
            company_code=form.get("company_code", ""),
            is_old=form.get("is_old") == "on",
            **counts,
        )
    return OrganisationSave.model_validate(
        {"kind": kind, "name": form.get("name", ""), "parent_code": form.get("parent_code", "")}
    )


@router.post("/console/registry/{kind}", response_class=HTMLResponse)
async def save_entry(request: Request, kind: KindPath, backends: BackendsDep, me: Me) -> Response:
    """Adds (the form's `create`) or edits an entry; a refusal shows the form again, next to the field."""
    form = {k: str(v) for k, v in (await request.form()).items()}
    create = form.get("create") == "1"
    code = form.get("code", "").strip()
    caller = get_caller(backends, me)
    shown = form | {"kind": kind, "new": create, "community": _community_facts(form)}
    try:
        body = _typed(kind, form)
        if isinstance(body, CommunitySave):
            saved = await api.save_community(request, backends, caller, code, body, create=create)
        else:
            saved = await api.save_organisation(request, backends, caller, code, body, create=create)
    except ValidationError as exc:
        return await _form(request, backends, me, kind, shown, error=_invalid(exc), status=422)
    except ValueError:
        return await _form(request, backends, me, kind, shown, error=("households", "数量请填写整数"), status=422)
    except grpc.aio.AioRpcError as exc:
        return await _form(request, backends, me, kind, shown, error=_refusal(exc, language(request)), status=422)
    done = "created" if create else "saved" if saved["changes"] else "unchanged"
    return back(f"/console/registry/{kind}/{saved['code']}", done=done)


def _community_facts(form: dict[str, str]) -> dict[str, Any]:
    return {
        "company_code": form.get("company_code", ""),
        "households": form.get("households", ""),
        "residents": form.get("residents", ""),
        "buildings": form.get("buildings", ""),
        "is_old": form.get("is_old") == "on",
    }


@router.post("/console/registry/{kind}/{code}/retire", response_class=HTMLResponse)
async def retire_entry(request: Request, kind: KindPath, code: CodePath, backends: BackendsDep, me: Me) -> Response:
    caller = get_caller(backends, me)
    try:
        await api.retire(request, backends, caller, code)
    except grpc.aio.AioRpcError as exc:
        entry = await _entry(backends, caller, kind, code)
        return await _form(request, backends, me, kind, entry, error=_refusal(exc, language(request)), status=409)
    return back(f"/console/registry/{kind}/{code}", done="retired")


@router.post("/console/registry/appointments/save", response_class=HTMLResponse)
async def save_member(request: Request, backends: BackendsDep, me: Me) -> Response:
    """Adds or edits a post; back to the organisation's page, or to the cross-appointments."""
    form = {k: str(v) for k, v in (await request.form()).items()}
    caller = get_caller(backends, me)
    org_code, person_id = form.get("org_code", "").strip(), form.get("person_id", "").strip()
    return_to = form.get("return_kind", "")
    try:
        body = AppointmentSave(
            person_name=form.get("person_name", ""),
            is_party_member=form.get("is_party_member") == "on",
            post=form.get("post", ""),
            starts_on=form.get("starts_on", ""),
            ends_on=form.get("ends_on", ""),
        )
        await api.save_appointment(request, backends, caller, person_id or "-", org_code or "-", body)
    except (ValidationError, grpc.aio.AioRpcError) as exc:
        error = _invalid(exc) if isinstance(exc, ValidationError) else _refusal(exc, language(request))
        if return_to in KINDS:
            entry = await _entry(backends, caller, return_to, org_code)
            return await _form(request, backends, me, return_to, entry, error=error, status=422, post_form=form)
        return await _cross(request, backends, me, error=error, form=form, status=422)
    if return_to in KINDS:
        return back(f"/console/registry/{return_to}/{org_code}", done="member")
    return back("/console/registry-cross", done="member")


async def _cross(
    request: Request,
    backends: Backends,
    me: Any,
    *,
    error: tuple[str, str] = ("", ""),
    form: dict[str, str] | None = None,
    status: int = 200,
    notice: str = "",
) -> Response:
    posts = await api.appointments(backends, get_caller(backends, me), "", False)
    people: dict[str, list[dict[str, Any]]] = {}
    for post in posts:
        people.setdefault(post["person_id"], []).append(post)
    context = {
        "people": people,
        "error_field": error[0],
        "error": error[1],
        "form": form or {},
        "notice": DONE.get(notice, ("", ""))[language(request) == "en"],
    }
    return _render(request, "console/registry_cross.html", context, status)


@router.get("/console/registry-cross", response_class=HTMLResponse)
async def cross_appointments(
    request: Request, backends: BackendsDep, me: Me, done: Annotated[str, Query(max_length=16)] = ""
) -> Response:
    return await _cross(request, backends, me, notice=done)


@router.post(IMPORT_PATH, response_class=HTMLResponse)
async def import_page(request: Request, backends: BackendsDep, me: Me) -> Response:
    """Loads the uploaded workbook; the result or the row at fault shown on the list page."""
    caller = get_caller(backends, me)
    lang = language(request)
    context: dict[str, Any] = {"kind": "community", "kinds": KINDS, "q": "", "retired": False, "notice": ""}
    try:
        upload = await read_upload(request, backends.settings.max_upload_bytes)
        context["loaded"] = await api.import_workbook(request, backends, caller, upload.content)
        await load_names(request)  # this page lists what was just loaded, by name
        status = 200
    except ApiError as exc:
        context["import_error"], status = said(exc.message, lang), exc.status
    except grpc.aio.AioRpcError as exc:
        context["import_error"], status = _refusal(exc, lang)[1], 422
    context["entries"] = await api.search(backends, caller, "community", "", False)
    return _render(request, "console/registry.html", context, status)


@router.get("/console/registry-export")
async def export_page(backends: BackendsDep, me: Me) -> Response:
    content = await api.export_workbook(backends, get_caller(backends, me))
    return Response(
        content, media_type=api.XLSX, headers={"Content-Disposition": 'attachment; filename="registry.xlsx"'}
    )

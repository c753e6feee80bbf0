"""Registry management (issue 14): list, search, add, edit and retire neighbourhoods, communities,
companies and owners' committees; the posts people hold (cross-appointments); Excel in and out.

The evaluation service's RegistryAdminService checks who may change which subdistrict and every
rule; this edge keeps the HTTP shapes, writes the audit entries and drops the gateway's cached
names so the next page shows the change. The console pages call the same functions."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response
from fengqiao.evaluation.v1 import registry_admin_pb2 as pb
from fengqiao.evaluation.v1 import registry_admin_pb2_grpc

from services.gateway import audit
from services.gateway.deps import Backends, BackendsDep, Caller, CallerDep
from services.gateway.errors import ApiError
from services.gateway.names import forget_names
from services.gateway.schemas.common import SIGNED_IN, refusals
from services.gateway.schemas.registry import (
    AppointmentListPublic,
    AppointmentPublic,
    AppointmentSave,
    CommunityCreate,
    CommunitySave,
    EntryKind,
    OrganisationCreate,
    OrganisationSave,
    RegistryImportPublic,
    RegistryListPublic,
    RegistrySaved,
)
from services.gateway.uploads import read_upload

router = APIRouter(prefix="/api/v1/registry", tags=["registry"])

IMPORT_PATH = "/api/v1/registry/import"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_KINDS: dict[str, pb.RegistryKind] = {
    "neighbourhood": pb.REGISTRY_KIND_NEIGHBOURHOOD,
    "community": pb.REGISTRY_KIND_COMMUNITY,
    "property_company": pb.REGISTRY_KIND_PROPERTY_COMPANY,
    "owners_committee": pb.REGISTRY_KIND_OWNERS_COMMITTEE,
}
_KIND_NAMES = {v: k for k, v in _KINDS.items()}
RegistryCode = Annotated[str, Path(min_length=1, max_length=32)]


def stub(backends: Backends) -> registry_admin_pb2_grpc.RegistryAdminServiceStub:
    if backends.registry_admin is None:
        raise ApiError(503, "unavailable", "registry management is not connected")
    return backends.registry_admin


def entry_json(entry: pb.RegistryEntry) -> dict[str, Any]:
    body: dict[str, Any] = {
        "kind": _KIND_NAMES.get(entry.kind, ""),
        "code": entry.code,
        "name": entry.name,
        "parent_code": entry.parent_code,
        "subdistrict_code": entry.subdistrict_code,
        "retired_at": entry.retired_at,
    }
    if entry.HasField("community"):
        c = entry.community
        status = {1: "UNMANAGED", 2: "TAKEN_OVER", 3: "WELL_MANAGED"}.get(c.management_status, "")
        body["community"] = {
            "company_code": c.company_code,
            "households": c.households,
            "residents": c.residents,
            "buildings": c.buildings,
            "is_old": c.is_old,
            "management_status": status,
        }
    return body


def appointment_json(a: pb.Appointment) -> dict[str, Any]:
    fields = ("person_id", "person_name", "is_party_member", "org_code", "org_name", "org_kind", "post")
    return {f: getattr(a, f) for f in fields} | {"starts_on": a.starts_on, "ends_on": a.ends_on}


async def _audited(request: Request, backends: Backends, caller: Caller, action: str, target: str, detail: Any) -> None:
    forget_names(request)
    await audit.append(backends.db, actor=caller.identity.subject, action=action, target=target, detail=detail)


async def search(backends: Backends, caller: Caller, kind: str, q: str, include_retired: bool) -> list[dict[str, Any]]:
    reply = await stub(backends).SearchRegistry(
        pb.SearchRegistryRequest(kind=_KINDS[kind], query=q, include_retired=include_retired),
        metadata=caller.metadata,
        timeout=caller.timeout,
    )
    return [entry_json(e) for e in reply.entries]


async def save_organisation(
    request: Request, backends: Backends, caller: Caller, code: str, body: OrganisationSave, *, create: bool
) -> dict[str, Any]:
    reply = await stub(backends).SaveOrganisation(
        pb.SaveOrganisationRequest(
            kind=_KINDS[body.kind], code=code, name=body.name, parent_code=body.parent_code, create=create
        ),
        metadata=caller.metadata,
        timeout=caller.timeout,
    )
    changes = json.loads(reply.changes_json or "{}")
    if changes:
        action = "registry.create" if create else "registry.edit"
        await _audited(request, backends, caller, action, code, {"kind": body.kind, "changes": changes})
    return entry_json(reply.entry) | {"changes": changes}


async def save_community(
    request: Request, backends: Backends, caller: Caller, code: str, body: CommunitySave, *, create: bool
) -> dict[str, Any]:
    reply = await stub(backends).SaveCommunity(
        pb.SaveCommunityRequest(code=code, create=create, **body.model_dump(exclude={"code"})),
        metadata=caller.metadata,
        timeout=caller.timeout,
    )
    changes = json.loads(reply.changes_json or "{}")
    if changes:
        action = "registry.create" if create else "registry.edit"
        await _audited(request, backends, caller, action, code, {"kind": "community", "changes": changes})
    return entry_json(reply.entry) | {"changes": changes}


async def retire(request: Request, backends: Backends, caller: Caller, code: str) -> dict[str, Any]:
    reply = await stub(backends).Retire(pb.RetireRequest(code=code), metadata=caller.metadata, timeout=caller.timeout)
    if not reply.replayed:
        kind = _KIND_NAMES.get(reply.entry.kind, "")
        await _audited(request, backends, caller, "registry.retire", code, {"kind": kind, "name": reply.entry.name})
    return entry_json(reply.entry) | {
        "changes": {} if reply.replayed else {"retired_at": [None, reply.entry.retired_at]}
    }


async def appointments(backends: Backends, caller: Caller, org_code: str, include_ended: bool) -> list[dict[str, Any]]:
    reply = await stub(backends).ListAppointments(
        pb.ListAppointmentsRequest(org_code=org_code, include_ended=include_ended),
        metadata=caller.metadata,
        timeout=caller.timeout,
    )
    return [appointment_json(a) for a in reply.appointments]


async def save_appointment(
    request: Request, backends: Backends, caller: Caller, person_id: str, org_code: str, body: AppointmentSave
) -> dict[str, Any]:
    reply = await stub(backends).SaveAppointment(
        pb.SaveAppointmentRequest(person_id=person_id, org_code=org_code, **body.model_dump()),
        metadata=caller.metadata,
        timeout=caller.timeout,
    )
    saved = appointment_json(reply.appointment)
    await _audited(request, backends, caller, "registry.appointment", f"{person_id}@{org_code}", saved)
    return saved


async def import_workbook(request: Request, backends: Backends, caller: Caller, content: bytes) -> dict[str, Any]:
    reply = await stub(backends).ImportRegistry(
        pb.ImportRegistryRequest(workbook=content), metadata=caller.metadata, timeout=max(caller.timeout, 60.0)
    )
    counts = {
        f: getattr(reply, f) for f in ("neighbourhoods", "companies", "communities", "committees", "appointments")
    }
    await _audited(request, backends, caller, "registry.import", f"{len(content)} bytes", counts)
    return counts


async def export_workbook(backends: Backends, caller: Caller) -> bytes:
    reply = await stub(backends).ExportRegistry(
        pb.ExportRegistryRequest(), metadata=caller.metadata, timeout=max(caller.timeout, 60.0)
    )
    return reply.workbook


@router.get("", response_model=RegistryListPublic, responses=refusals(*SIGNED_IN))
async def list_entries(
    backends: BackendsDep,
    caller: CallerDep,
    kind: Annotated[EntryKind, Query(description="which part of the registry")],
    q: Annotated[str, Query(max_length=64, description="part of a code or name")] = "",
    include_retired: bool = False,
) -> dict[str, Any]:
    """Registry entries of one kind in the caller's subdistricts (district center, admin: all)."""
    return {"entries": await search(backends, caller, kind, q, include_retired)}


@router.post("/organisations", status_code=201, response_model=RegistrySaved, responses=refusals(*SIGNED_IN, 404, 409))
async def create_organisation(
    request: Request, body: OrganisationCreate, backends: BackendsDep, caller: CallerDep
) -> dict[str, Any]:
    """Adds a neighbourhood, property company or owners' committee; 409 when the code is taken."""
    return await save_organisation(request, backends, caller, body.code, body, create=True)


@router.put("/organisations/{code}", response_model=RegistrySaved, responses=refusals(*SIGNED_IN, 404, 409))
async def edit_organisation(
    request: Request, code: RegistryCode, body: OrganisationSave, backends: BackendsDep, caller: CallerDep
) -> dict[str, Any]:
    return await save_organisation(request, backends, caller, code, body, create=False)


@router.post("/communities", status_code=201, response_model=RegistrySaved, responses=refusals(*SIGNED_IN, 404, 409))
async def create_community(
    request: Request, body: CommunityCreate, backends: BackendsDep, caller: CallerDep
) -> dict[str, Any]:
    """Adds a community to a neighbourhood; 409 when the code or the name is taken."""
    return await save_community(request, backends, caller, body.code, body, create=True)


@router.put("/communities/{code}", response_model=RegistrySaved, responses=refusals(*SIGNED_IN, 404, 409))
async def edit_community(
    request: Request, code: RegistryCode, body: CommunitySave, backends: BackendsDep, caller: CallerDep
) -> dict[str, Any]:
    """Edits a community; a neighbourhood of another subdistrict is refused (422, neighbourhood_code)."""
    return await save_community(request, backends, caller, code, body, create=False)


@router.post("/entries/{code}/retire", response_model=RegistrySaved, responses=refusals(*SIGNED_IN, 404, 409))
async def retire_entry(
    request: Request, code: RegistryCode, backends: BackendsDep, caller: CallerDep
) -> dict[str, Any]:
    """Retires a community, neighbourhood, company or committee: kept for old cases, never picked
    for new work. Idempotent; a neighbourhood with communities in service is refused (409)."""
    return await retire(request, backends, caller, code)


@router.get("/appointments", response_model=AppointmentListPublic, responses=refusals(*SIGNED_IN))
async def list_appointments(
    backends: BackendsDep,
    caller: CallerDep,
    org_code: Annotated[
        str, Query(max_length=32, description="one organisation's members; empty: cross-appointments")
    ] = "",
    include_ended: bool = False,
) -> dict[str, Any]:
    return {"appointments": await appointments(backends, caller, org_code, include_ended)}


@router.put(
    "/appointments/{person_id}/{org_code}", response_model=AppointmentPublic, responses=refusals(*SIGNED_IN, 404, 409)
)
async def put_appointment(
    request: Request,
    person_id: RegistryCode,
    org_code: RegistryCode,
    body: AppointmentSave,
    backends: BackendsDep,
    caller: CallerDep,
) -> dict[str, Any]:
    """Adds or edits a person's post in an organisation, with its dates (ends_on ≥ starts_on)."""
    return await save_appointment(request, backends, caller, person_id, org_code, body)


_IMPORT_BODY = {
    "content": {
        "multipart/form-data": {
            "schema": {"type": "object", "properties": {"file": {"type": "string", "format": "binary"}}}
        },
        XLSX: {"schema": {"type": "string", "format": "binary"}},
    },
    "required": True,
}


@router.post(
    "/import",
    response_model=RegistryImportPublic,
    responses=refusals(*SIGNED_IN, 409, 413),
    openapi_extra={"requestBody": _IMPORT_BODY},
)
async def import_registry(request: Request, backends: BackendsDep, caller: CallerDep) -> dict[str, Any]:
    """Loads a workbook (the sheets the export writes: 社区, 物业企业, 小区, 业委会, 任职): a new code
    is added, a known one edited, all in one transaction. A bad row is 422 naming its sheet, row
    and column, and nothing is written."""
    upload = await read_upload(request, backends.settings.max_upload_bytes)
    return await import_workbook(request, backends, caller, upload.content)


_EXPORT_ANSWER: dict[int | str, dict[str, Any]] = {200: {"content": {XLSX: {}}, "description": "the workbook"}}


@router.get(
    "/export",
    response_class=Response,
    responses=_EXPORT_ANSWER | refusals(*SIGNED_IN),
)
async def export_registry(backends: BackendsDep, caller: CallerDep) -> Response:
    """The caller's registry in service as a workbook the import takes back."""
    content = await export_workbook(backends, caller)
    return Response(content, media_type=XLSX, headers={"Content-Disposition": 'attachment; filename="registry.xlsx"'})

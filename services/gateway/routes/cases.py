"""Complaints in, cases out."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Response
from fengqiao.intake.v1 import intake_pb2
from google.protobuf.timestamp_pb2 import Timestamp

from services.gateway import audit
from services.gateway.deps import BackendsDep, CallerDep
from services.gateway.errors import ApiError
from services.gateway.schemas.cases import (
    CaseDetailPublic,
    CaseListPublic,
    ComplaintCreate,
    ComplaintReceipt,
    PersonalDataPublic,
)
from services.gateway.schemas.common import SIGNED_IN, PageSize, PageToken, PathKey, refusals
from services.gateway.views import as_dict, case_json, personal_data_json

router = APIRouter(prefix="/api/v1", tags=["cases"])


@router.post(
    "/complaints",
    status_code=201,
    response_model=ComplaintReceipt,
    response_model_exclude_unset=True,
    responses=refusals(*SIGNED_IN, 409, 413),
)
async def file_complaint(
    body: ComplaintCreate,
    backends: BackendsDep,
    caller: CallerDep,
    response: Response,
    idempotency_key: Annotated[str | None, Header(alias="Idempotency-Key", max_length=128)] = None,
) -> dict[str, Any]:
    """Files a complaint. The same `Idempotency-Key` with the same body returns the same case
    (header `Idempotent-Replayed: true`); with a different body it is a 409. A complaint about the
    same community, building and category as an open case joins it (`joined_existing`), with its
    own receipt number."""
    extra = body.model_extra or {}
    channel_fields: dict[str, str] = {}
    for name, value in extra.items():
        if not isinstance(value, str):
            raise ApiError(422, "invalid_argument", f"{name}: channel fields are text", {"field": name, "problems": []})
        channel_fields[name] = value
    result = await backends.intake.FileComplaint(
        intake_pb2.FileComplaintRequest(
            idempotency_key=idempotency_key or "",
            channel=body.channel,
            community=body.community,
            address=body.address,
            content=body.content,
            complainant=intake_pb2.Complainant(name=body.complainant.name, phone=body.complainant.phone),
            category=body.category or "",
            external_ref=body.external_ref or "",
            location=intake_pb2.Location(latitude=body.location.latitude, longitude=body.location.longitude)
            if body.location
            else None,
            photos=[
                intake_pb2.PhotoMetadata(
                    file_name=p.file_name,
                    sha256=p.sha256,
                    size_bytes=p.size_bytes,
                    content_type=p.content_type,
                    taken_at=_stamp(p.taken_at) if p.taken_at else None,
                )
                for p in body.photos
            ],
            building=body.building or 0,
            received_at=_stamp(body.received_at) if body.received_at else None,
            channel_fields=channel_fields,
        ),
        metadata=caller.metadata,
        timeout=caller.timeout,
    )
    if result.replayed:
        response.headers["Idempotent-Replayed"] = "true"
    case = case_json(result.case)
    complaint = as_dict(result.complaint)
    # The receipt is this complaint's: a complaint that joined an open case has its own.
    return {
        "case_no": case["case_no"],
        "receipt_no": complaint["receipt_no"],
        "status": case["status"],
        "joined_existing": complaint["joined_existing"],
        "notice": complaint["notice"],
        "complaint": complaint,
        "case": case,
    }


def _stamp(value: datetime) -> Timestamp:
    if value.tzinfo is None:
        raise ApiError(422, "invalid_argument", "times need a time zone, e.g. +08:00", {"field": "received_at"})
    stamp = Timestamp()
    stamp.FromDatetime(value.astimezone(UTC))
    return stamp


@router.get("/cases", response_model=CaseListPublic, response_model_exclude_unset=True, responses=refusals(*SIGNED_IN))
async def list_cases(
    backends: BackendsDep,
    caller: CallerDep,
    status: Annotated[str, Query(max_length=16)] = "",
    page_size: PageSize = 50,
    page_token: PageToken = "",
) -> dict[str, Any]:
    """Cases in the caller's scope, newest first."""
    result = await backends.intake.ListCases(
        intake_pb2.ListCasesRequest(status=status, page_size=page_size, page_token=page_token),
        metadata=caller.metadata,
        timeout=caller.timeout,
    )
    return {"cases": [case_json(c) for c in result.cases], "next_page_token": result.next_page_token}


@router.get(
    "/cases/{case_no}",
    response_model=CaseDetailPublic,
    response_model_exclude_unset=True,
    responses=refusals(*SIGNED_IN, 404),
)
async def get_case(
    case_no: PathKey, backends: BackendsDep, caller: CallerDep, timeline_page_token: PageToken = ""
) -> dict[str, Any]:
    """One case with its status and the newest 200 entries of its timeline (oldest first); the
    earlier ones a page at a time with `timeline_page_token`."""
    result = await backends.intake.GetCase(
        intake_pb2.GetCaseRequest(case_no=case_no, timeline_page_token=timeline_page_token),
        metadata=caller.metadata,
        timeout=caller.timeout,
    )
    body = case_json(result.case)
    body["timeline"] = [as_dict(e) for e in result.timeline]
    body["timeline_next_page_token"] = result.timeline_next_page_token
    body["timeline_total"] = result.timeline_total
    return body


@router.post("/cases/{case_no}/reveal", response_model=PersonalDataPublic, responses=refusals(*SIGNED_IN, 404))
async def reveal_personal_data(case_no: PathKey, backends: BackendsDep, caller: CallerDep) -> dict[str, Any]:
    """The complainant's name, phone and address in clear, for the staff who own the case only.
    Every reveal is written to the audit trail before the answer leaves."""
    result = await backends.intake.GetCase(
        intake_pb2.GetCaseRequest(case_no=case_no), metadata=caller.metadata, timeout=caller.timeout
    )
    if result.case.personal_data_masked:
        raise ApiError(403, "permission_denied", "only the staff who handle this case may see its personal data")
    await audit.record(backends.db, caller.identity, audit.REVEAL_PERSONAL_DATA, case_no)
    return personal_data_json(result.case)

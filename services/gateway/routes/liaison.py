"""REST for court and police liaison systems (DESIGN.md stable paths), authenticated by X-API-Key.
The same LiaisonService as on the gateway's public gRPC port, as JSON."""

from __future__ import annotations

import logging
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Security
from fastapi.security import APIKeyHeader
from fengqiao.mediation.v1 import liaison_pb2
from google.protobuf.json_format import MessageToDict
from pydantic import BaseModel, ConfigDict, Field

from contracts.professional import RESULT_KINDS
from services.common.logging import request_id_var
from services.gateway.api_keys import LIAISON, identity_for_key
from services.gateway.deps import BackendsDep, Caller
from services.gateway.errors import ApiError

log = logging.getLogger("fengqiao.gateway.liaison")

router = APIRouter(prefix="/api/v1/liaison", tags=["liaison"])
api_key_header = APIKeyHeader(name="X-API-Key", auto_error=False, description="The liaison organisation's API key")

ResultKind = Literal[
    "judicial_confirmation_applied",
    "judicial_confirmation_accepted",
    "judicial_confirmation_valid",
    "judicial_confirmation_invalid",
    "case_filed",
    "police_result",
    "declined",
]
assert set(ResultKind.__args__) == set(RESULT_KINDS)  # type: ignore[attr-defined]


async def liaison_caller(backends: BackendsDep, key: Annotated[str | None, Security(api_key_header)]) -> Caller:
    development = backends.settings.environment == "development"
    identity = await identity_for_key(backends.db, key or "", LIAISON, development=development)
    if identity is None:
        log.warning("liaison call refused: X-API-Key missing or invalid")
        raise ApiError(401, "unauthenticated", "X-API-Key is missing or not a valid liaison key")
    return Caller(
        identity=identity,
        metadata=backends.caller_metadata(identity, request_id_var.get()),
        timeout=backends.settings.rpc_timeout_seconds,
    )


LiaisonCaller = Annotated[Caller, Depends(liaison_caller)]


class ResultIn(BaseModel):
    """One result for a referral. `message_id` is yours, unique per result: sending the same id
    and body again returns the stored answer (`replayed: true`); the same id with another body is 409."""

    model_config = ConfigDict(extra="forbid")

    message_id: str = Field(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9._:-]+$")
    referral_id: str = Field(min_length=1, max_length=120, pattern=r"^[A-Za-z0-9._:-]+$")
    kind: ResultKind
    reference_no: str = Field(
        default="", max_length=64, description="（2026）晋0403民初123号 or J140403010000202611290012"
    )
    outcome: str = Field(default="", max_length=40, description="police results only")
    reason: str = Field(default="", max_length=1000, description="required when declining")


def _json(message: Any) -> dict[str, Any]:
    return MessageToDict(message, preserving_proto_field_name=True, always_print_fields_with_no_presence=True)


def _referral(r: liaison_pb2.Referral) -> dict[str, Any]:
    out = _json(r)
    out["allowed_kinds"] = [
        liaison_pb2.LiaisonResultKind.Name(k).removeprefix("LIAISON_RESULT_KIND_").lower() for k in r.allowed_kinds
    ]
    return out


@router.get("/referrals")
async def list_referrals(
    backends: BackendsDep,
    caller: LiaisonCaller,
    page_size: Annotated[int, Query(ge=1, le=200)] = 50,
    page_token: Annotated[str, Query(max_length=512)] = "",
) -> dict[str, Any]:
    """Referrals waiting for your organisation, oldest first, one page at a time."""
    reply = await backends.liaison.ListReferrals(
        liaison_pb2.ListReferralsRequest(page_size=page_size, page_token=page_token),
        metadata=caller.metadata,
        timeout=caller.timeout,
    )
    return {"referrals": [_referral(r) for r in reply.referrals], "next_page_token": reply.next_page_token}


@router.get("/referrals/{referral_id}")
async def get_referral(
    referral_id: Annotated[str, Path(min_length=1, max_length=120, pattern=r"^[A-Za-z0-9._:-]+$")],
    backends: BackendsDep,
    caller: LiaisonCaller,
) -> dict[str, Any]:
    """One referral package: summary, parties (names and roles only), agreement text, documents."""
    reply = await backends.liaison.GetReferral(
        liaison_pb2.GetReferralRequest(referral_id=referral_id), metadata=caller.metadata, timeout=caller.timeout
    )
    return {
        "referral": _referral(reply.referral),
        "agreement_text": reply.agreement_text,
        "documents": list(reply.documents),
        "parties": [{"role": p.role, "name": p.name} for p in reply.parties],
        "case_status": reply.case_status,
    }


@router.post("/results")
async def submit_result(body: ResultIn, backends: BackendsDep, caller: LiaisonCaller) -> dict[str, Any]:
    """A result for a referral to your organisation. 422 malformed (the field is named), 403 not
    referred to you, 409 a message_id reused with another body or a referral that takes no more
    results (the message gives the case's state)."""
    reply = await backends.liaison.SubmitResult(
        liaison_pb2.SubmitResultRequest(
            message_id=body.message_id,
            referral_id=body.referral_id,
            kind="LIAISON_RESULT_KIND_" + body.kind.upper(),
            reference_no=body.reference_no,
            outcome=body.outcome,
            reason=body.reason,
        ),
        metadata=caller.metadata,
        timeout=caller.timeout,
    )
    return _json(reply)

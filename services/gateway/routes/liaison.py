"""REST for court and police liaison systems (DESIGN.md stable paths), authenticated by X-API-Key.
The same LiaisonService as on the gateway's public gRPC port, as JSON."""

from __future__ import annotations

import logging
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Security
from fastapi.security import APIKeyHeader
from fengqiao.mediation.v1 import liaison_pb2

from contracts.professional import result_kind_name, result_kind_value
from services.common.logging import request_id_var
from services.common.messages import message_from
from services.gateway.api_keys import LIAISON, identity_for_key
from services.gateway.deps import BackendsDep, Caller
from services.gateway.errors import ApiError
from services.gateway.schemas.common import PageSize, PageToken, refusals
from services.gateway.schemas.liaison import ReferralPackage, ReferralPage, ResultCreate, ResultReceipt
from services.gateway.views import as_dict

log = logging.getLogger("fengqiao.gateway.liaison")

router = APIRouter(prefix="/api/v1/liaison", tags=["liaison"])
# What every call with a liaison key can answer: a missing, invalid or foreign key, a bad field.
_KEYED = (401, 403, 422, 429, 503)
_REFUSALS = refusals(*_KEYED)
api_key_header = APIKeyHeader(name="X-API-Key", auto_error=False, description="The liaison organisation's API key")


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


def _referral(r: liaison_pb2.Referral) -> dict[str, Any]:
    out = as_dict(r)
    out["allowed_kinds"] = [result_kind_name(k) for k in r.allowed_kinds]
    return out


@router.get("/referrals", response_model=ReferralPage, response_model_exclude_unset=True, responses=_REFUSALS)
async def list_referrals(
    backends: BackendsDep,
    caller: LiaisonCaller,
    page_size: PageSize = 50,
    page_token: PageToken = "",
) -> dict[str, Any]:
    """Referrals waiting for your organisation, oldest first, one page at a time."""
    reply = await backends.liaison.ListReferrals(
        liaison_pb2.ListReferralsRequest(page_size=page_size, page_token=page_token),
        metadata=caller.metadata,
        timeout=caller.timeout,
    )
    return {"referrals": [_referral(r) for r in reply.referrals], "next_page_token": reply.next_page_token}


@router.get(
    "/referrals/{referral_id}",
    response_model=ReferralPackage,
    response_model_exclude_unset=True,
    responses=refusals(*_KEYED, 404),
)
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


@router.post(
    "/results",
    response_model=ResultReceipt,
    response_model_exclude_unset=True,
    responses=refusals(*_KEYED, 404, 409, 413),
)
async def submit_result(body: ResultCreate, backends: BackendsDep, caller: LiaisonCaller) -> dict[str, Any]:
    """A result for a referral to your organisation. 422 malformed (the field is named), 403 not
    referred to you, 409 a message_id reused with another body or a referral that takes no more
    results (the message gives the case's state)."""
    reply = await backends.liaison.SubmitResult(
        message_from(liaison_pb2.SubmitResultRequest, body, kind=result_kind_value(body.kind)),
        metadata=caller.metadata,
        timeout=caller.timeout,
    )
    return as_dict(reply)

"""Takeover bundles ("1+N"): the companies the street centre may choose, proposing a bundle (the
evaluation service refuses a black-listed company and starts TakeoverWorkflow), and following it.
Each handover is a task in the lead company's inbox, the acceptance one in the street centre's."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Response
from fengqiao.evaluation.v1 import registry_pb2, takeover_pb2

from services.common.messages import message_from
from services.gateway import audit
from services.gateway.deps import Backends, BackendsDep, Caller, CallerDep
from services.gateway.errors import ApiError
from services.gateway.schemas.common import SIGNED_IN, refusals
from services.gateway.schemas.takeovers import (
    BUNDLE_ID,
    SuggestedCompanies,
    TakeoverCreate,
    TakeoverList,
    TakeoverPublic,
    TakeoverStarted,
)
from services.gateway.views import as_dict

router = APIRouter(prefix="/api/v1", tags=["takeovers"])
Subdistrict = Annotated[str, Query(max_length=32, pattern=r"^[A-Z0-9-]+$")]


@router.get("/takeovers/companies", response_model=SuggestedCompanies, responses=refusals(*SIGNED_IN))
async def suggested_companies(
    backends: BackendsDep, caller: CallerDep, subdistrict: Subdistrict = ""
) -> dict[str, Any]:
    """Companies that may lead a bundle: red list first, then the latest score; never a black-listed one."""
    found = await backends.registry.SuggestTakeoverCompanies(
        registry_pb2.SuggestTakeoverCompaniesRequest(subdistrict_code=subdistrict),
        metadata=caller.metadata,
        timeout=caller.timeout,
    )
    return {"companies": [as_dict(c) for c in found.companies]}


async def start(
    backends: Backends, caller: Caller, request: registry_pb2.StartTakeoverRequest, response: Response | None
) -> registry_pb2.StartTakeoverResponse:
    """Proposes a bundle and audits the start: the API and the console's proposal form both come
    here (a console form has no `response`: it redirects instead)."""
    started = await backends.registry.StartTakeover(request, metadata=caller.metadata, timeout=caller.timeout)
    await audit.record_start(
        backends.db,
        response,
        started.replayed,
        actor=caller.identity.subject,
        action="takeover.start",
        target=request.bundle_id,
        detail={"lead": request.lead_company_code, "communities": list(request.community_codes)},
    )
    return started


@router.post(
    "/takeovers",
    status_code=201,
    response_model=TakeoverStarted,
    responses=refusals(*SIGNED_IN, 404, 409, 413)
    | {200: {"model": TakeoverStarted, "description": "Already proposed (Idempotent-Replayed: true)"}},
)
async def propose_takeover(
    body: TakeoverCreate, backends: BackendsDep, caller: CallerDep, response: Response
) -> dict[str, Any]:
    """The street centre proposes a bundle: one lead company, N old communities. A black-listed
    company, a community managed by another company or already in a bundle is a 422 naming the field;
    a bundle id already used for another proposal is a 409."""
    started = await start(backends, caller, message_from(registry_pb2.StartTakeoverRequest, body), response)
    return {"bundle_id": started.bundle_id, "workflow_id": started.workflow_id, "replayed": started.replayed}


async def list_bundles(backends: BackendsDep, caller: CallerDep, bundle_id: str = "") -> list[dict[str, Any]]:
    found = await backends.takeovers.ListTakeovers(
        takeover_pb2.ListTakeoversRequest(bundle_id=bundle_id), metadata=caller.metadata, timeout=caller.timeout
    )
    return [as_dict(b) for b in found.bundles]


@router.get("/takeovers", response_model=TakeoverList, responses=refusals(*SIGNED_IN))
async def takeovers(backends: BackendsDep, caller: CallerDep) -> dict[str, Any]:
    """Bundles, newest first, each community's step: the centres see all, a company its own."""
    return {"bundles": await list_bundles(backends, caller)}


@router.get("/takeovers/{bundle_id}", response_model=TakeoverPublic, responses=refusals(*SIGNED_IN, 404))
async def takeover(
    bundle_id: Annotated[str, Path(pattern=BUNDLE_ID)], backends: BackendsDep, caller: CallerDep
) -> dict[str, Any]:
    found = await list_bundles(backends, caller, bundle_id)
    if not found:
        raise ApiError(404, "not_found", f"no takeover bundle {bundle_id} in your scope")
    return found[0]

"""The ops page of the category suggestion (issue #16): per month, how often the model's
suggestion matched the category the caseworker confirmed at triage."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from fengqiao.intake.v1 import intake_pb2

from services.common.identity import Identity
from services.common.logging import request_id_var
from services.gateway.deps import Backends, BackendsDep
from services.gateway.ops.auth import OpsIdentity
from services.gateway.ops.pages import OpsRoute, page

router = APIRouter(prefix="/ops", include_in_schema=False, route_class=OpsRoute)


async def suggestion_accuracy(backends: Backends, identity: Identity) -> dict[str, Any]:
    """Months newest first, each with its counts and the share that agreed (None with no cases)."""
    result = await backends.intake.GetSuggestionAccuracy(
        intake_pb2.GetSuggestionAccuracyRequest(),
        metadata=backends.caller_metadata(identity, request_id_var.get()),
        timeout=backends.settings.rpc_timeout_seconds,
    )
    months = [
        {
            "month": m.month,
            "confirmed": m.confirmed,
            "agreed": m.agreed,
            "percent": round(100 * m.agreed / m.confirmed, 1) if m.confirmed else None,
        }
        for m in reversed(result.months)
    ]
    return {"model_version": result.model_version, "months": months}


@router.get("/suggestions", response_class=HTMLResponse)
async def suggestions_page(request: Request, backends: BackendsDep, identity: OpsIdentity) -> Response:
    return page(request, "ops/suggestions.html", identity, data=await suggestion_accuracy(backends, identity))

"""The staff intake form's look-ahead: the category the text suggests and the open cases the
complaint would join or resembles, before anything is filed."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fengqiao.intake.v1 import intake_pb2

from services.common.messages import message_from
from services.gateway.deps import BackendsDep, CallerDep
from services.gateway.schemas.common import SIGNED_IN, refusals
from services.gateway.schemas.preview import ComplaintPreview, ComplaintPreviewCreate

router = APIRouter(prefix="/api/v1", tags=["cases"])


def preview_json(found: intake_pb2.PreviewComplaintResponse) -> dict[str, Any]:
    return {
        "community_code": found.community_code,
        "community_name": found.community_name,
        "building": found.building,
        "suggested_category": found.suggested_category,
        "suggested_category_name": found.suggested_category_name,
        "suggested_probability": found.suggested_probability,
        "top": [{"category": s.category, "name": s.name, "probability": s.probability} for s in found.top],
        "confident": found.confident,
        "category": found.category,
        "candidates": [
            {
                "case_no": c.case_no,
                "status": c.status,
                "category": c.category,
                "building": c.building,
                "summary": c.summary,
                "created_at": c.created_at.ToDatetime().isoformat() + "Z",
                "would_join": c.would_join,
            }
            for c in found.candidates
        ],
    }


@router.post("/complaints/preview", response_model=ComplaintPreview, responses=refusals(*SIGNED_IN, 413))
async def preview_complaint(body: ComplaintPreviewCreate, backends: BackendsDep, caller: CallerDep) -> dict[str, Any]:
    """Nothing is written: what filing this complaint would do (category, the case it would join)."""
    found = await backends.intake.PreviewComplaint(
        message_from(intake_pb2.PreviewComplaintRequest, body),
        metadata=caller.metadata,
        timeout=caller.timeout,
    )
    return preview_json(found)

"""Intake operations for staff: the 12345 export import, the category catalogue, triage re-categorising."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, UploadFile
from fengqiao.intake.v1 import intake_pb2

from services.gateway.deps import BackendsDep, CallerDep
from services.gateway.errors import ApiError
from services.gateway.schemas.cases import CaseBase, CategoryUpdate
from services.gateway.schemas.common import SIGNED_IN, PathKey, refusals
from services.gateway.schemas.intake import (
    CategoryListPublic,
    CategorySuggestionPublic,
    CategorySuggestRequest,
    HotlineImportReport,
)
from services.gateway.views import as_dict

router = APIRouter(prefix="/api/v1", tags=["intake"])


def _column_map(text: str) -> dict[str, str]:
    if not text.strip():
        return {}
    try:
        parsed = json.loads(text)
    except ValueError as exc:
        raise ApiError(422, "invalid_argument", f"column_map is not JSON: {exc}", {"field": "column_map"}) from exc
    if not isinstance(parsed, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in parsed.items()):
        example = '{"单号": "external_ref"}'
        raise ApiError(
            422, "invalid_argument", f"column_map must map header to field, e.g. {example}", {"field": "column_map"}
        )
    return parsed


@router.post("/intake/hotline-imports", response_model=HotlineImportReport, responses=refusals(*SIGNED_IN, 413))
async def import_hotline_orders(
    backends: BackendsDep,
    caller: CallerDep,
    file: Annotated[UploadFile, File(description="The hotline's export, .csv or .xlsx")],
    column_map: Annotated[str, Form(description="JSON: column header → field, merged over the default")] = "",
) -> dict[str, Any]:
    """Files every row, idempotent by the hotline's order number (工单编号): a re-import takes
    nothing twice. Answers with a report per row: taken, already_imported or refused (with the
    field at fault and why). A refused row stores nothing."""
    mapping = _column_map(column_map)
    content = await file.read(backends.settings.max_upload_bytes + 1)
    if len(content) > backends.settings.max_upload_bytes:
        raise ApiError(413, "payload_too_large", f"uploads are limited to {backends.settings.max_upload_bytes} bytes")
    result = await backends.intake.ImportHotlineOrders(
        intake_pb2.ImportHotlineOrdersRequest(content=content, file_name=file.filename or "", column_map=mapping),
        metadata=caller.metadata,
        # A large export files row by row; give it time proportional to a few thousand rows.
        timeout=max(caller.timeout, 300.0),
    )
    body = as_dict(result)
    body.setdefault("rows", [])
    return body


@router.get("/categories", response_model=CategoryListPublic, responses=refusals(*SIGNED_IN))
async def list_categories(backends: BackendsDep, caller: CallerDep) -> dict[str, Any]:
    """The category catalogue (kept as data), in catalogue order."""
    result = await backends.intake.ListCategories(
        intake_pb2.ListCategoriesRequest(), metadata=caller.metadata, timeout=caller.timeout
    )
    return {"categories": [as_dict(c) for c in result.categories]}


@router.post("/categories/suggest", response_model=CategorySuggestionPublic, responses=refusals(*SIGNED_IN))
async def suggest_category(body: CategorySuggestRequest, backends: BackendsDep, caller: CallerDep) -> dict[str, Any]:
    """Suggests a category for a complaint's text (the trained model, issue #16): the likeliest
    category with its probability, the three likeliest, and the model's version. The same callers
    as filing on `channel` (403 otherwise); 422 for an empty or over-long text. A model fault
    answers category `other` with probability 0, never an error."""
    result = await backends.intake.SuggestCategory(
        intake_pb2.SuggestCategoryRequest(text=body.text, channel=body.channel),
        metadata=caller.metadata,
        timeout=caller.timeout,
    )
    return as_dict(result)


@router.post(
    "/cases/{case_no}/category",
    response_model=CaseBase,
    response_model_exclude_unset=True,
    responses=refusals(*SIGNED_IN, 404, 409, 413),
)
async def set_case_category(
    case_no: PathKey, body: CategoryUpdate, backends: BackendsDep, caller: CallerDep
) -> dict[str, Any]:
    """Sets the final category at triage (the caseworker's choice, recorded beside the suggestion);
    a change from the suggested category is on the timeline."""
    result = await backends.intake.SetCaseCategory(
        intake_pb2.SetCaseCategoryRequest(case_no=case_no, category=body.category, reason=body.reason),
        metadata=caller.metadata,
        timeout=caller.timeout,
    )
    return as_dict(result.case)

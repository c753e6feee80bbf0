"""Saved inbox filters, kept on the server per user (Camunda keeps them in the browser only)."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Path, Response
from sqlmodel import col, select

from services.common.clock import utcnow
from services.gateway.deps import BackendsDep, CurrentIdentity
from services.gateway.errors import ApiError
from services.gateway.models import SavedFilter
from services.gateway.schemas.common import refusals
from services.gateway.schemas.tasks import SavedFilterCreate, SavedFilterListPublic, SavedFilterPublic

router = APIRouter(prefix="/api/v1/saved-filters", tags=["tasks"])
MAX_SAVED_FILTERS = 50
FilterName = Annotated[str, Path(min_length=1, max_length=60)]


def saved_filter_json(row: SavedFilter) -> dict[str, Any]:
    return {"name": row.name, "view": row.view, "filters": json.loads(row.query_json)}


@router.get("", response_model=SavedFilterListPublic, responses=refusals(401))
async def list_saved_filters(backends: BackendsDep, identity: CurrentIdentity) -> dict[str, Any]:
    """The caller's saved filters, by name."""
    async with backends.db.session() as session:
        stmt = select(SavedFilter).where(SavedFilter.username == identity.subject).order_by(col(SavedFilter.name))
        rows = (await session.exec(stmt)).all()
    return {"saved_filters": [saved_filter_json(r) for r in rows]}


@router.put("/{name}", response_model=SavedFilterPublic, responses=refusals(401, 409, 413, 422))
async def save_filter(
    name: FilterName, body: SavedFilterCreate, backends: BackendsDep, identity: CurrentIdentity
) -> dict[str, Any]:
    """Saves (or replaces) the caller's filter under `name`; the body's name must match."""
    if body.name.strip() != name.strip():
        raise ApiError(422, "invalid_argument", "the name in the path and the body differ", {"field": "name"})
    query = json.dumps(body.filters.as_query(), ensure_ascii=False, sort_keys=True)
    async with backends.db.session() as session:
        row = await session.get(SavedFilter, (identity.subject, name.strip()))
        if row is None:
            stmt = select(SavedFilter.name).where(SavedFilter.username == identity.subject)
            if len((await session.exec(stmt)).all()) >= MAX_SAVED_FILTERS:
                raise ApiError(
                    409, "failed_precondition", f"you have {MAX_SAVED_FILTERS} saved filters; delete one first"
                )
            row = SavedFilter(
                username=identity.subject, name=name.strip(), view=body.view, query_json=query, created_at=utcnow()
            )
        else:
            row.view, row.query_json = body.view, query
        session.add(row)
    return saved_filter_json(row)


@router.delete("/{name}", status_code=204, response_class=Response, responses=refusals(401, 404, 422))
async def delete_saved_filter(name: FilterName, backends: BackendsDep, identity: CurrentIdentity) -> Response:
    async with backends.db.session() as session:
        row = await session.get(SavedFilter, (identity.subject, name))
        if row is None:
            raise ApiError(404, "not_found", f"you have no saved filter named {name!r}", {"field": "name"})
        await session.delete(row)
    return Response(status_code=204)

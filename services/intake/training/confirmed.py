"""Caseworker-confirmed categories from the intake database: the work's own labelled complaints."""

from __future__ import annotations

from sqlmodel import col, select
from sqlmodel.sql.expression import Select

from services.common.db import Database
from services.intake.catalogue import categories
from services.intake.models import Case
from services.intake.training.corpus import Example


async def confirmed_examples(database_url: str) -> list[Example]:
    """Every case whose category a caseworker confirmed (or chose) at triage, with its text; a
    code no longer in the catalogue is left out."""
    db = Database(database_url)
    try:
        rows = await _all(
            db,
            select(Case.confirmed_category, Case.content)
            .where(col(Case.confirmed_category) != "")
            .order_by(col(Case.case_no)),
        )
    finally:
        await db.dispose()
    known = categories()
    return [Example(code, text) for code, text in rows if code in known and text.strip()]


async def _all(db: Database, stmt: Select[str, str]) -> list[tuple[str, str]]:
    async with db.session() as session:
        return [(a, b) for a, b in (await session.exec(stmt)).all()]

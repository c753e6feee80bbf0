"""Free-text inbox search: `ILIKE '%text%'` on a task's title and case number, which on
PostgreSQL first asks the gram index (migration 0004_task_search) so no search scans the tasks."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Boolean
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import FunctionElement
from sqlmodel import and_, col, literal, or_

from services.mediation.models import Task


class _GramsHeld(FunctionElement[bool]):
    """(title, case_no, text): the task's gram index holds every gram of the text. Only a
    pre-filter: a row it lets through may still not contain the text (ILIKE decides)."""

    type = Boolean()
    inherit_cache = True
    name = "fq_grams_held"


@compiles(_GramsHeld, "postgresql")
def _grams_held_postgresql(element: _GramsHeld, compiler: SQLCompiler, **kw: Any) -> str:
    title, case_no, text = (compiler.process(arg, **kw) for arg in element.clauses)
    # Exactly the indexed expression, the separator a literal: a bound one would not match it.
    return f"fq_grams({title} || ' ' || {case_no}) @> fq_query_grams({text})"


@compiles(_GramsHeld)
def _grams_held_elsewhere(element: _GramsHeld, compiler: SQLCompiler, **kw: Any) -> str:
    return f"({compiler.process(list(element.clauses)[2], **kw)} IS NOT NULL)"  # no index: ILIKE alone


def text_matches(text: str) -> ColumnElement[bool]:
    """Tasks whose title or case number contains `text` (any case; % and _ are plain characters)."""
    pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    contains = or_(col(Task.title).ilike(pattern, escape="\\"), col(Task.case_no).ilike(pattern, escape="\\"))
    return and_(_GramsHeld(col(Task.title), col(Task.case_no), literal(text)), contains)

"""Free-text inbox search: `ILIKE '%text%'` on a task's title and case number, which on
PostgreSQL first asks the gram index of active tasks (migrations 0004_task_search and
0005_search_active_grams) so that no search scans the tasks.

The index holds every character and every pair of adjacent characters of each active task's
title and case number (pg_trgm cannot serve a two-character Chinese term: it has no trigram).
It is partial — open and claimed tasks only, a tenth of the table — so a term as common as a
community's name reads a tenth of the postings and rows it would over every task ever made.
Only views of active tasks ask it; "completed" reads its own (completed_by) index and ILIKE."""

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
    """(status, title, case_no, text): an active task whose gram index entry holds every gram
    of the text. Only a pre-filter: a row it lets through may still not contain the text (ILIKE
    decides); a finished task never passes it."""

    type = Boolean()
    inherit_cache = True
    name = "fq_grams_held"


@compiles(_GramsHeld, "postgresql")
def _grams_held_postgresql(element: _GramsHeld, compiler: SQLCompiler, **kw: Any) -> str:
    status, title, case_no, text = (compiler.process(arg, **kw) for arg in element.clauses)
    # Exactly the index's predicate and expression, as literals: bound values would not prove
    # the predicate (a generic plan could not use the partial index) nor match the expression.
    return f"({status} IN ('OPEN', 'CLAIMED') AND fq_grams({title} || ' ' || {case_no}) @> fq_query_grams({text}))"


@compiles(_GramsHeld)
def _grams_held_elsewhere(element: _GramsHeld, compiler: SQLCompiler, **kw: Any) -> str:
    status, _, _, text = (compiler.process(arg, **kw) for arg in element.clauses)
    # No index: the status test alone, ILIKE does the rest.
    return f"({status} IN ('OPEN', 'CLAIMED') AND {text} IS NOT NULL)"


def text_matches(text: str, *, active_only: bool) -> ColumnElement[bool]:
    """Tasks whose title or case number contains `text` (any case; % and _ are plain characters).
    `active_only`: the caller's view holds only open and claimed tasks, so the gram index of
    active tasks may narrow the search first (the result is the same)."""
    pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    contains = or_(col(Task.title).ilike(pattern, escape="\\"), col(Task.case_no).ilike(pattern, escape="\\"))
    if not active_only:
        return contains
    return and_(_GramsHeld(col(Task.status), col(Task.title), col(Task.case_no), literal(text)), contains)

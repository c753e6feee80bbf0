"""The "all" and "overdue" views of a scoped caller are read as a union of index-ordered arms
(inbox_scoped.scoped_page / scoped_count); they must give exactly what the plain OR query gives:
the same rows in the same order, page after page, and the same capped counts."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from services.common.db import Database
from services.common.identity import Identity
from services.mediation import setup as mediation_setup
from services.mediation.models import CANCELLED, CLAIMED, COMPLETED, OPEN, Task, TaskCandidateGroup
from services.mediation.tasks import inbox, inbox_scoped, store
from tests.integration.conftest import PreparedDatabase

NOW = datetime(2026, 5, 1, 8, 0, tzinfo=UTC)
NEIGHBOURHOODS = ("NB-XIADONG", "NB-FUHOU", "NB-DONGHU")
COMPANIES = ("PC-DFSJ", "PC-CPY", "")
PEOPLE = ("xiadong.caseworker", "fuhou.caseworker", "company.admin", "someone.else", None)

CALLERS = [
    Identity("xiadong.caseworker", ("caseworker",), ("NB-XIADONG",)),
    # Two organisations and two roles: four candidate groups, two neighbourhood arms.
    Identity("fuhou.caseworker", ("caseworker", "grid_worker"), ("NB-FUHOU", "NB-DONGHU")),
    Identity("company.admin", ("company",), ("PC-DFSJ",)),
    # A role with no column arm: only assigned tasks and its two groups, which share many tasks.
    Identity("someone.else", ("mediator",), ("MD-ONE", "MD-TWO")),
]

FILTERS = [
    inbox.InboxFilter(),
    inbox.InboxFilter(kind="callback"),
    inbox.InboxFilter(priority_min=40, escalation_level="STREET"),
    inbox.InboxFilter(text="#1"),
]


async def _load(db: Database) -> None:
    """A few hundred tasks across neighbourhoods, companies, assignees and statuses; due times
    on a coarse grid so many tasks tie on due and priority (the id decides); some groups that
    do not follow the neighbourhood, and tasks in several of one caller's groups."""
    rng = random.Random(4)
    async with db.session() as session:
        for i in range(360):
            status = rng.choice((OPEN, OPEN, OPEN, CLAIMED, CLAIMED, COMPLETED, CANCELLED))
            neighbourhood = rng.choice(NEIGHBOURHOODS)
            due = NOW + timedelta(hours=12 * rng.randrange(-6, 8))
            task = Task(
                id=f"scoped-{rng.randrange(10**6):06d}-{i}",
                kind=rng.choice(("triage", "callback", "rectification_report")),
                case_no=f"SV-{i:04d}",
                workflow_id=f"scoped-{i}",
                title=f"task #{i}",
                assignee=rng.choice(PEOPLE) if status != OPEN else None,
                priority=rng.choice((10, 40, 40, 75, 90)),
                status=status,
                due_at=due,
                allowed_outcomes="done",
                deadline_policy="first_response",
                policy_version="2026.1",
                community_code=f"CM-{i % 7}",
                neighbourhood_code=neighbourhood,
                company_code=rng.choice(COMPANIES),
                escalation_level=rng.choice(("COMMUNITY", "STREET", "DISTRICT")),
                created_at=NOW - timedelta(hours=rng.randrange(0, 40)),
            )
            session.add(task)
            await session.flush()
            groups = {f"{neighbourhood}:caseworker"}
            if rng.random() < 0.3:
                groups.add(rng.choice(("NB-DONGHU:grid_worker", "NB-FUHOU:grid_worker", "MD-ONE:mediator")))
            if rng.random() < 0.3:
                groups |= {"MD-ONE:mediator", "MD-TWO:mediator"}
            if rng.random() < 0.2:
                groups.add(f"{task.company_code or 'PC-CPY'}:company")
            for group in groups:
                session.add(TaskCandidateGroup(task_id=task.id, group_code=group, task_status=status, due_at=due))


async def _walk(page: Any, sort: str, size: int) -> list[list[str]]:
    """Every page of a view, following the keyset as ListTasks does (size + 1 rows asked)."""
    pages: list[list[str]] = []
    after = None
    while True:
        rows = await page(after, size + 1)
        pages.append([t.id for t in rows[:size]])
        if len(rows) <= size:
            return pages
        after = inbox.parse_key_values(sort, inbox.sort_key_values(rows[size - 1], sort))


async def _migrated_and_loaded(url: str) -> None:
    await mediation_setup.migrate(url)
    db = Database(url)
    try:
        await _load(db)
    finally:
        await db.dispose()


@pytest.fixture
async def loaded(db_kind: str, prepared_database: PreparedDatabase) -> Any:
    """A database of the test's own with the tasks loaded (a copy: they are loaded once a session)."""
    db = Database(await prepared_database(db_kind, "mediation+scoped-tasks", _migrated_and_loaded))
    yield db
    await db.dispose()


@pytest.mark.parametrize("caller", CALLERS, ids=lambda c: c.subject)
async def test_scoped_views_match_the_plain_query(loaded: Database, caller: Identity) -> None:
    """Page after page in due order (several page sizes, so boundaries fall on ties of due
    time), the union returns exactly the plain query's rows; the counts agree too."""
    compared = 0
    async with loaded.session() as session:
        for view in ("all", "overdue"):
            where = inbox.view_filter(view, caller, NOW)

            async def plain(after: Any, limit: int, where: Any = where) -> Any:
                return await inbox.list_tasks(session, where=where, sort="due", after=after, limit=limit)

            async def merged(after: Any, limit: int, view: str = view) -> Any:
                return await inbox_scoped.scoped_page(session, view, caller, after=after, limit=limit, now=NOW)

            for size in (1, 7, 50):
                expected = await _walk(plain, "due", size)
                assert await _walk(merged, "due", size) == expected, (view, size)
            assert await inbox_scoped.scoped_count(session, view, caller, NOW) == await inbox.count_tasks(
                session, where
            )
            compared += sum(len(p) for p in expected)
    # The data set gives every caller something to page through, in every view.
    assert compared > 40


async def test_scoped_counts_stop_at_the_cap_like_the_plain_count(
    loaded: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every cap up to past the views' sizes, so each edge (an arm filling up, the union just
    # above or below the cap) is met.
    for cap in range(1, 160, 2):
        monkeypatch.setattr(store, "COUNT_CAP", cap)
        async with loaded.session() as session:
            for caller in CALLERS:
                for view in ("all", "overdue"):
                    expected = await inbox.count_tasks(session, inbox.view_filter(view, caller, NOW))
                    got = await inbox_scoped.scoped_count(session, view, caller, NOW)
                    assert got == expected, (cap, caller.subject, view)


@pytest.mark.parametrize("sort", ["due", "priority", "created"])
async def test_inbox_page_agrees_with_the_plain_query_for_every_sort_and_filter(loaded: Database, sort: str) -> None:
    """What ListTasks and the benchmark call: the union for the plain due-ordered views, the
    plain query otherwise; either way the plain query's rows, pages and counts."""
    async with loaded.session() as session:
        for caller in CALLERS:
            for view in ("all", "overdue"):
                for filters in FILTERS:
                    where = inbox.view_filter(view, caller, NOW) + filters.clauses()
                    expected_count = await inbox.count_tasks(session, where)

                    async def plain(after: Any, limit: int, where: Any = where) -> Any:
                        return await inbox.list_tasks(session, where=where, sort=sort, after=after, limit=limit)

                    async def page(
                        after: Any,
                        limit: int,
                        view: str = view,
                        f: Any = filters,
                        who: Identity = caller,
                        n: Any = expected_count,
                    ) -> Any:
                        rows, total, capped = await inbox.inbox_page(
                            session, view, who, f, sort=sort, after=after, limit=limit, now=NOW
                        )
                        assert (total, capped) == n
                        return rows

                    assert await _walk(page, sort, 9) == await _walk(plain, sort, 9), (caller.subject, view, filters)

"""Free-text inbox search (issue 19): on SQLite and PostgreSQL it finds exactly the tasks whose
title or case number contains the text, any case, % and _ as plain characters; on PostgreSQL the
query reads the gram index (migration 0004_task_search), for two Chinese characters too."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.dialects import postgresql
from sqlmodel import select

from services.common.db import Database
from services.common.identity import Identity
from services.mediation import setup as mediation_setup
from services.mediation.models import CLAIMED, COMPLETED, OPEN, Task, TaskCandidateGroup
from services.mediation.tasks import inbox
from tests.integration.conftest import PreparedDatabase

NOW = datetime(2026, 5, 1, 8, 0, tzinfo=UTC)
CENTER = Identity("dongjie.center", ("street_center",), ("SC-DONGJIE",))
# A caseworker of 下东 who is also a candidate of another neighbourhood's group: every arm of a
# scoped caller's view (neighbourhood, assigned to me, my groups) holds some of the tasks.
CASEWORKER = Identity("xiadong.caseworker", ("caseworker",), ("NB-XIADONG",))
STATUSES = [OPEN, CLAIMED, COMPLETED, "CANCELLED", OPEN]
TITLES = [
    "楼道漏水 · 东方世家",
    "电梯故障 · 常平苑",
    "漏 · 单字",
    "Leak in the LOBBY",
    "降价50% · 停车费",
    "a_b 编号",
    "ab 编号",
    "水管 · 漏",
]
QUERIES = ["漏水", "漏", "楼道漏水", "东方世家", "leak", "LOBBY", "50%", "a_b", "dj-2026-0001", "水 ·", "不存在", "\\"]


async def _migrated_and_loaded(url: str) -> None:
    await mediation_setup.migrate(url)
    db = Database(url)
    async with db.session() as session:
        for i in range(80):
            status = STATUSES[i % len(STATUSES)]
            mine = i % 3 == 0 and status in (CLAIMED, COMPLETED)
            session.add(
                Task(
                    id=f"search-{i}",
                    kind="triage",
                    case_no=f"DJ-2026-{i:06d}",
                    workflow_id=f"search-{i}",
                    title=TITLES[i % len(TITLES)],
                    status=status,
                    assignee=CASEWORKER.subject if mine else None,
                    completed_by=CASEWORKER.subject if mine and status == COMPLETED else None,
                    completed_at=NOW if status == COMPLETED else None,
                    due_at=NOW + timedelta(hours=i - 20),
                    allowed_outcomes="done",
                    deadline_policy="first_response",
                    policy_version="2026.2",
                    community_code="CM-1",
                    neighbourhood_code="NB-XIADONG" if i % 4 else "NB-OTHER",
                    company_code="PC-DFSJ",
                    created_at=NOW,
                )
            )
        await session.flush()
        session.add_all(
            TaskCandidateGroup(
                task_id=f"search-{i}", group_code=group, task_status=STATUSES[i % len(STATUSES)],
                due_at=NOW + timedelta(hours=i - 20),
            )
            for i in range(0, 80, 2)
            for group in (("NB-XIADONG:caseworker",) if i % 8 else ("NB-OTHER:grid_worker", "NB-XIADONG:caseworker"))
        )  # fmt: skip
    await db.dispose()


@pytest.fixture
async def loaded(db_kind: str, prepared_database: PreparedDatabase) -> Any:
    """A database of the test's own with the tasks loaded (a copy: they are loaded once a session)."""
    db = Database(await prepared_database(db_kind, "mediation+search-tasks", _migrated_and_loaded))
    yield db
    await db.dispose()


@pytest.mark.parametrize("query", QUERIES)
async def test_search_finds_exactly_the_tasks_containing_the_text(loaded: Database, query: str) -> None:
    async with loaded.session() as session:
        rows, total, capped = await inbox.inbox_page(
            session, "all", CENTER, inbox.InboxFilter(text=query), sort="due", after=None, limit=100, now=NOW
        )
        everything = (await session.exec(text("SELECT id, title, case_no, status FROM task"))).all()  # type: ignore[call-overload]
    expected = {
        r.id
        for r in everything
        if r.status in (OPEN, CLAIMED) and (query.lower() in r.title.lower() or query.lower() in r.case_no.lower())
    }
    assert {t.id for t in rows} == expected and (total, capped) == (len(expected), False)


@pytest.mark.parametrize("view", ["mine", "group", "all", "overdue", "completed"])
@pytest.mark.parametrize("who", [CENTER, CASEWORKER], ids=["centre", "caseworker"])
async def test_search_means_what_ilike_alone_means_in_every_view(loaded: Database, view: str, who: Identity) -> None:
    """Through the gram index of active tasks and the row-by-row group probe, every view and
    scope finds exactly what `ILIKE` alone finds with the plain view (the path before the
    index), page after page and in the capped count."""
    for query in QUERIES:
        filters = inbox.InboxFilter(text=query)
        sort = "completed" if view == "completed" else "due"
        async with loaded.session() as session:
            plain = inbox.view_filter(view, who, NOW) + filters.clauses()  # ILIKE alone
            expected = [t.id for t in await inbox.list_tasks(session, where=plain, sort=sort, after=None, limit=100)]
            expected_count = await inbox.count_tasks(session, plain)
            got: list[str] = []
            after = None
            while True:  # pages of three, keyset after keyset
                rows, total, capped = await inbox.inbox_page(
                    session, view, who, filters, sort=sort, after=after, limit=3, now=NOW
                )
                assert (total, capped) == expected_count, (query, view)
                got += [t.id for t in rows]
                if len(rows) < 3:
                    break
                after = inbox.parse_key_values(sort, inbox.sort_key_values(rows[-1], sort))
        assert got == expected, (query, view)


async def test_postgresql_search_reads_the_gram_index(loaded: Database, db_kind: str) -> None:
    if db_kind != "postgres":
        assert loaded.engine.dialect.name == "sqlite"  # no index there: the ILIKE alone (above)
        return
    # The search clause alone, with sequential scans off and the other indexes of active tasks
    # out of the way (dropped in this transaction, which rolls back): in a table this small the
    # planner would rather read those. Only the gram index can serve the clause then.
    where = inbox.InboxFilter(text="漏水").clauses(active_only=True)
    statement = select(Task.id).where(*where)  # type: ignore[call-overload]
    sql = str(statement.compile(dialect=postgresql.dialect(), compile_kwargs={"literal_binds": True}))
    others = "SELECT indexname FROM pg_indexes WHERE tablename = 'task' AND indexdef LIKE '%WHERE%status%'"
    async with loaded.engine.connect() as connection, connection.begin() as transaction:
        await connection.execute(text("SET LOCAL enable_seqscan = off"))
        for (name,) in (await connection.execute(text(others))).all():
            if name != "ix_task_search_active_grams":
                await connection.execute(text(f'DROP INDEX "{name}"'))
        plan = "\n".join(r[0] for r in (await connection.execute(text("EXPLAIN " + sql))).all())
        await transaction.rollback()
    assert "ix_task_search_active_grams" in plan, plan

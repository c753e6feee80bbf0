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
from services.mediation.models import OPEN, Task
from services.mediation.tasks import inbox
from tests.integration.conftest import DatabaseFactory

NOW = datetime(2026, 5, 1, 8, 0, tzinfo=UTC)
CENTER = Identity("dongjie.center", ("street_center",), ("SC-DONGJIE",))
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


@pytest.fixture
async def loaded(db_kind: str, database_factory: DatabaseFactory) -> Any:
    url = await database_factory(db_kind)
    await mediation_setup.migrate(url)
    db = Database(url)
    async with db.session() as session:
        for i in range(40):
            session.add(
                Task(
                    id=f"search-{i}",
                    kind="triage",
                    case_no=f"DJ-2026-{i:06d}",
                    workflow_id=f"search-{i}",
                    title=TITLES[i % len(TITLES)],
                    status=OPEN,
                    due_at=NOW + timedelta(hours=i),
                    allowed_outcomes="done",
                    deadline_policy="first_response",
                    policy_version="2026.2",
                    community_code="CM-1",
                    neighbourhood_code="NB-XIADONG",
                    company_code="PC-DFSJ",
                    created_at=NOW,
                )
            )
    yield db
    await db.dispose()


@pytest.mark.parametrize("query", QUERIES)
async def test_search_finds_exactly_the_tasks_containing_the_text(loaded: Database, query: str) -> None:
    async with loaded.session() as session:
        rows, total, capped = await inbox.inbox_page(
            session, "all", CENTER, inbox.InboxFilter(text=query), sort="due", after=None, limit=100, now=NOW
        )
        everything = (await session.exec(text("SELECT id, title, case_no FROM task"))).all()  # type: ignore[call-overload]
    expected = {r.id for r in everything if query.lower() in r.title.lower() or query.lower() in r.case_no.lower()}
    assert {t.id for t in rows} == expected and (total, capped) == (len(expected), False)


async def test_postgresql_search_reads_the_gram_index(loaded: Database, db_kind: str) -> None:
    if db_kind != "postgres":
        assert loaded.engine.dialect.name == "sqlite"  # no index there: the ILIKE alone (above)
        return
    # The search clause alone: with sequential scans off, only the gram index can serve it (in a
    # table this small the planner would rather take the active-status index of the view).
    where = inbox.InboxFilter(text="漏水").clauses()
    statement = select(Task.id).where(*where)  # type: ignore[call-overload]
    sql = str(statement.compile(dialect=postgresql.dialect(), compile_kwargs={"literal_binds": True}))
    async with loaded.session() as session:
        await session.exec(text("SET LOCAL enable_seqscan = off"))  # type: ignore[call-overload]
        plan = "\n".join(r[0] for r in (await session.exec(text("EXPLAIN " + sql))).all())  # type: ignore[call-overload]
    assert "ix_task_search_grams" in plan, plan

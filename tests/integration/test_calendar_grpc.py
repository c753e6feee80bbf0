"""The calendar service over gRPC: admin import timing the next task (on every replica), refusals,
coverage; and tasks timed by the policy version their case started with."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import grpc
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from fengqiao.mediation.v1 import calendar_pb2, task_pb2, task_pb2_grpc
from sqlalchemy import create_engine

from services.common.clock import SHANGHAI
from services.common.migrations import upgrade
from services.mediation import main as mediation_main
from services.mediation import models
from services.mediation.models import metadata
from tests.helpers import ADMIN, CASEWORKER, OPS, SYSTEM, md
from tests.integration.conftest import Mediation, expect_status
from tests.integration.test_mediation_grpc import new_task

CSV = calendar_pb2.CALENDAR_FORMAT_CSV
ICS = calendar_pb2.CALENDAR_FORMAT_ICALENDAR


def _days_off_from_tomorrow(days: int) -> list[date]:
    today = datetime.now(SHANGHAI).date()
    return [today + timedelta(days=n) for n in range(1, days + 1)]


def _due_day(task: task_pb2.Task) -> date:
    """The last working day a task has (its due time is 24:00 Shanghai of that day)."""
    return (task.due_at.ToDatetime(tzinfo=UTC).astimezone(SHANGHAI) - timedelta(days=1)).date()


async def test_an_import_times_the_next_task_on_every_replica(mediation: Mediation) -> None:
    before = (await mediation.stub.CreateTask(new_task(), metadata=md(SYSTEM))).task
    assert before.policy_version == "2026.2"
    assert _due_day(before) <= datetime.now(SHANGHAI).date() + timedelta(days=4)

    # A second replica on the same database, built before the import: it must not need a restart.
    other, other_db = await mediation_main.start(mediation.settings.model_copy(update={"port": 0}))
    other_channel = grpc.aio.insecure_channel(f"127.0.0.1:{other.port}")
    try:
        off = _days_off_from_tomorrow(10)
        content = "date,kind,name\n" + "".join(f"{d.isoformat()},holiday,检修停工\n" for d in off)
        imported = await mediation.calendar.ImportCalendar(
            calendar_pb2.ImportCalendarRequest(format=CSV, content=content, replace=True), metadata=md(ADMIN)
        )
        assert {y.year for y in imported.years} == {d.year for d in off}
        assert all(
            y.source == calendar_pb2.CALENDAR_SOURCE_IMPORTED and y.imported_by == "admin" for y in imported.years
        )

        for stub in (mediation.stub, task_pb2_grpc.TaskServiceStub(other_channel)):
            after = (await stub.CreateTask(new_task(), metadata=md(SYSTEM))).task
            assert _due_day(after) > off[-1], "the imported days off must push the first response past them"
    finally:
        await other_channel.close()
        await other.stop()
        await other_db.dispose()


async def test_import_is_for_admins_and_covered_years_need_replace(mediation: Mediation) -> None:
    request = calendar_pb2.ImportCalendarRequest(format=CSV, content="2026-10-09,holiday,加休\n")
    for who in (CASEWORKER, OPS, SYSTEM):
        await expect_status(
            mediation.calendar.ImportCalendar(request, metadata=md(who)), grpc.StatusCode.PERMISSION_DENIED, "admins"
        )
    await expect_status(
        mediation.calendar.ImportCalendar(request, metadata=md(ADMIN)),
        grpc.StatusCode.FAILED_PRECONDITION,
        "2026 (package)",
    )
    # A year nobody covers goes in without the flag; importing it again needs the flag too.
    ics = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20350101\nSUMMARY:元旦\nEND:VEVENT\nEND:VCALENDAR\n"
    first = await mediation.calendar.ImportCalendar(
        calendar_pb2.ImportCalendarRequest(format=ICS, content=ics), metadata=md(ADMIN)
    )
    assert [(y.year, y.holidays, y.source_format) for y in first.years] == [(2035, 1, "ics")]
    await expect_status(
        mediation.calendar.ImportCalendar(
            calendar_pb2.ImportCalendarRequest(format=ICS, content=ics), metadata=md(ADMIN)
        ),
        grpc.StatusCode.FAILED_PRECONDITION,
        "2035 (imported)",
    )


async def test_a_bad_file_names_its_lines_and_changes_nothing(mediation: Mediation) -> None:
    content = "2035-01-01,holiday,元旦\n2035-02-30,holiday,春节\n"
    error = await expect_status(
        mediation.calendar.ImportCalendar(
            calendar_pb2.ImportCalendarRequest(format=CSV, content=content, replace=True), metadata=md(ADMIN)
        ),
        grpc.StatusCode.INVALID_ARGUMENT,
        "line 2",
    )
    assert "2035-02-30" in (error.details() or "")
    await expect_status(
        mediation.calendar.ImportCalendar(
            calendar_pb2.ImportCalendarRequest(content=content, replace=True), metadata=md(ADMIN)
        ),
        grpc.StatusCode.INVALID_ARGUMENT,
        "format",
    )
    days = await mediation.calendar.ListCalendarDays(calendar_pb2.ListCalendarDaysRequest(year=2035), metadata=md(OPS))
    assert days.source == calendar_pb2.CALENDAR_SOURCE_NONE and list(days.days) == []


async def test_coverage_names_each_year_source_and_warns(mediation: Mediation) -> None:
    await expect_status(
        mediation.calendar.GetCalendarCoverage(calendar_pb2.GetCalendarCoverageRequest(), metadata=md(CASEWORKER)),
        grpc.StatusCode.PERMISSION_DENIED,
    )
    next_year = datetime.now(SHANGHAI).year + 1
    coverage = await mediation.calendar.GetCalendarCoverage(calendar_pb2.GetCalendarCoverageRequest(), metadata=md(OPS))
    sources = {y.year: y.source for y in coverage.years}
    assert sources[2026] == calendar_pb2.CALENDAR_SOURCE_PACKAGE and coverage.package_version
    if sources[next_year] == calendar_pb2.CALENDAR_SOURCE_NONE:
        assert next_year in {w.year for w in coverage.warnings}
    await mediation.calendar.ImportCalendar(
        calendar_pb2.ImportCalendarRequest(format=CSV, content=f"{next_year}-01-01,holiday,元旦\n", replace=True),
        metadata=md(ADMIN),
    )
    coverage = await mediation.calendar.GetCalendarCoverage(calendar_pb2.GetCalendarCoverageRequest(), metadata=md(OPS))
    [year] = [y for y in coverage.years if y.year == next_year]
    assert year.source == calendar_pb2.CALENDAR_SOURCE_IMPORTED and year.holidays == 1
    assert next_year not in {w.year for w in coverage.warnings}
    days = await mediation.calendar.ListCalendarDays(
        calendar_pb2.ListCalendarDaysRequest(year=next_year), metadata=md(ADMIN)
    )
    assert [(d.date, d.kind, d.name) for d in days.days] == [
        (f"{next_year}-01-01", calendar_pb2.CALENDAR_DAY_KIND_HOLIDAY, "元旦")
    ]


async def test_a_task_is_timed_by_the_policy_version_it_names(mediation: Mediation) -> None:
    named = new_task()
    named.policy_version = "2026.1"
    task = (await mediation.stub.CreateTask(named, metadata=md(SYSTEM))).task
    assert task.policy_version == "2026.1"
    fetched = await mediation.stub.GetTask(task_pb2.GetTaskRequest(task_id=task.id), metadata=md(CASEWORKER))
    assert fetched.task.policy_version == "2026.1" and "by policy 2026.1" in fetched.task.history[0].detail
    unknown = new_task()
    unknown.policy_version = "1999.9"
    error = await expect_status(
        mediation.stub.CreateTask(unknown, metadata=md(SYSTEM)), grpc.StatusCode.INVALID_ARGUMENT, "'1999.9'"
    )
    assert "released versions: 2026.1, 2026.2" in (error.details() or "")
    await expect_status(
        mediation.stub.GetTask(task_pb2.GetTaskRequest(task_id=unknown.task_id), metadata=md(CASEWORKER)),
        grpc.StatusCode.NOT_FOUND,
    )


def test_the_migrations_match_the_models(tmp_path: Path) -> None:
    """A column the models and migrations disagree on (a length, say) fails only on PostgreSQL."""
    db = tmp_path / "mediation.db"
    upgrade("mediation", f"sqlite+aiosqlite:///{db}")
    with create_engine(f"sqlite:///{db}").connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), metadata)
    ours = {t.__tablename__ for t in vars(models).values() if isinstance(t, type) and hasattr(t, "__table__")}

    def table_of(d: Any) -> str:
        change = d[0] if isinstance(d, list) else d
        return str(change[1].name if hasattr(change[1], "name") else change[2])

    assert [d for d in diff if table_of(d) in ours] == []

"""The inbox of issue #4 over gRPC: filters, sorts, keyset pages, counts, track and level."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import grpc
from fengqiao.mediation.v1 import task_pb2
from google.protobuf.timestamp_pb2 import Timestamp

from services.common.identity import Identity
from tests.helpers import CASEWORKER, COMPANY, OTHER_CASEWORKER, SYSTEM, md
from tests.integration.conftest import Mediation, expect_status
from tests.integration.test_mediation_grpc import new_task


def _ts(value: datetime) -> Timestamp:
    ts = Timestamp()
    ts.FromDatetime(value)
    return ts


async def _create(mediation: Mediation, **fields: object) -> task_pb2.Task:
    request = new_task()
    for name, value in fields.items():
        if isinstance(value, list):
            del getattr(request, name)[:]
            getattr(request, name).extend(value)
        else:
            setattr(request, name, value)
    return (await mediation.stub.CreateTask(request, metadata=md(SYSTEM))).task


async def test_filters_sorts_and_keyset_pages(mediation: Mediation) -> None:
    marker = uuid.uuid4().hex[:6]
    made = [
        await _create(
            mediation,
            title=f"楼道漏水 {marker} #{i}",
            priority=p,
            track="DESIGNATED",
            escalation_level=level,
            community_code="CM-DFSJ" if i % 2 else "CM-CPY",
        )
        for i, (p, level) in enumerate([(10, "COMMUNITY"), (90, "STREET"), (50, "COMMUNITY"), (70, "DISTRICT")])
    ]
    assert made[1].track == "DESIGNATED" and made[1].escalation_level == "STREET"

    async def ids(**query: object) -> list[str]:
        reply = await mediation.stub.ListTasks(
            task_pb2.ListTasksRequest(view="group", text=marker, **query),
            metadata=md(CASEWORKER),  # type: ignore[arg-type]
        )
        return [t.id for t in reply.tasks]

    assert set(await ids()) == {t.id for t in made}
    assert await ids(sort="priority") == [made[1].id, made[3].id, made[2].id, made[0].id]
    assert await ids(sort="created") == [t.id for t in reversed(made)]
    assert set(await ids(escalation_level="COMMUNITY")) == {made[0].id, made[2].id}
    assert set(await ids(community_code="CM-DFSJ")) == {made[1].id, made[3].id}
    assert set(await ids(priority_min=50, priority_max=80)) == {made[2].id, made[3].id}
    assert await ids(track="PROFESSIONAL") == []
    now = datetime.now(UTC)
    assert set(await ids(due_from=_ts(now), due_before=_ts(now + timedelta(days=30)))) == {t.id for t in made}
    assert await ids(due_before=_ts(now)) == []

    # Keyset pages, priority order: two pages of two, no gaps and no repeats.
    first = await mediation.stub.ListTasks(
        task_pb2.ListTasksRequest(view="group", text=marker, sort="priority", page_size=2), metadata=md(CASEWORKER)
    )
    assert first.total == 4 and not first.total_capped and first.next_page_token
    second = await mediation.stub.ListTasks(
        task_pb2.ListTasksRequest(
            view="group", text=marker, sort="priority", page_size=2, page_token=first.next_page_token
        ),
        metadata=md(CASEWORKER),
    )
    assert [t.id for t in [*first.tasks, *second.tasks]] == [made[1].id, made[3].id, made[2].id, made[0].id]
    assert second.next_page_token == ""
    # Page by page, one task at a time, every sort yields the same order as one big page.
    for sort in ("due", "created", "priority"):
        whole, paged, token = await ids(sort=sort), [], ""
        while True:
            page = await mediation.stub.ListTasks(
                task_pb2.ListTasksRequest(view="group", text=marker, sort=sort, page_size=1, page_token=token),
                metadata=md(CASEWORKER),
            )
            paged += [t.id for t in page.tasks]
            token = page.next_page_token
            if not token:
                break
        assert paged == whole, sort
    # A token is tied to its sort; a bad one or a bad range is a clear INVALID_ARGUMENT.
    await expect_status(
        mediation.stub.ListTasks(
            task_pb2.ListTasksRequest(view="group", sort="due", page_token=first.next_page_token),
            metadata=md(CASEWORKER),
        ),
        grpc.StatusCode.INVALID_ARGUMENT,
        "page_token",
    )
    for bad, field in (
        (task_pb2.ListTasksRequest(view="group", sort="age"), "sort"),
        (task_pb2.ListTasksRequest(view="group", priority_min=101), "priority_min"),
        (task_pb2.ListTasksRequest(view="group", priority_min=80, priority_max=20), "priority_min"),
        (task_pb2.ListTasksRequest(view="group", due_from=_ts(now), due_before=_ts(now)), "due_from"),
    ):
        await expect_status(
            mediation.stub.ListTasks(bad, metadata=md(CASEWORKER)), grpc.StatusCode.INVALID_ARGUMENT, field
        )


async def test_counts_per_view_follow_scope(mediation: Mediation) -> None:
    task = await _create(mediation)
    before = await mediation.stub.CountTasks(task_pb2.CountTasksRequest(), metadata=md(CASEWORKER))
    counts = {c.view: c.count for c in before.counts}
    assert set(counts) == {"mine", "group", "all", "completed", "overdue"} and counts["group"] >= 1
    await mediation.stub.ClaimTask(task_pb2.ClaimTaskRequest(task_id=task.id), metadata=md(CASEWORKER))
    after = {
        c.view: c.count
        for c in (await mediation.stub.CountTasks(task_pb2.CountTasksRequest(), metadata=md(CASEWORKER))).counts
    }
    assert after["mine"] == counts["mine"] + 1 and after["group"] == counts["group"] - 1
    other = {
        c.view: c.count
        for c in (await mediation.stub.CountTasks(task_pb2.CountTasksRequest(), metadata=md(OTHER_CASEWORKER))).counts
    }
    mine_other = await mediation.stub.ListTasks(task_pb2.ListTasksRequest(view="all"), metadata=md(OTHER_CASEWORKER))
    assert task.id not in {t.id for t in mine_other.tasks} and other["all"] == mine_other.total


async def test_rectification_report_is_a_company_task(mediation: Mediation) -> None:
    task = await _create(
        mediation,
        kind="rectification_report",
        title="整改完成报告 · rectification report",
        candidate_groups=["PC-DFSJ:company"],
        allowed_outcomes=["done"],
        deadline_policy="first_response",
    )
    group = await mediation.stub.ListTasks(task_pb2.ListTasksRequest(view="group"), metadata=md(COMPANY))
    assert task.id in {t.id for t in group.tasks}
    assert '"report"' in task.form_schema_json
    claimed = await mediation.stub.ClaimTask(task_pb2.ClaimTaskRequest(task_id=task.id), metadata=md(COMPANY))
    assert claimed.task.assignee == COMPANY.subject
    # The form is checked against the kind's schema before anything reaches the workflow.
    await expect_status(
        mediation.stub.CompleteTask(
            task_pb2.CompleteTaskRequest(task_id=task.id, outcome="done", form_json='{"photos": ["p1"]}'),
            metadata=md(COMPANY),
        ),
        grpc.StatusCode.INVALID_ARGUMENT,
        "report",
    )


async def test_group_view_pages_a_task_in_two_of_my_groups_once(mediation: Mediation) -> None:
    both = Identity("xiadong.both", ("caseworker", "grid_worker"), ("NB-XIADONG",), "两岗")
    made = {(await _create(mediation, priority=i)).id for i in range(5)}
    company_only = await _create(mediation, candidate_groups=["PC-DFSJ:company"])
    seen: list[str] = []
    token = ""
    while True:
        page = await mediation.stub.ListTasks(
            task_pb2.ListTasksRequest(view="group", page_size=2, page_token=token), metadata=md(both)
        )
        assert page.total == 5 and not page.total_capped
        seen += [t.id for t in page.tasks]
        token = page.next_page_token
        if not token:
            break
    assert len(seen) == 5 and set(seen) == made and company_only.id not in seen
    counts = {
        c.view: c.count
        for c in (await mediation.stub.CountTasks(task_pb2.CountTasksRequest(), metadata=md(both))).counts
    }
    assert counts["group"] == 5
    # Claiming takes a task out of the group view at once (the groups' status copy follows).
    await mediation.stub.ClaimTask(task_pb2.ClaimTaskRequest(task_id=seen[0]), metadata=md(both))
    after = await mediation.stub.ListTasks(task_pb2.ListTasksRequest(view="group"), metadata=md(both))
    assert seen[0] not in {t.id for t in after.tasks} and after.total == 4
    await mediation.stub.ReleaseTask(task_pb2.ReleaseTaskRequest(task_id=seen[0]), metadata=md(both))
    again = await mediation.stub.ListTasks(task_pb2.ListTasksRequest(view="group"), metadata=md(both))
    assert [t.id for t in again.tasks] == seen

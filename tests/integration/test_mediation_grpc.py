"""The task service's gRPC API: creation, inbox views, claims, completion guards."""

from __future__ import annotations

import asyncio
import json
import uuid

import grpc
from fengqiao.mediation.v1 import task_pb2

from tests.helpers import CASEWORKER, CENTER, GRID, OTHER_CASEWORKER, SYSTEM, md
from tests.integration.conftest import Mediation, expect_status


def new_task(case_no: str | None = None, step: int = 1) -> task_pb2.CreateTaskRequest:
    case_no = case_no or f"DJ-2026-{uuid.uuid4().int % 1_000_000:06d}"
    return task_pb2.CreateTaskRequest(
        task_id=f"case-{case_no}-t{step}",
        kind="triage",
        case_no=case_no,
        workflow_id=f"case-{case_no}",
        title="分流 · triage",
        candidate_groups=["NB-XIADONG:caseworker", "NB-XIADONG:grid_worker"],
        priority=50,
        allowed_outcomes=["resolved_on_spot"],
        deadline_policy="first_response",
        community_code="CM-DFSJ",
        neighbourhood_code="NB-XIADONG",
        company_code="PC-DFSJ",
    )


async def test_tasks_are_created_once_by_the_workflow(mediation: Mediation) -> None:
    request = new_task()
    await expect_status(mediation.stub.CreateTask(request, metadata=md(CASEWORKER)), grpc.StatusCode.PERMISSION_DENIED)
    first, again = await asyncio.gather(*(mediation.stub.CreateTask(request, metadata=md(SYSTEM)) for _ in range(2)))
    assert sorted([first.replayed, again.replayed]) == [False, True]
    assert first.task.due_at.seconds > 0 and first.task.status == task_pb2.TASK_STATUS_OPEN
    schema = json.loads(first.task.form_schema_json)
    assert schema["required"] == ["note"]
    bad = new_task()
    bad.deadline_policy = "someday"
    await expect_status(
        mediation.stub.CreateTask(bad, metadata=md(SYSTEM)), grpc.StatusCode.INVALID_ARGUMENT, "deadline policy"
    )


async def test_inbox_views_follow_groups_and_scope(mediation: Mediation) -> None:
    created = (await mediation.stub.CreateTask(new_task(), metadata=md(SYSTEM))).task
    group = await mediation.stub.ListTasks(task_pb2.ListTasksRequest(view="group"), metadata=md(CASEWORKER))
    assert created.id in {t.id for t in group.tasks}
    other = await mediation.stub.ListTasks(task_pb2.ListTasksRequest(view="group"), metadata=md(OTHER_CASEWORKER))
    assert created.id not in {t.id for t in other.tasks}
    everything = await mediation.stub.ListTasks(task_pb2.ListTasksRequest(view="all"), metadata=md(CENTER))
    assert created.id in {t.id for t in everything.tasks}
    await expect_status(
        mediation.stub.GetTask(task_pb2.GetTaskRequest(task_id=created.id), metadata=md(OTHER_CASEWORKER)),
        grpc.StatusCode.PERMISSION_DENIED,
    )
    await expect_status(
        mediation.stub.ListTasks(task_pb2.ListTasksRequest(view="everything"), metadata=md(CASEWORKER)),
        grpc.StatusCode.INVALID_ARGUMENT,
        "view",
    )


async def test_pages_cover_the_view_once(mediation: Mediation) -> None:
    case_no = f"DJ-2026-{uuid.uuid4().int % 1_000_000:06d}"
    for step in range(1, 6):
        await mediation.stub.CreateTask(new_task(case_no, step), metadata=md(SYSTEM))
    seen, token = [], ""
    while True:
        page = await mediation.stub.ListTasks(
            task_pb2.ListTasksRequest(view="group", case_no=case_no, page_size=2, page_token=token),
            metadata=md(CASEWORKER),
        )
        assert page.total == 5
        seen += [t.id for t in page.tasks]
        if not (token := page.next_page_token):
            break
    assert sorted(seen) == sorted(f"case-{case_no}-t{s}" for s in range(1, 6))


async def test_two_claims_one_wins(mediation: Mediation) -> None:
    task = (await mediation.stub.CreateTask(new_task(), metadata=md(SYSTEM))).task
    claims = await asyncio.gather(
        mediation.stub.ClaimTask(
            task_pb2.ClaimTaskRequest(task_id=task.id, expected_version=task.version), metadata=md(CASEWORKER)
        ),
        mediation.stub.ClaimTask(
            task_pb2.ClaimTaskRequest(task_id=task.id, expected_version=task.version), metadata=md(GRID)
        ),
        return_exceptions=True,
    )
    wins = [c for c in claims if isinstance(c, task_pb2.ClaimTaskResponse)]
    losses = [c for c in claims if isinstance(c, grpc.aio.AioRpcError)]
    assert len(wins) == 1 and len(losses) == 1
    assert losses[0].code() == grpc.StatusCode.ABORTED
    holder = wins[0].task.assignee
    assert holder in ("xiadong.caseworker", "xiadong.grid")
    assert [e.action for e in wins[0].task.history] == ["created", "claimed"]
    # The answer is the row as the claim left it (read in the claim's own transaction).
    assert wins[0].task.version == task.version + 1
    assert wins[0].task.status == task_pb2.TASK_STATUS_CLAIMED
    again = await mediation.stub.GetTask(task_pb2.GetTaskRequest(task_id=task.id), metadata=md(CASEWORKER))
    assert (again.task.version, again.task.assignee) == (wins[0].task.version, holder)


async def test_release_assign_and_completion_guards(mediation: Mediation) -> None:
    task = (await mediation.stub.CreateTask(new_task(), metadata=md(SYSTEM))).task
    tid = task.id
    await expect_status(
        mediation.stub.ClaimTask(task_pb2.ClaimTaskRequest(task_id=tid), metadata=md(CENTER)),
        grpc.StatusCode.PERMISSION_DENIED,
        "candidate groups",
    )
    await expect_status(
        mediation.stub.CompleteTask(
            task_pb2.CompleteTaskRequest(task_id=tid, outcome="resolved_on_spot", form_json='{"note":"x"}'),
            metadata=md(CASEWORKER),
        ),
        grpc.StatusCode.FAILED_PRECONDITION,
        "you do not hold",
    )
    await mediation.stub.ClaimTask(task_pb2.ClaimTaskRequest(task_id=tid), metadata=md(CASEWORKER))
    await expect_status(
        mediation.stub.ReleaseTask(task_pb2.ReleaseTaskRequest(task_id=tid), metadata=md(GRID)),
        grpc.StatusCode.PERMISSION_DENIED,
    )
    await expect_status(
        mediation.stub.AssignTask(
            task_pb2.AssignTaskRequest(task_id=tid, assignee="xiadong.grid"), metadata=md(CASEWORKER)
        ),
        grpc.StatusCode.PERMISSION_DENIED,
        "supervisors",
    )
    assigned = await mediation.stub.AssignTask(
        task_pb2.AssignTaskRequest(task_id=tid, assignee="xiadong.grid"), metadata=md(CENTER)
    )
    assert assigned.task.assignee == "xiadong.grid"
    await expect_status(
        mediation.stub.CompleteTask(
            task_pb2.CompleteTaskRequest(task_id=tid, outcome="resolved_on_spot", form_json='{"note":"x"}'),
            metadata=md(CASEWORKER),
        ),
        grpc.StatusCode.FAILED_PRECONDITION,
        "held by xiadong.grid",
    )
    await expect_status(
        mediation.stub.CompleteTask(
            task_pb2.CompleteTaskRequest(task_id=tid, outcome="satisfied", form_json='{"note":"x"}'), metadata=md(GRID)
        ),
        grpc.StatusCode.INVALID_ARGUMENT,
        "not allowed",
    )
    await expect_status(
        mediation.stub.CompleteTask(
            task_pb2.CompleteTaskRequest(task_id=tid, outcome="resolved_on_spot", form_json='{"note":""}'),
            metadata=md(GRID),
        ),
        grpc.StatusCode.INVALID_ARGUMENT,
        "form.note",
    )
    # Valid, but no workflow runs for this task: refused, and the row is unchanged.
    await expect_status(
        mediation.stub.CompleteTask(
            task_pb2.CompleteTaskRequest(task_id=tid, outcome="resolved_on_spot", form_json='{"note":"ok"}'),
            metadata=md(GRID),
        ),
        grpc.StatusCode.FAILED_PRECONDITION,
        "not running",
    )
    got = (await mediation.stub.GetTask(task_pb2.GetTaskRequest(task_id=tid), metadata=md(GRID))).task
    assert got.status == task_pb2.TASK_STATUS_CLAIMED
    released = await mediation.stub.ReleaseTask(task_pb2.ReleaseTaskRequest(task_id=tid), metadata=md(GRID))
    assert released.task.status == task_pb2.TASK_STATUS_OPEN and released.task.assignee == ""


async def test_workflow_write_backs_are_idempotent(mediation: Mediation) -> None:
    tid = (await mediation.stub.CreateTask(new_task(), metadata=md(SYSTEM))).task.id
    overdue = [
        await mediation.stub.MarkTaskOverdue(task_pb2.MarkTaskOverdueRequest(task_id=tid), metadata=md(SYSTEM))
        for _ in range(2)
    ]
    assert overdue[1].task.overdue and overdue[1].task.priority == 75
    assert overdue[0].task.version == overdue[1].task.version
    done = task_pb2.RecordTaskCompletionRequest(
        task_id=tid, outcome="resolved_on_spot", form_json="{}", completed_by="xiadong.caseworker"
    )
    first = await mediation.stub.RecordTaskCompletion(done, metadata=md(SYSTEM))
    again = await mediation.stub.RecordTaskCompletion(done, metadata=md(SYSTEM))
    assert first.task.status == again.task.status == task_pb2.TASK_STATUS_COMPLETED
    assert first.task.version == again.task.version
    mine = await mediation.stub.ListTasks(task_pb2.ListTasksRequest(view="completed"), metadata=md(CASEWORKER))
    assert tid in {t.id for t in mine.tasks}

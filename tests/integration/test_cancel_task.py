"""CancelTask: admin only, with a reason, only for a task no workflow waits on; a cancelled task
leaves every inbox and keeps the reason in its history."""

from __future__ import annotations

import uuid

import grpc
from fengqiao.mediation.v1 import task_pb2
from temporalio.worker import Worker

from services.common import temporal
from services.common.identity import Identity
from tests.helpers import CASEWORKER, OPS, SYSTEM, md
from tests.integration.conftest import Mediation, expect_status
from tests.integration.task_owner_probe import TaskOwnerProbeWorkflow
from tests.integration.test_mediation_grpc import new_task

ADMIN = Identity("admin", ("admin",), ("SD-DONGJIE",), "系统管理员")


async def test_only_admins_cancel_stuck_tasks_with_a_reason(mediation: Mediation) -> None:
    case_no = f"DJ-2026-{uuid.uuid4().int % 1_000_000:06d}"
    created = await mediation.stub.CreateTask(new_task(case_no), metadata=md(SYSTEM))
    task_id = created.task.id
    cancel = task_pb2.CancelTaskRequest(task_id=task_id, reason="workflow terminated by ops")
    for who in (CASEWORKER, OPS):
        await expect_status(mediation.stub.CancelTask(cancel, metadata=md(who)), grpc.StatusCode.PERMISSION_DENIED)
    blank = task_pb2.CancelTaskRequest(task_id=task_id, reason="  ")
    await expect_status(
        mediation.stub.CancelTask(blank, metadata=md(ADMIN)), grpc.StatusCode.INVALID_ARGUMENT, "reason"
    )
    missing = task_pb2.CancelTaskRequest(task_id="case-none-t1", reason="x")
    await expect_status(mediation.stub.CancelTask(missing, metadata=md(ADMIN)), grpc.StatusCode.NOT_FOUND)

    # No workflow case-<no> exists in Temporal: nothing waits on the task, so it may go.
    done = await mediation.stub.CancelTask(cancel, metadata=md(ADMIN))
    assert done.task.status == task_pb2.TASK_STATUS_CANCELLED
    assert [(e.action, e.actor, e.detail) for e in done.task.history][-1] == (
        "cancelled",
        "admin",
        "workflow terminated by ops",
    )
    inbox = await mediation.stub.ListTasks(task_pb2.ListTasksRequest(view="group"), metadata=md(CASEWORKER))
    assert task_id not in [t.id for t in inbox.tasks]
    await expect_status(
        mediation.stub.CancelTask(cancel, metadata=md(ADMIN)), grpc.StatusCode.FAILED_PRECONDITION, "nothing to cancel"
    )


async def test_a_task_of_any_workflow_type_is_cancelled_only_when_not_waited_on(mediation: Mediation) -> None:
    """Supervision-, review- and takeover-style workflows answer with open_task_id, professional
    mediation and consultation with open_tasks: cancelling a task they wait on is a clear refusal
    (issue #18: it was a 500, CaseState lacking case_no), and one they do not wait on goes."""
    client = await temporal.connect(mediation.settings)
    queue = f"probe-{uuid.uuid4().hex[:8]}"
    async with Worker(client, task_queue=queue, workflows=[TaskOwnerProbeWorkflow]):
        for shape in ("open_task_id", "open_tasks"):
            workflow_id = f"supervision-{uuid.uuid4().hex[:8]}"
            waited, free = f"{workflow_id}-t1", f"{workflow_id}-t2"
            state = {"open_task_id": waited} if shape == "open_task_id" else {"open_tasks": [f"{waited}:rectify"]}
            handle = await client.start_workflow(
                TaskOwnerProbeWorkflow.run, {"status": "RUNNING", **state}, id=workflow_id, task_queue=queue
            )
            for task_id in (waited, free):
                request = new_task()
                request.task_id, request.workflow_id = task_id, workflow_id
                await mediation.stub.CreateTask(request, metadata=md(SYSTEM))
            await expect_status(
                mediation.stub.CancelTask(task_pb2.CancelTaskRequest(task_id=waited, reason="x"), metadata=md(ADMIN)),
                grpc.StatusCode.FAILED_PRECONDITION,
                "still waits on task",
            )
            done = await mediation.stub.CancelTask(
                task_pb2.CancelTaskRequest(task_id=free, reason="left behind"), metadata=md(ADMIN)
            )
            assert done.task.status == task_pb2.TASK_STATUS_CANCELLED, shape
            await handle.signal(TaskOwnerProbeWorkflow.finish)

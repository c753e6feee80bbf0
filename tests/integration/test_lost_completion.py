"""A completion whose update Temporal never kept (issue #12: the worker running it was killed before
its workflow task was saved) leaves the task row completed — the workflow's update writes it — while the
workflow still holds the task open. The same person sending the same completion again gets it
applied, once; anyone else, or a completion the workflow already has, hears "already completed"."""

from __future__ import annotations

import asyncio
import uuid

import grpc
from fengqiao.mediation.v1 import task_pb2
from temporalio.client import Client
from temporalio.worker import Worker

from services.common.temporal import data_converter
from tests.helpers import CASEWORKER, GRID, SYSTEM, md
from tests.integration.conftest import Mediation, expect_status
from tests.integration.slow_completion_probe import SlowCompletionProbeWorkflow
from tests.integration.test_mediation_grpc import new_task

FORM = '{"note": "已联系物业维修"}'


async def test_a_completion_lost_with_its_replica_is_applied_once_when_sent_again(
    mediation: Mediation, temporal_dev: Client
) -> None:
    queue = f"lost-{uuid.uuid4().hex[:8]}"
    # The mediation service seals payloads with its key ring: the workflow's client opens them.
    client = Client(temporal_dev.service_client, data_converter=data_converter(mediation.settings))
    async with Worker(client, task_queue=queue, workflows=[SlowCompletionProbeWorkflow]):
        handle = await client.start_workflow(
            SlowCompletionProbeWorkflow.run, id=f"case-lost-{uuid.uuid4().hex[:8]}", task_queue=queue
        )
        request = new_task()
        request.task_id, request.workflow_id = f"{handle.id}-t1", handle.id
        await mediation.stub.CreateTask(request, metadata=md(SYSTEM))
        await mediation.stub.ClaimTask(task_pb2.ClaimTaskRequest(task_id=request.task_id), metadata=md(CASEWORKER))
        # What the lost update's local activity wrote before its caller died.
        await mediation.stub.RecordTaskCompletion(
            task_pb2.RecordTaskCompletionRequest(
                task_id=request.task_id, outcome="resolved_on_spot", form_json=FORM, completed_by=CASEWORKER.subject
            ),
            metadata=md(SYSTEM),
        )
        again = task_pb2.CompleteTaskRequest(task_id=request.task_id, outcome="resolved_on_spot", form_json=FORM)
        await expect_status(
            mediation.stub.CompleteTask(again, metadata=md(GRID)),
            grpc.StatusCode.FAILED_PRECONDITION,
            "already completed",
        )
        sent = asyncio.ensure_future(mediation.stub.CompleteTask(again, metadata=md(CASEWORKER)))
        await asyncio.sleep(1)
        await handle.signal(SlowCompletionProbeWorkflow.release)
        done = await sent
        assert done.task.status == task_pb2.TASK_STATUS_COMPLETED and done.task.outcome == "resolved_on_spot"
        assert await handle.result() == 1  # the workflow got the completion, once
        # Once more: Temporal answers from the update it kept (same id); nothing is applied again.
        replay = await mediation.stub.CompleteTask(again, metadata=md(CASEWORKER))
        assert replay.task.status == task_pb2.TASK_STATUS_COMPLETED
        other = task_pb2.CompleteTaskRequest(
            task_id=request.task_id, outcome="resolved_on_spot", form_json='{"note": "另一次"}'
        )
        await expect_status(
            mediation.stub.CompleteTask(other, metadata=md(CASEWORKER)),
            grpc.StatusCode.FAILED_PRECONDITION,
            "already completed",
        )
        history = (
            await mediation.stub.GetTask(task_pb2.GetTaskRequest(task_id=request.task_id), metadata=md(CASEWORKER))
        ).task.history
        assert [e.action for e in history] == ["created", "claimed", "completed"]

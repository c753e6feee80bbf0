"""No personal data readable in Temporal: a case whose human steps quote a name and a phone number
leaves neither in the raw history the server stores (DESIGN.md invariant 6)."""

from __future__ import annotations

import asyncio
import uuid

from temporalio.api.common.v1 import WorkflowExecution
from temporalio.api.workflowservice.v1 import GetWorkflowExecutionHistoryRequest
from temporalio.client import Client
from temporalio.converter import DataConverter
from temporalio.worker import Worker

from contracts.case import STATUS_QUERY, CaseInput, CaseState
from contracts.tasks import COMPLETE_TASK_UPDATE, TaskCompletion
from services.common import temporal
from services.common.settings import CommonSettings
from tests.workflows.fakes import FakeServices
from workflows.case.workflows import DisputeCaseWorkflow

NAME, PHONE = "张三", "13800138000"
# How the name can appear in a payload: UTF-8, or escaped by a JSON encoder.
NEEDLES = [PHONE.encode(), NAME.encode(), b"\\u5f20\\u4e09"]


async def run_case(client: Client) -> str:
    """Runs one case to CLOSED through a worker on `client`, with personal data in the notes."""
    fake = FakeServices()
    queue = f"cases-{uuid.uuid4().hex[:8]}"
    case_no = f"DJ-2026-{uuid.uuid4().int % 1_000_000:06d}"
    async with Worker(client, task_queue=queue, workflows=[DisputeCaseWorkflow], activities=fake.activities()):
        handle = await client.start_workflow(
            DisputeCaseWorkflow.run,
            CaseInput(case_no, "CM-DFSJ", "NB-XIADONG", "PC-DFSJ", "leak", "online"),
            id=f"case-{case_no}",
            task_queue=queue,
        )
        for kind, outcome in (("triage", "resolved_on_spot"), ("callback", "satisfied")):
            for _ in range(200):
                state = await handle.query(STATUS_QUERY, result_type=CaseState)
                if state.open_task_kind == kind:
                    break
                await asyncio.sleep(0.05)
            await handle.execute_update(
                COMPLETE_TASK_UPDATE,
                TaskCompletion(
                    state.open_task_id, outcome, "xiadong.caseworker", f'{{"note": "已联系{NAME}，电话{PHONE}"}}'
                ),
            )
        assert await handle.result() == "CLOSED"
        # The codec's own client reads the notes back in clear.
        reply = next(e for e in fake.events if e.kind == "reply")
        assert PHONE in reply.summary
    return handle.id


async def raw_history(client: Client, workflow_id: str) -> bytes:
    """The history exactly as the server stores it: no data converter, no codec."""
    response = await client.workflow_service.get_workflow_execution_history(
        GetWorkflowExecutionHistoryRequest(
            namespace=client.namespace, execution=WorkflowExecution(workflow_id=workflow_id)
        )
    )
    return response.history.SerializeToString()


async def test_raw_history_holds_no_name_or_phone(temporal_dev: Client) -> None:
    settings = CommonSettings()
    encrypted = Client(
        temporal_dev.service_client,
        namespace=temporal_dev.namespace,
        data_converter=temporal.data_converter(settings),
    )
    history = await raw_history(temporal_dev, await run_case(encrypted))
    assert b"binary/encrypted" in history
    found = [needle for needle in NEEDLES if needle in history]
    assert found == [], f"personal data readable in raw history: {found}"


async def test_the_scan_finds_personal_data_when_nothing_encrypts(temporal_dev: Client) -> None:
    """Control: without the codec the same case leaves the phone in history, so the scan above can fail."""
    plain = Client(temporal_dev.service_client, namespace=temporal_dev.namespace, data_converter=DataConverter.default)
    history = await raw_history(temporal_dev, await run_case(plain))
    assert PHONE.encode() in history

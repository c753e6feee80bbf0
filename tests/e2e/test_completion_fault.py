"""Completion answers first (issue #19): the case workflow answers a completion as soon as it accepts
it, and the mediation service writes the task row from that answer. Killed between the two — the
update accepted, the row not yet written — nothing is lost: the workflow's next step writes the row
(once), the case moves on, and the same completion sent again is answered, not applied twice."""

from __future__ import annotations

import asyncio
import uuid

import asyncpg
import httpx
from temporalio.client import Client

from benchmarks.pg import dsn
from deploy.local.stack import Stack
from tests.e2e.test_slice import COMPLAINT, login, wait_for_task

FORM = {"note": "已联系物业维修，现场确认不再漏水"}


async def update_completed(temporal: Client, workflow_id: str, task_id: str) -> bool:
    """Whether the workflow's history holds the completion's update as completed (accepted)."""
    history = await temporal.get_workflow_handle(workflow_id).fetch_history()
    return any(
        event.HasField("workflow_execution_update_completed_event_attributes")
        and task_id in event.workflow_execution_update_completed_event_attributes.meta.update_id
        for event in history.events
    )


async def test_mediation_killed_between_the_answer_and_the_row_loses_nothing(
    http: httpx.AsyncClient, stack: Stack
) -> None:
    worker = await login(http, "xiadong.caseworker")
    filed = await http.post(
        "/api/v1/complaints", json=COMPLAINT, headers=worker | {"Idempotency-Key": uuid.uuid4().hex}
    )
    assert filed.status_code == 201, filed.text
    case_no = filed.json()["case_no"]
    task = await wait_for_task(http, worker, case_no, "triage")
    claimed = await http.post(f"/api/v1/tasks/{task['id']}/claim", headers=worker)
    assert claimed.status_code == 200, claimed.text

    temporal = await Client.connect(stack.config.temporal_address)
    # The row is held locked, so the mediation service's write from the answer waits on it.
    db = await asyncpg.connect(dsn(stack.config.database_urls["mediation"]))
    lock = db.transaction()
    await lock.start()
    await db.execute("SELECT 1 FROM task WHERE id = $1 FOR UPDATE", task["id"])
    body = {"outcome": "resolved_on_spot", "form": FORM}
    sending = asyncio.ensure_future(http.post(f"/api/v1/tasks/{task['id']}/complete", json=body, headers=worker))
    try:
        for _ in range(200):
            if await update_completed(temporal, task["workflow_id"], task["id"]):
                break
            await asyncio.sleep(0.1)
        else:
            raise AssertionError("the workflow never accepted the completion")
        await asyncio.sleep(0.5)  # the service has the answer and waits on the row
        await asyncio.to_thread(stack.kill, "mediation")
    finally:
        await lock.rollback()
        await db.close()
    answer = await sending
    assert answer.status_code >= 500, answer.text  # the caller never heard: the service died
    row = await db_status(stack, task["id"])
    assert row == "CLAIMED"  # the service died before it wrote the row

    await asyncio.to_thread(stack.respawn, "mediation")
    # The workflow's next step (the reply and the callback task) writes the row: it converges.
    for _ in range(300):
        if await db_status(stack, task["id"]) == "COMPLETED":
            break
        await asyncio.sleep(0.1)
    assert await db_status(stack, task["id"]) == "COMPLETED"
    for _ in range(100):  # the gateway reconnects to the service started again
        if (await http.get(f"/api/v1/tasks/{task['id']}", headers=worker)).status_code == 200:
            break
        await asyncio.sleep(0.2)
    await wait_for_task(http, worker, case_no, "callback")
    converged = (await http.get(f"/api/v1/tasks/{task['id']}", headers=worker)).json()
    assert (converged["status"], converged["outcome"], converged["completed_by"]) == (
        "completed",
        "resolved_on_spot",
        "xiadong.caseworker",
    )
    # The caller sends the same completion again (no answer came): answered, not applied twice.
    again = await http.post(f"/api/v1/tasks/{task['id']}/complete", json=body, headers=worker)
    assert again.status_code == 200, again.text
    assert [e["action"] for e in again.json()["history"]] == ["created", "claimed", "completed"]
    timeline = (await http.get(f"/api/v1/cases/{case_no}", headers=worker)).json()
    kinds = [e["kind"] for e in timeline["timeline"]]
    assert kinds.count("task_completed") == 1 and "reply" in kinds, kinds


async def db_status(stack: Stack, task_id: str) -> str:
    db = await asyncpg.connect(dsn(stack.config.database_urls["mediation"]))
    try:
        return str(await db.fetchval("SELECT status FROM task WHERE id = $1", task_id))
    finally:
        await db.close()

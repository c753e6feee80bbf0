"""Every role × every inbox and task endpoint (API and console page), expected allow or deny.

Each mutating cell gets a fresh task (created as the workflow would, over the mediation service's
gRPC API) in 下东社区 for 东方物业's community, so one cell's outcome never leaks into another's.
"Allowed" for complete means the permission and holder checks passed and the call reached
Temporal (whose answer, for a task with no workflow behind it, is "not running").
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import httpx
import pytest
import pytest_asyncio
from fengqiao.mediation.v1 import task_pb2, task_pb2_grpc

from deploy.local.stack import Stack
from services.common.grpc_client import channel
from tests.e2e.test_slice import PASSWORD
from tests.helpers import SYSTEM, md

VIEWS = ("mine", "group", "all", "completed", "overdue")
# Who sees a 下东社区 / 东方物业 task: its groups, its neighbourhood, its company, the wide roles.
SEES = {"xiadong.caseworker", "xiadong.grid", "dongjie.center", "luzhou.district", "company.admin", "ops", "admin"}
IN_GROUPS = {"xiadong.caseworker", "xiadong.grid"}
SUPERVISORS = {"dongjie.center", "admin"}
HOLDER = "xiadong.grid"
USERS = (
    "xiadong.caseworker",  # caseworker, same neighbourhood, candidate group
    "xiadong.grid",  # grid worker, candidate group, holds the claimed tasks
    "other.caseworker",  # caseworker of another neighbourhood
    "dongjie.center",  # street centre + supervisor
    "luzhou.district",  # district centre
    "company.admin",  # the community's property company
    "staff.pc-cpy",  # another property company
    "mediator.1",
    "court.liaison",
    "police.liaison",
    "ops",
    "admin",
)


def expected(user: str) -> dict[str, tuple[int, str]]:
    """(status, fragment of the message) per endpoint for `user`."""
    sees = user in SEES
    cells: dict[str, tuple[int, str]] = {f"GET list view={v}": (200, "") for v in VIEWS}
    cells["GET counts"] = (200, "")
    cells["GET saved-filters"] = (200, "")
    cells["task in view=all"] = (200 if sees else 404, "")
    cells["GET task"] = (200, "") if sees else (403, "outside your organisations")
    cells["GET console task page"] = (200, "") if sees else (403, "无权访问")
    cells["POST claim"] = (
        (200, "") if user in IN_GROUPS else (403, "candidate groups" if sees else "outside your organisations")
    )
    if not sees:
        cells["POST release"] = (403, "outside your organisations")
    elif user == HOLDER or user in SUPERVISORS:
        cells["POST release"] = (200, "")
    else:
        cells["POST release"] = (403, "only they or a supervisor")
    cells["POST assign"] = (200, "") if user in SUPERVISORS else (403, "only supervisors")
    if not sees:
        cells["POST complete"] = (403, "outside your organisations")
    elif user == HOLDER:
        cells["POST complete"] = (409, "not running")
    else:
        cells["POST complete"] = (409, "you do not hold")
    return cells


@pytest_asyncio.fixture
async def tasks_stub(stack: Stack) -> AsyncIterator[task_pb2_grpc.TaskServiceStub]:
    async with channel(f"127.0.0.1:{stack.config.mediation_port}") as ch:
        yield task_pb2_grpc.TaskServiceStub(ch)


async def fresh_task(
    stub: task_pb2_grpc.TaskServiceStub, *, claimed_by: dict[str, str] | None, http: httpx.AsyncClient
) -> str:
    case_no = f"PM-{uuid.uuid4().hex[:10]}"
    created = await stub.CreateTask(
        task_pb2.CreateTaskRequest(
            task_id=f"matrix-{case_no}-t1",
            kind="triage",
            case_no=case_no,
            workflow_id=f"matrix-{case_no}",
            title="分流 · triage",
            candidate_groups=["NB-XIADONG:caseworker", "NB-XIADONG:grid_worker"],
            priority=40,
            allowed_outcomes=["resolved_on_spot"],
            deadline_policy="first_response",
            community_code="CM-DFSJ",
            neighbourhood_code="NB-XIADONG",
            company_code="PC-DFSJ",
        ),
        metadata=md(SYSTEM),
    )
    if claimed_by is not None:
        reply = await http.post(f"/api/v1/tasks/{created.task.id}/claim", headers=claimed_by)
        assert reply.status_code == 200, reply.text
    return str(created.task.id)


async def bearer(http: httpx.AsyncClient, user: str) -> dict[str, str]:
    reply = await http.post("/api/v1/auth/token", data={"username": user, "password": PASSWORD})
    assert reply.status_code == 200, reply.text
    return {"Authorization": f"Bearer {reply.json()['access_token']}"}


def outcome(reply: httpx.Response) -> tuple[int, str]:
    if reply.status_code < 400:
        return reply.status_code, ""
    if reply.headers.get("content-type", "").startswith("application/json"):
        return reply.status_code, reply.json()["error"]["message"]
    return reply.status_code, reply.text


@pytest.mark.parametrize("user", USERS)
async def test_permission_matrix(
    user: str, stack: Stack, http: httpx.AsyncClient, tasks_stub: task_pb2_grpc.TaskServiceStub
) -> None:
    me = await bearer(http, user)
    holder = await bearer(http, HOLDER)
    open_task = await fresh_task(tasks_stub, claimed_by=None, http=http)
    actual: dict[str, tuple[int, str]] = {}
    for view in VIEWS:
        actual[f"GET list view={view}"] = outcome(await http.get("/api/v1/tasks", params={"view": view}, headers=me))
    actual["GET counts"] = outcome(await http.get("/api/v1/tasks/counts", headers=me))
    actual["GET saved-filters"] = outcome(await http.get("/api/v1/saved-filters", headers=me))
    case_no = open_task.removeprefix("matrix-").removesuffix("-t1")
    listed = await http.get("/api/v1/tasks", params={"view": "all", "case_no": case_no}, headers=me)
    assert listed.status_code == 200, listed.text
    actual["task in view=all"] = (200 if open_task in {t["id"] for t in listed.json()["tasks"]} else 404, "")
    actual["GET task"] = outcome(await http.get(f"/api/v1/tasks/{open_task}", headers=me))
    async with httpx.AsyncClient(base_url=str(http.base_url)) as browser_like:
        signed = await browser_like.post("/console/login", data={"username": user, "password": PASSWORD})
        assert signed.status_code == 303
        actual["GET console task page"] = outcome(await browser_like.get(f"/console/tasks/{open_task}"))
    actual["POST claim"] = outcome(
        await http.post(f"/api/v1/tasks/{await fresh_task(tasks_stub, claimed_by=None, http=http)}/claim", headers=me)
    )
    actual["POST release"] = outcome(
        await http.post(
            f"/api/v1/tasks/{await fresh_task(tasks_stub, claimed_by=holder, http=http)}/release", headers=me
        )
    )
    actual["POST assign"] = outcome(
        await http.post(
            f"/api/v1/tasks/{await fresh_task(tasks_stub, claimed_by=None, http=http)}/assign",
            json={"assignee": "xiadong.caseworker"},
            headers=me,
        )
    )
    actual["POST complete"] = outcome(
        await http.post(
            f"/api/v1/tasks/{await fresh_task(tasks_stub, claimed_by=holder, http=http)}/complete",
            json={"outcome": "resolved_on_spot", "form": {"note": "矩阵测试"}},
            headers=me,
        )
    )
    want = expected(user)
    assert set(actual) == set(want)
    wrong = {
        cell: {"expected": want[cell], "got": got}
        for cell, got in actual.items()
        if got[0] != want[cell][0] or want[cell][1] not in got[1]
    }
    assert not wrong, wrong


async def test_anonymous_callers_are_refused_everywhere(http: httpx.AsyncClient) -> None:
    for method, path in [
        *(("GET", f"/api/v1/tasks?view={v}") for v in VIEWS),
        ("GET", "/api/v1/tasks/counts"),
        ("GET", "/api/v1/tasks/any"),
        ("GET", "/api/v1/saved-filters"),
        ("POST", "/api/v1/tasks/any/claim"),
        ("POST", "/api/v1/tasks/any/release"),
        ("POST", "/api/v1/tasks/any/assign"),
        ("POST", "/api/v1/tasks/any/complete"),
    ]:
        reply = await http.request(method, path, json={"assignee": "x"} if path.endswith("assign") else None)
        assert reply.status_code == 401, (method, path, reply.text)
    page = await http.get("/console/tasks/any")
    assert page.status_code == 303 and page.headers["location"] == "/console/login"

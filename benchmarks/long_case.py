"""The two capacity figures measured on Temporal's time-skipping test server with the fake
services of tests/workflows (benchmarks/capacity.py runs them): the longest realistic case
against the per-history limits, and the worker's memory per cached open case.

The longest realistic case: a blocked drain at 土地局小区 (designated, community level). Round 1:
a rectification order of 7 days, checked every day, reported done on day 7 and failed at
verification with a new order, `orders` times; the last passes; the resident is unsatisfied and
the case reopens. Round 2 the same, reopened again. Round 3: the community escalates to the street
center, the street center to the district, and the district runs the same orders until one passes;
the resident is satisfied. With orders=8: 24 orders, 168 daily checks, about half a year.
"""

from __future__ import annotations

import asyncio
import gc
import uuid
from dataclasses import dataclass
from datetime import timedelta

from temporalio.client import WorkflowHandle
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from benchmarks.history_cost import Tally, workflow_cost
from contracts.case import STATUS_QUERY, CaseInput, CaseState
from contracts.tasks import TaskCompletion
from tests.workflows.fakes import FakeServices
from tests.workflows.test_case_workflow import complete
from tests.workflows.test_designated_track import case_input, task_in
from workflows.case.workflows import DisputeCaseWorkflow
from workflows.sandbox import workflow_runner

# Temporal's per-history limits (a workflow run is terminated past them) and the goal: 10 % of each.
EVENT_LIMIT = 51_200
BYTE_LIMIT = 50 * 1024 * 1024
GOAL = 0.10

Handle = WorkflowHandle[DisputeCaseWorkflow, str]


@dataclass
class LongCase:
    days: float
    orders: int
    daily_checks: int
    reopenings: int
    levels: list[str]
    cost: Tally


async def _new_task(handle: Handle, kind: str, done: set[str]) -> str:
    for _ in range(400):
        state: CaseState = await handle.query(STATUS_QUERY, result_type=CaseState)
        found = [t.rsplit(":", 1)[0] for t in state.open_tasks if t.endswith(f":{kind}")]
        fresh = [t for t in found if t not in done]
        if fresh:
            done.add(fresh[-1])
            return fresh[-1]
        await asyncio.sleep(0.02)
    raise AssertionError(f"no new open {kind} task; open: {state.open_tasks}")


async def _orders(env: WorkflowEnvironment, handle: Handle, orders: int, done: set[str]) -> tuple[int, float]:
    """`orders` rectification orders, each checked daily for 7 days and reported; all but the
    last fail verification with a new order. Returns (daily checks done, days passed)."""
    checks, days = 0, 0.0
    for n in range(orders):
        for day in range(7):
            await complete(handle, await _new_task(handle, "daily_check", done), "checked", note=f"第{day + 1}天查看")
            checks += 1
            if day < 6:
                await env.sleep(timedelta(days=1))
                days += 1
        report = await _new_task(handle, "rectification_report", done)
        await handle.execute_update(
            "complete_task", TaskCompletion(report, "done", "company.admin", '{"report": "已整改"}')
        )
        verdict = "pass" if n == orders - 1 else "fail_new_order"
        await complete(handle, await _new_task(handle, "rectification_verification", done), verdict)
        await env.sleep(timedelta(hours=20))
        days += 20 / 24
    return checks, days


async def _handling(handle: Handle, done: set[str], outcome: str, form: str) -> None:
    await complete(handle, await _new_task(handle, "site_visit", done), "visited")
    task = await _new_task(handle, "handling", done)
    await handle.execute_update("complete_task", TaskCompletion(task, outcome, "xiadong.caseworker", form))


async def long_case(env: WorkflowEnvironment, orders: int = 8) -> LongCase:
    fake = FakeServices(due_by_kind={"handling": timedelta(days=5), "rectification_report": timedelta(days=7)})
    queue = f"long-{uuid.uuid4().hex[:8]}"
    wid = f"case-DJ-2026-{uuid.uuid4().int % 1_000_000:06d}"
    order = '{"note": "下水道反复堵塞", "requirements": "7日内疏通主管道并更换破损管段"}'
    done: set[str] = set()
    checks, days = 0, 0.0
    async with Worker(env.client, task_queue=queue, workflows=[DisputeCaseWorkflow], activities=fake.activities()):
        first = await env.client.start_workflow(
            DisputeCaseWorkflow.run, case_input(wid.removeprefix("case-")), id=wid, task_queue=queue
        )
        handle: Handle = env.client.get_workflow_handle(wid)  # the latest run, across continue-as-new
        await complete(handle, await task_in(handle, "triage"), "designated")
        for reopened in range(3):
            if reopened < 2:
                await _handling(handle, done, "rectification_order", order)
            else:  # third round: up to the district, which orders again
                await _handling(handle, done, "escalate", '{"note": "屡改屡犯", "reason": "物业拒不整改，需街道协调"}')
                await _handling(handle, done, "escalate", '{"note": "涉及管网", "reason": "需区住建局与城管联合处理"}')
                await _handling(handle, done, "rectification_order", order)
            c, d = await _orders(env, handle, orders, done)
            checks, days = checks + c, days + d
            verdict = "unsatisfied" if reopened < 2 else "satisfied"
            await complete(handle, await _new_task(handle, "callback", done), verdict)
        assert await handle.result() == "CLOSED"
        cost, _ = await workflow_cost(env.client, wid, first.first_execution_run_id or first.result_run_id or "")
    levels = [str(e.attributes.get("level")) for e in fake.events if e.kind == "escalated"]
    return LongCase(days, fake.kinds.count("rectification_order"), checks, fake.kinds.count("reopened"), levels, cost)


def rss_bytes() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


async def memory_per_cached_case(env: WorkflowEnvironment, batches: tuple[int, ...] = (200, 200)) -> list[float]:
    """The worker process's resident memory added per open case held in its workflow cache: open
    cases (waiting at triage) are started in batches; after each, RSS growth ÷ batch size."""
    fake = FakeServices()
    queue = f"mem-{uuid.uuid4().hex[:8]}"
    grown: list[float] = []
    async with Worker(
        env.client,
        task_queue=queue,
        workflows=[DisputeCaseWorkflow],
        activities=fake.activities(),
        max_cached_workflows=2000,
        workflow_runner=workflow_runner(),  # the worker's sandbox (workflows/sandbox.py)
    ):

        async def open_case() -> None:
            case_no = f"DJ-2026-{uuid.uuid4().int % 1_000_000:06d}"
            case = CaseInput(
                case_no, "CM-DFSJ", "NB-XIADONG", "PC-DFSJ", "leak", "online", street_center_code="SC-DONGJIE"
            )
            handle = await env.client.start_workflow(
                DisputeCaseWorkflow.run, case, id=f"case-{case_no}-{uuid.uuid4().hex[:4]}", task_queue=queue
            )
            await task_in(handle, "triage")

        await asyncio.gather(*(open_case() for _ in range(20)))  # warm: code paths and pools in place
        for size in batches:
            gc.collect()
            before = rss_bytes()
            for start in range(0, size, 50):
                await asyncio.gather(*(open_case() for _ in range(min(50, size - start))))
            gc.collect()
            grown.append((rss_bytes() - before) / size)
    return grown

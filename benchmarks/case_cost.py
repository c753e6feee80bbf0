"""Benchmark: the Temporal work of one case per track — history events, activities (local ones
included) and search-attribute upserts — before and after v4 (the timeline written with its step).

Before: the newest recorded history of each track from a released version (v2/v3 in
tests/histories), replayed on today's code first (it must still replay). After: the same track's
v4 recording (made by the workflow tests on the time-skipping server with the fakes), and the
simple on-the-spot case run live here on the time-skipping server with the fakes in
tests/workflows/fakes.py, with and without a street center (the issue's figure was measured on a
case with one: triage's escalation gate adds its marker).

    .venv/bin/python -m benchmarks.case_cost

Targets (issue 19, deliverable 1): on-the-spot ≤ 50 events and ≤ 6 activities (was 101 and 12);
every track's events at least a third lower; upserts only when a value changes.
"""

from __future__ import annotations

import asyncio
import json
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path

from temporalio.client import WorkflowHistory
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Replayer, Worker

from benchmarks.history_cost import tally
from contracts.case import CaseInput
from services.common import temporal as temporal_setup
from services.common.settings import CommonSettings
from services.common.temporal import data_converter
from tests.workflows.fakes import FakeServices
from tests.workflows.test_case_workflow import complete, open_task
from workflows.case.workflows import DisputeCaseWorkflow
from workflows.consultation.workflows import ConsultationWorkflow
from workflows.professional.workflows import ProfessionalMediationWorkflow

HISTORIES = Path(__file__).resolve().parents[1] / "tests" / "histories"
IDS: dict[str, str] = json.loads((HISTORIES / "workflow_ids.json").read_text())
# Track → (its newest recording before v4, its v4 recording).
TRACKS = {
    "on the spot": ("case_v2_closed_on_the_spot", "case_v4_closed_on_the_spot"),
    "triage overdue": ("case_v2_triage_overdue", "case_v4_triage_overdue"),
    "callback unreachable": ("case_v2_callback_unreachable", "case_v4_callback_unreachable"),
    "reopened": ("case_v2_reopened", "case_v4_reopened"),
    "triage escalated": ("case_v3_triage_escalated", "case_v4_triage_escalated"),
    "designated, community": ("case_v3_designated_community", "case_v4_designated_community"),
    "escalated to district": ("case_v3_escalated_to_district", "case_v4_escalated_to_district"),
    "rectification": ("case_v3_rectification", "case_v4_rectification"),
    "consultation": ("case_v2_consultation_child", "case_v4_consultation_child"),
    "professional, transferred": ("case_v3_professional_transferred", "case_v4_professional_transferred"),
    "continued as new (1st run)": ("case_v3_continued_as_new", "case_v4_continued_as_new"),
}
ANCHOR_EVENTS, ANCHOR_ACTIVITIES, ANCHOR_UPSERTS = 101, 12, 8  # the on-the-spot figures
TARGET_EVENTS, TARGET_ACTIVITIES = 50, 6


@dataclass(frozen=True)
class Cost:
    events: int
    activities: int  # scheduled activities and local activities
    upserts: int

    def __str__(self) -> str:
        return f"{self.events:>4} ev {self.activities:>3} act {self.upserts:>3} ups"


def cost_of(history: WorkflowHistory) -> Cost:
    t, _ = tally(history)  # benchmarks/history_cost.py: the full count, actions included
    return Cost(t.events, t.activities + t.local_activities, t.upserts)


def recorded(name: str) -> WorkflowHistory:
    return WorkflowHistory.from_json(IDS.get(name, name), json.loads((HISTORIES / f"{name}.json").read_text()))


async def replays(history: WorkflowHistory) -> bool:
    replayer = Replayer(
        workflows=[DisputeCaseWorkflow, ConsultationWorkflow, ProfessionalMediationWorkflow],
        data_converter=data_converter(CommonSettings()),
    )
    result = await replayer.replay_workflow(history, raise_on_replay_failure=False)
    return result.replay_failure is None


async def live_on_the_spot(env: WorkflowEnvironment, street_center: str) -> Cost:
    """Triage resolved on the spot, a satisfied callback, closed: run now, on today's code."""
    fake = FakeServices()
    queue = f"cost-{uuid.uuid4().hex[:8]}"
    case_no = f"DJ-2026-{uuid.uuid4().int % 1_000_000:06d}"
    case = CaseInput(case_no, "CM-DFSJ", "NB-XIADONG", "PC-DFSJ", "leak", "online", street_center_code=street_center)
    async with Worker(env.client, task_queue=queue, workflows=[DisputeCaseWorkflow], activities=fake.activities()):
        handle = await env.client.start_workflow(DisputeCaseWorkflow.run, case, id=f"case-{case_no}", task_queue=queue)
        triage = await open_task(handle, "triage")
        await complete(handle, triage.open_task_id, "resolved_on_spot")
        callback = await open_task(handle, "callback", triage.step)
        await complete(handle, callback.open_task_id, "satisfied")
        assert await handle.result() == "CLOSED"
    assert fake.kinds == [
        "triage_started",
        "task_created",
        "task_completed",
        "reply",
        "task_created",
        "task_completed",
        "closed",
    ], f"the timeline is not complete and in order: {fake.kinds}"
    return cost_of(await handle.fetch_history())


async def main() -> int:
    failures: list[str] = []
    print(f"{'track':<28} {'before (v2/v3 recording)':<26} {'after (v4)':<26} events  target")
    for track, (old, new) in TRACKS.items():
        before_history = recorded(old)
        if not await replays(before_history):
            failures.append(f"{old} no longer replays")
        before, after = cost_of(before_history), cost_of(recorded(new))
        change = after.events / before.events - 1
        ok = change <= -1 / 3
        failures += [] if ok else [f"{track}: events only {change:+.0%}"]
        print(f"{track:<28} {before!s:<26} {after!s:<26} {change:+5.0%}  ≤ -33% {'ok' if ok else 'MISSED'}")
    env = await WorkflowEnvironment.start_time_skipping(
        test_server_existing_path=str(Path(sys.executable).parent / "temporal-test-server")
    )
    try:
        await temporal_setup.register_search_attributes(env.client, env.client.namespace)
        print()
        print(
            f"on the spot, run live now   anchor (issue): {ANCHOR_EVENTS} ev {ANCHOR_ACTIVITIES} act "
            f"{ANCHOR_UPSERTS} ups; target ≤ {TARGET_EVENTS} ev ≤ {TARGET_ACTIVITIES} act"
        )
        for label, street_center in (("no street center", ""), ("with a street center", "SC-DONGJIE")):
            live = await live_on_the_spot(env, street_center)
            ok = live.events <= TARGET_EVENTS and live.activities <= TARGET_ACTIVITIES
            failures += [] if ok else [f"on the spot ({label}): {live}"]
            print(f"  {label:<26} {live!s:<26} {'ok' if ok else 'MISSED'}")
    finally:
        await env.shutdown()
    for failure in failures:
        print("MISSED:", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))

"""TakeoverWorkflow: one lead company takes over N communities ("1+N").

For each community in turn: a handover task for the lead company (the checklist: keys,
archives, facilities, accounts, staff — all must be done) → the community is TAKEN_OVER by the
lead company. Then a probation timer → an acceptance task for the street centre: "well_managed"
marks every community WELL_MANAGED and ends; "not_yet" waits another probation period.
"""

from __future__ import annotations

import json
from datetime import timedelta

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from contracts.takeover import CHECKLIST, STATUS_QUERY, WORKFLOW_NAME, TakeoverInput, TakeoverState
    from contracts.tasks import TaskCompletion
    from workflows.activity_options import ACTIVITY_TIMEOUT, RETRY
    from workflows.takeover.activities import Handover, StatusChange, TakeoverActivities
    from workflows.tasks.open_tasks import OpenTasksWorkflow, TaskScope, form_of


@workflow.defn(name=WORKFLOW_NAME)
class TakeoverWorkflow(OpenTasksWorkflow):
    GATE_COMPLETION_RACE = True

    def __init__(self) -> None:
        super().__init__()
        self._handed_over: list[str] = []
        self._well_managed = False

    @workflow.run
    async def run(self, bundle: TakeoverInput) -> TakeoverState:
        self._status = "HANDOVER"
        for community in bundle.community_codes:
            scope = TaskScope(
                ref=bundle.bundle_id[-32:], community_code=community, company_code=bundle.lead_company_code
            )
            while True:
                done = await self._human_task(
                    "takeover_handover",
                    f"接管交接 · {community}",
                    [f"{bundle.lead_company_code}:company"],
                    scope,
                )
                checklist = _checklist(done)
                if all(checklist.get(item) for item in CHECKLIST):
                    break
                # An incomplete checklist is not a handover: the company gets a fresh task.
            await workflow.execute_activity_method(
                TakeoverActivities.record_handover,
                Handover(bundle.bundle_id, community, json.dumps(checklist, sort_keys=True)),
                start_to_close_timeout=ACTIVITY_TIMEOUT,
                retry_policy=RETRY,
            )
            self._handed_over.append(community)
        self._status = "PROBATION"
        while True:
            await workflow.sleep(
                timedelta(seconds=bundle.probation_seconds)
                if bundle.probation_seconds
                else timedelta(days=bundle.probation_days)
            )
            accepted = await self._human_task(
                "takeover_acceptance",
                f"接管验收 · {bundle.bundle_id}",
                [f"{bundle.street_center_code}:street_center"],
                TaskScope(ref=bundle.bundle_id[-32:], company_code=bundle.lead_company_code),
            )
            if accepted.outcome == "well_managed":
                break
        for community in bundle.community_codes:
            await workflow.execute_activity_method(
                TakeoverActivities.set_management_status,
                StatusChange(bundle.bundle_id, community, bundle.lead_company_code, well_managed=True),
                start_to_close_timeout=ACTIVITY_TIMEOUT,
                retry_policy=RETRY,
            )
        self._well_managed = True
        self._status = "DONE"
        await workflow.wait_condition(workflow.all_handlers_finished)
        return self.state()

    @workflow.query(name=STATUS_QUERY)
    def state(self) -> TakeoverState:
        first = self._first_open()
        return TakeoverState(self._status, list(self._handed_over), self._well_managed, first.task_id if first else "")


def _checklist(done: TaskCompletion) -> dict[str, bool]:
    # The inbox validated the form; an unreadable one counts as nothing ticked.
    raw = form_of(done).get("checklist", {})
    return {str(k): bool(v) for k, v in dict(raw).items()}

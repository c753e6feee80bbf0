"""SupervisionWorkflow (挂牌督办): one per black listing.

[between quarters: a director approves the black listing, or rejects it and it ends] → public
notice (通报) → summons (约谈) task → the company's rectification plan task (plan and days) →
a durable timer to the deadline → inspection task: passed delists the company (a DELISTING
standing change); failed starts another round, up to ``max_rounds``, after which the company
stays on the black list (status FAILED).

Deterministic: no I/O, clocks or randomness; every effect is an activity.
"""

from __future__ import annotations

from datetime import timedelta

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from contracts.supervision import STATUS_QUERY, WORKFLOW_NAME, SupervisionInput, SupervisionState
    from contracts.tasks import TaskCompletion
    from workflows.activity_options import ACTIVITY_TIMEOUT, RETRY
    from workflows.supervision.activities import Decision, NoticeDraft, SupervisionActivities, SupervisionRecord
    from workflows.tasks.open_tasks import OpenTasksWorkflow, TaskScope, form_of


@workflow.defn(name=WORKFLOW_NAME)
class SupervisionWorkflow(OpenTasksWorkflow):
    GATE_COMPLETION_RACE = True

    def __init__(self) -> None:
        super().__init__()
        self._input: SupervisionInput | None = None
        self._rounds = 0

    @workflow.run
    async def run(self, sup: SupervisionInput) -> str:
        self._input = sup
        scope = TaskScope(ref=sup.change_id[-32:], company_code=sup.company_code)
        center = sup.street_center_code
        if sup.needs_approval:
            decision = await self._stage(
                "AWAITING_APPROVAL",
                "standing_approval",
                f"黑榜审定 · {sup.company_code}",
                f"{center}:supervisor",
                scope,
            )
            approved = decision.outcome == "approve"
            await workflow.execute_activity_method(
                SupervisionActivities.decide_standing_change,
                Decision(sup.change_id, approved, decision.completed_by),
                start_to_close_timeout=ACTIVITY_TIMEOUT,
                retry_policy=RETRY,
            )
            if not approved:
                await self._record("REJECTED")
                return self._status
        await self._notice("NOTICE", f"关于{sup.company_code}列入物业服务黑榜的通报", sup.reason)
        summons = await self._stage(
            "SUMMONS", "summons", f"约谈 · {sup.company_code}", f"{center}:street_center", scope
        )
        await self._notice("SUMMONS", f"约谈{sup.company_code}负责人", _field(summons, "note"))
        while True:
            self._rounds += 1
            plan = await self._stage(
                "PLANNING", "rectification_plan", f"整改方案 · 第{self._rounds}轮", f"{sup.company_code}:company", scope
            )
            days = int(_field(plan, "days") or 30)
            deadline = workflow.now() + timedelta(days=days)
            await self._record("RECTIFYING", plan=_field(plan, "plan"), deadline=deadline.isoformat())
            await workflow.sleep(deadline - workflow.now())
            inspection = await self._stage(
                "INSPECTING", "inspection", f"督办验收 · {sup.company_code}", f"{center}:street_center", scope
            )
            if inspection.outcome == "passed":
                await self._record("DELISTED")
                break
            if self._rounds >= sup.max_rounds:
                await self._record("FAILED")
                break
        await workflow.wait_condition(workflow.all_handlers_finished)
        return self._status

    async def _stage(self, status: str, kind: str, title: str, group: str, scope: TaskScope) -> TaskCompletion:
        """Each stage waits for people: the read model shows `status`, then `group` gets the task."""
        await self._record(status)
        return await self._human_task(kind, title, [group], scope)

    async def _record(self, status: str, plan: str = "", deadline: str = "") -> None:
        sup = self._require()
        self._status = status
        await workflow.execute_activity_method(
            SupervisionActivities.record_supervision,
            SupervisionRecord(
                workflow.info().workflow_id, sup.company_code, sup.change_id, status, plan, deadline, self._rounds
            ),
            start_to_close_timeout=ACTIVITY_TIMEOUT,
            retry_policy=RETRY,
        )

    async def _notice(self, kind: str, title: str, body: str) -> None:
        sup = self._require()
        await workflow.execute_activity_method(
            SupervisionActivities.publish_notice,
            NoticeDraft(
                f"{workflow.info().workflow_id}-{kind.lower()}",
                kind,
                sup.company_code,
                sup.subdistrict_code,
                title,
                body,
            ),
            start_to_close_timeout=ACTIVITY_TIMEOUT,
            retry_policy=RETRY,
        )

    def _require(self) -> SupervisionInput:
        assert self._input is not None  # run() sets it before anything else
        return self._input

    @workflow.query(name=STATUS_QUERY)
    def state(self) -> SupervisionState:
        first = self._first_open()
        return SupervisionState(self._status, self._rounds, first.task_id if first else "")


def _field(done: TaskCompletion, name: str) -> str:
    return str(form_of(done).get(name, ""))[:2000]

"""QuarterlyReviewWorkflow (三评机制): one per subdistrict and quarter, started by the
subdistrict's Temporal Schedule.

open the three evaluation windows → (timer) remind → (timer) close → compute → a director's
approval task ("recompute" computes again and asks again) → publish the scores and the red and
black lists → a SupervisionWorkflow (child, abandoned on close) for every newly black company.

Deterministic: the quarter comes from workflow.now() when the schedule leaves it empty.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from temporalio import workflow
from temporalio.workflow import ParentClosePolicy

with workflow.unsafe.imports_passed_through():
    from contracts import supervision as supervision
    from contracts.review import STATUS_QUERY, WORKFLOW_NAME, ReviewInput, ReviewState, ReviewSummary, quarter_of
    from workflows.activity_options import ACTIVITY_TIMEOUT, RETRY
    from workflows.review.activities import Approval, Computed, OpenReview, Published, ReviewActivities, ReviewOpened
    from workflows.tasks.open_tasks import OpenTasksWorkflow, TaskScope

_COMPUTE_TIMEOUT = timedelta(minutes=5)


@workflow.defn(name=WORKFLOW_NAME)
class QuarterlyReviewWorkflow(OpenTasksWorkflow):
    GATE_COMPLETION_RACE = True

    def __init__(self) -> None:
        super().__init__()
        self._review_id = ""
        self._quarter = ""
        self._computations = 0
        self._supervisions: list[str] = []

    @workflow.run
    async def run(self, review: ReviewInput) -> ReviewSummary:
        self._quarter = review.quarter or quarter_of(workflow.now())
        started = workflow.now()
        opened: ReviewOpened = await workflow.execute_activity_method(
            ReviewActivities.open_review,
            OpenReview(review.subdistrict_code, self._quarter, (started + review.window()).isoformat()),
            start_to_close_timeout=ACTIVITY_TIMEOUT,
            retry_policy=RETRY,
        )
        self._review_id = opened.review_id
        self._status = "OPEN"
        await workflow.sleep(review.remind_after())
        await workflow.execute_activity_method(
            ReviewActivities.remind_review, self._review_id, start_to_close_timeout=ACTIVITY_TIMEOUT, retry_policy=RETRY
        )
        closes_at = datetime.fromisoformat(opened.closes_at)
        if closes_at > workflow.now():
            await workflow.sleep(closes_at - workflow.now())
        await workflow.execute_activity_method(
            ReviewActivities.close_review, self._review_id, start_to_close_timeout=ACTIVITY_TIMEOUT, retry_policy=RETRY
        )
        self._status = "CLOSED"
        computed = await self._compute()
        while True:
            decision = await self._human_task(
                "review_approval",
                f"三评结果审定 · {self._quarter}",
                [f"{review.street_center_code}:supervisor"],
                TaskScope(ref=self._review_id[-32:]),
            )
            if decision.outcome == "approve":
                break
            computed = await self._compute()
        published: Published = await workflow.execute_activity_method(
            ReviewActivities.publish_review,
            Approval(self._review_id, decision.completed_by),
            start_to_close_timeout=ACTIVITY_TIMEOUT,
            retry_policy=RETRY,
        )
        self._status = "PUBLISHED"
        for black in published.newly_black:
            child_id = supervision.workflow_id(black.change_id)
            await workflow.start_child_workflow(
                supervision.WORKFLOW_NAME,
                supervision.SupervisionInput(
                    change_id=black.change_id,
                    company_code=black.company_code,
                    subdistrict_code=review.subdistrict_code,
                    street_center_code=review.street_center_code,
                    reason=black.reason,
                ),
                id=child_id,
                parent_close_policy=ParentClosePolicy.ABANDON,
            )
            self._supervisions.append(child_id)
        await workflow.wait_condition(workflow.all_handlers_finished)
        return ReviewSummary(
            self._review_id, computed.companies, computed.red, computed.black, decision.completed_by, self._supervisions
        )

    async def _compute(self) -> Computed:
        self._computations += 1
        computed: Computed = await workflow.execute_activity_method(
            ReviewActivities.compute_review,
            self._review_id,
            start_to_close_timeout=_COMPUTE_TIMEOUT,
            retry_policy=RETRY,
        )
        self._status = "COMPUTED"
        return computed

    @workflow.query(name=STATUS_QUERY)
    def state(self) -> ReviewState:
        first = self._first_open()
        return ReviewState(
            self._review_id,
            self._quarter,
            self._status,
            first.task_id if first else "",
            self._computations,
            list(self._supervisions),
        )

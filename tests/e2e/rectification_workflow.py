"""A small test-only workflow that owns one `rectification_report` task, as issue #3's case
workflow will: it creates the task through the real activity, accepts the completion as the
`complete_task` update (same contract as DisputeCaseWorkflow) and writes it back to the row."""

from __future__ import annotations

from datetime import timedelta

from temporalio import workflow
from temporalio.common import RetryPolicy
from temporalio.exceptions import ApplicationError

with workflow.unsafe.imports_passed_through():
    from contracts.case import CaseInput
    from contracts.tasks import COMPLETE_TASK_UPDATE, CompletionAccepted, NewTask, TaskCompletion
    from workflows.case.activities import CaseActivities

OUTCOMES = ["done"]
_ACTIVITY = {"start_to_close_timeout": timedelta(seconds=20), "retry_policy": RetryPolicy(maximum_attempts=5)}


@workflow.defn(name="RectificationReportTestWorkflow")
class RectificationReportTestWorkflow:
    def __init__(self) -> None:
        self._task_id = ""
        self._completion: TaskCompletion | None = None

    @workflow.run
    async def run(self, case: CaseInput) -> str:
        self._task_id = f"{workflow.info().workflow_id}-t1"
        await workflow.execute_activity_method(
            CaseActivities.create_task,
            NewTask(
                task_id=self._task_id,
                kind="rectification_report",
                case_no=case.case_no,
                workflow_id=workflow.info().workflow_id,
                title="整改完成报告 · rectification report",
                candidate_groups=[f"{case.company_code}:company"],
                allowed_outcomes=OUTCOMES,
                deadline_policy="rectification",
                community_code=case.community_code,
                neighbourhood_code=case.neighbourhood_code,
                company_code=case.company_code,
                priority=60,
                track="DESIGNATED",
                escalation_level="COMMUNITY",
            ),
            **_ACTIVITY,  # type: ignore[arg-type]
        )
        await workflow.wait_condition(lambda: self._completion is not None)
        assert self._completion is not None
        await workflow.execute_activity_method(CaseActivities.record_task_completion, self._completion, **_ACTIVITY)  # type: ignore[arg-type]
        return self._completion.outcome

    @workflow.update(name=COMPLETE_TASK_UPDATE)
    async def complete_task(self, completion: TaskCompletion) -> CompletionAccepted:
        self._completion = completion
        return CompletionAccepted(task_id=completion.task_id, outcome=completion.outcome, case_status="RESOLVED")

    @complete_task.validator
    def _validate(self, completion: TaskCompletion) -> None:
        if self._completion is not None or completion.task_id != self._task_id:
            raise ApplicationError(f"task {completion.task_id} is not open in this workflow")
        if completion.outcome not in OUTCOMES:
            raise ApplicationError(f"outcome {completion.outcome!r} is not allowed; allowed: done")

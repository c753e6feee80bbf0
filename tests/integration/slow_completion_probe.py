"""A workflow whose task-completion update answers only when told to: a stand-in for a case
workflow while Temporal is slow or restarting. It counts the updates it ran."""

from __future__ import annotations

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from contracts.tasks import COMPLETE_TASK_UPDATE, CompletionAccepted, TaskCompletion


@workflow.defn(name="SlowCompletionProbeWorkflow")
class SlowCompletionProbeWorkflow:
    def __init__(self) -> None:
        self.released = False
        self.applied = 0

    @workflow.run
    async def run(self) -> int:
        await workflow.wait_condition(lambda: self.released and workflow.all_handlers_finished())
        return self.applied

    @workflow.update(name=COMPLETE_TASK_UPDATE)
    async def complete(self, completion: TaskCompletion) -> CompletionAccepted:
        self.applied += 1
        await workflow.wait_condition(lambda: self.released)
        return CompletionAccepted(completion.task_id, completion.outcome, "RESOLVED")

    @workflow.signal
    def release(self) -> None:
        self.released = True

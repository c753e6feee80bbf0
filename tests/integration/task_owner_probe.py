"""A stand-in for the workflows that open tasks besides the case (supervision, review, takeover
answer `status` with one open_task_id; professional mediation and consultation with open_tasks
entries "<task id>:<kind>"): it answers `status` with whatever state it was started with."""

from __future__ import annotations

from typing import Any

from temporalio import workflow


@workflow.defn(name="TaskOwnerProbeWorkflow")
class TaskOwnerProbeWorkflow:
    def __init__(self) -> None:
        self.state: dict[str, Any] = {}
        self.finished = False

    @workflow.run
    async def run(self, state: dict[str, Any]) -> None:
        self.state = state
        await workflow.wait_condition(lambda: self.finished)

    @workflow.query(name="status")
    def status(self) -> dict[str, Any]:
        return self.state

    @workflow.signal
    def finish(self) -> None:
        self.finished = True

"""A stand-in for ProfessionalMediationWorkflow in the liaison tests: it only records the liaison
results signalled to it (deduplicated by message id, as the real workflow does) and how many
signals came, until told to finish."""

from __future__ import annotations

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from workflows.professional.contract import LIAISON_RESULT_SIGNAL, LiaisonResult


@workflow.defn(name="LiaisonProbeWorkflow")
class LiaisonProbeWorkflow:
    def __init__(self) -> None:
        self.results: dict[str, LiaisonResult] = {}
        self.signals = 0
        self.finished = False

    @workflow.run
    async def run(self) -> int:
        await workflow.wait_condition(lambda: self.finished)
        return len(self.results)

    @workflow.signal(name=LIAISON_RESULT_SIGNAL)
    def liaison_result(self, result: LiaisonResult) -> None:
        self.signals += 1
        self.results.setdefault(result.message_id, result)

    @workflow.signal
    def finish(self) -> None:
        self.finished = True

    @workflow.query
    def received(self) -> list[LiaisonResult]:
        return list(self.results.values())

    @workflow.query
    def signal_count(self) -> int:
        return self.signals

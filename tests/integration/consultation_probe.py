"""A stand-in for ConsultationWorkflow in the consultation service's tests, under its name: it
keeps what it was started with, answers the status query, counts objections (once per id, during
publicity only, as the real workflow does) and enters publicity when told."""

from __future__ import annotations

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from contracts.consultation import (
        COUNCIL_ROLES,
        OBJECTION_SIGNAL,
        STATUS_QUERY,
        WORKFLOW_NAME,
        ConsultationInput,
        ConsultationState,
        CouncilSeat,
        Objection,
    )


@workflow.defn(name=WORKFLOW_NAME)
class ConsultationProbeWorkflow:
    def __init__(self) -> None:
        self.started: ConsultationInput | None = None
        self.status = "NOTICE"
        self.objections: list[Objection] = []
        self.finished = False

    @workflow.run
    async def run(self, consultation: ConsultationInput) -> None:
        self.started = consultation
        await workflow.wait_condition(lambda: self.finished)

    @workflow.signal(name=OBJECTION_SIGNAL)
    def objection(self, objection: Objection) -> None:
        if self.status == "PUBLICITY" and all(o.objection_id != objection.objection_id for o in self.objections):
            self.objections.append(objection)

    @workflow.signal
    def publicise(self) -> None:
        self.status = "PUBLICITY"

    @workflow.signal
    def finish(self) -> None:
        self.finished = True

    @workflow.query(name=STATUS_QUERY)
    def state(self) -> ConsultationState:
        """The council as the real workflow seats it: the neighbourhood in the first two seats,
        the company in the last, the committees empty here."""
        started = self.started
        assert started is not None
        holders = [started.neighbourhood_code, started.neighbourhood_code, "", "", started.company_code]
        return ConsultationState(
            consultation_id=started.consultation_id,
            status=self.status,
            round=1,
            seats=[CouncilSeat(role, code) for role, code in zip(COUNCIL_ROLES, holders, strict=True)],
            votes={"for": 4, "against": 0},
            objections=list(self.objections),
            history=[f"linked:{w}" for w in started.linked_case_workflow_ids],
        )

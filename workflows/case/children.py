"""The tracks a case hands to a child workflow: consultation (专项调, a five-party council, or a
running one the case joins) and professional mediation (专业调). The case waits for the result."""

from __future__ import annotations

from typing import Any

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from contracts.consultation import CASE_RESOLVED_SIGNAL, LINK_CASE_SIGNAL, ConsultationInput, ConsultationResult
    from contracts.consultation import WORKFLOW_NAME as CONSULTATION_WORKFLOW
    from contracts.consultation import workflow_id as consultation_workflow_id
    from contracts.professional import WORKFLOW_NAME as PROFESSIONAL_WORKFLOW
    from contracts.professional import ProfessionalInput, ProfessionalResult
    from contracts.professional import workflow_id as professional_workflow_id
    from services.common import search_attributes as sa
    from workflows.case.base import CaseWorkflowBase


class ChildWorkflows(CaseWorkflowBase):
    """Consultation and professional mediation as child workflows of the case."""

    async def _consultation(self, subject: str, join: str) -> str | None:
        """专项调: a child ConsultationWorkflow, or the running one named `join`; the case waits for
        its result, then replies. None when the named consultation is not running (back to triage)."""
        case = self._require_case()
        self._track = "CONSULTATION"
        self._upsert(sa.TRACK.value_set("CONSULTATION"))
        if join and join not in self._consultations:  # else: resolved already, linked at its start
            try:
                await workflow.get_external_workflow_handle(consultation_workflow_id(join)).signal(
                    LINK_CASE_SIGNAL, workflow.info().workflow_id
                )
            except Exception:  # unknown or finished: the caseworker triages again
                await self._event("consultation_join_refused", f"议事会 {join} 未在进行 · not running"[:500])
                return None
        if join:
            await self._move("IN_PROGRESS", "consultation_joined", f"并入专项调 {join} · joined consultation")
            await self._sync()
            await workflow.wait_condition(lambda: join in self._consultations)
            joined = self._consultations[join]
            await self._event("consultation_resolved", f"议事会决议已落实 · {joined.resolution}"[:500], child=join)
            return f"答复 · 议事会决议：{joined.resolution}"[:500]
        consultation_id = f"{case.case_no}-c{self._step}"  # deterministic: a replay starts the same child
        child_id = consultation_workflow_id(consultation_id)
        await self._move(
            "IN_PROGRESS", "consultation_started", f"专项调 · five-party council {child_id}", child=child_id
        )
        await self._sync()
        result: ConsultationResult = await workflow.execute_child_workflow(
            CONSULTATION_WORKFLOW,
            ConsultationInput(
                consultation_id=consultation_id,
                community_code=case.community_code,
                neighbourhood_code=case.neighbourhood_code,
                company_code=case.company_code,
                street_center_code=case.street_center_code,
                subject=subject[:200],
                parent_case_no=case.case_no,
                policy_version=self._policy_version,
            ),
            id=child_id,
            result_type=ConsultationResult,
        )
        await self._event(
            "consultation_resolved",
            f"议事会决议已落实 · resolution carried out: {result.resolution}"[:500],
            child=child_id,
        )
        return f"答复 · 议事会决议：{result.resolution}"[:500]

    async def _professional(self, form: dict[str, Any]) -> ProfessionalResult:
        """专业调: a child ProfessionalMediationWorkflow (panel, sessions, agreement and judicial
        confirmation, or referral to litigation); the case waits for its result."""
        case = self._require_case()
        self._track = "PROFESSIONAL"
        self._upsert(sa.TRACK.value_set("PROFESSIONAL"))
        mediation_id = f"{case.case_no}-p{self._step}"  # deterministic: a replay starts the same child
        child_id = professional_workflow_id(mediation_id)
        await self._move(
            "IN_PROGRESS", "professional_started", f"专业调 · professional mediation {child_id}", child=child_id
        )
        await self._sync()
        result: ProfessionalResult = await workflow.execute_child_workflow(
            PROFESSIONAL_WORKFLOW,
            ProfessionalInput(
                mediation_id=mediation_id,
                community_code=case.community_code,
                neighbourhood_code=case.neighbourhood_code,
                company_code=case.company_code,
                street_center_code=case.street_center_code,
                case_type=str(form.get("case_type") or case.category or "neighbour")[:32],
                subject=str(form.get("note", ""))[:200],
                involves_police=bool(form.get("involves_police", False)),
                parent_case_no=case.case_no,
                policy_version=self._policy_version,
            ),
            id=child_id,
            result_type=ProfessionalResult,
        )
        await self._event(
            "professional_resolved", f"专业调结果 · {result.outcome}: {result.summary}"[:500], child=child_id
        )
        return result

    @workflow.signal(name=CASE_RESOLVED_SIGNAL)
    def consultation_resolved(self, result: ConsultationResult) -> None:
        """A consultation this case joined (or was linked to) is resolved."""
        self._consultations[result.consultation_id] = result

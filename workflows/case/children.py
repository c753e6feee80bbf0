"""The tracks a case hands to a child workflow: consultation (专项调, a five-party council, or a
running one the case joins) and professional mediation (专业调). The case waits for the result."""

from __future__ import annotations

from typing import Any, TypeVar

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from contracts.consultation import CASE_RESOLVED_SIGNAL, LINK_CASE_SIGNAL, ConsultationInput, ConsultationResult
    from contracts.consultation import WORKFLOW_NAME as CONSULTATION_WORKFLOW
    from contracts.consultation import workflow_id as consultation_workflow_id
    from contracts.professional import WORKFLOW_NAME as PROFESSIONAL_WORKFLOW
    from contracts.professional import ProfessionalInput, ProfessionalResult
    from contracts.professional import workflow_id as professional_workflow_id
    from services.common import search_attributes as sa
    from services.common.messages import record_from
    from workflows.case.base import CaseWorkflowBase


R = TypeVar("R")


class ChildWorkflows(CaseWorkflowBase):
    """Consultation and professional mediation as child workflows of the case."""

    def _enter_track(self, track: str) -> None:
        self._track = track
        self._upsert(sa.TRACK.value_set(track))

    async def _run_child(
        self,
        workflow_name: str,
        child_id: str,
        result_type: type[R],
        child_input: type[object],
        given: dict[str, Any],
        *,
        kind: str,
        summary: str,
    ) -> R:
        """Puts the child's start on the timeline, then starts the child and waits for its result.
        Its input takes the case's place (community, neighbourhood, company, street center) by
        field name, the case number and the policy version as they stand, and `given`. The child
        id derives from the case and its step: a replay starts the same child."""
        await self._move("IN_PROGRESS", kind, summary, child=child_id)
        await self._sync()
        case = self._require_case()
        arg = record_from(child_input, case, parent_case_no=case.case_no, policy_version=self._policy_version, **given)
        result: R = await workflow.execute_child_workflow(workflow_name, arg, id=child_id, result_type=result_type)
        return result

    async def _consultation(self, subject: str, join: str) -> str | None:
        """专项调: a child ConsultationWorkflow, or the running one named `join`; the case waits for
        its result, then replies. None when the named consultation is not running (back to triage)."""
        self._enter_track("CONSULTATION")
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
        consultation_id = f"{self._require_case().case_no}-c{self._step}"
        child_id = consultation_workflow_id(consultation_id)
        result = await self._run_child(
            CONSULTATION_WORKFLOW,
            child_id,
            ConsultationResult,
            ConsultationInput,
            {"consultation_id": consultation_id, "subject": subject[:200]},
            kind="consultation_started",
            summary=f"专项调 · five-party council {child_id}",
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
        self._enter_track("PROFESSIONAL")
        mediation_id = f"{case.case_no}-p{self._step}"
        child_id = professional_workflow_id(mediation_id)
        result = await self._run_child(
            PROFESSIONAL_WORKFLOW,
            child_id,
            ProfessionalResult,
            ProfessionalInput,
            {
                "mediation_id": mediation_id,
                "case_type": str(form.get("case_type") or case.category or "neighbour")[:32],
                "subject": str(form.get("note", ""))[:200],
                "involves_police": bool(form.get("involves_police", False)),
            },
            kind="professional_started",
            summary=f"专业调 · professional mediation {child_id}",
        )
        await self._event(
            "professional_resolved", f"专业调结果 · {result.outcome}: {result.summary}"[:500], child=child_id
        )
        return result

    @workflow.signal(name=CASE_RESOLVED_SIGNAL)
    def consultation_resolved(self, result: ConsultationResult) -> None:
        """A consultation this case joined (or was linked to) is resolved."""
        self._consultations[result.consultation_id] = result

"""ProfessionalMediationWorkflow (专业调): legal and group disputes before a professional panel.

PANEL drawn from the roster by case type, with a conflict check on the registry's posts (交叉任职);
exclusions and their reasons go on the case timeline. When the police station is involved, its
liaison gets a referral at once and may send results at any time; a result with outcome "resolved"
ends the sessions (the station settled the matter).

SESSIONS: one task per session for the panel, recording the methods used from the catalogue (十调法).
A session ends with continue, agreement or failed.
- AGREEMENT: terms with performance deadlines, each watched by a timer (a performance check task
  when it passes). A judicial-confirmation referral goes to the court: the parties may apply within
  the application window (30 days); the court accepts (3 days) and rules valid or invalid (15 days,
  +10 on extension). The court's lateness is recorded for ops, never enforced on the court.
  Valid → confirmed. Invalid or declined → the panel decides: mediate again, or refer to litigation.
- FAILED: a litigation referral (诉调对接); the court's filing with its case number ends the
  mediation as transferred. Declined → the panel mediates again or closes it unresolved.

Liaison results arrive as signals (DESIGN.md invariant 2): deduplicated by message id, accepted
only from the organisation the referral went to and only of a kind the referral can receive, and
kept until the workflow reaches their step (an early ruling waits for the acceptance before it).

The workflow is composed of one module per part: liaison.py (referrals and their results),
court.py (performance, judicial confirmation, litigation), over base.py (state, tasks, records).

Deterministic: due times come from the mediation service (activity compute_due or the task's own).
"""

from __future__ import annotations

import asyncio
from typing import Any

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from contracts.professional import (
        OUTCOME_RESOLVED_BY_POLICE,
        OUTCOME_UNRESOLVED,
        WORKFLOW_NAME,
        CaseParticipants,
        Panel,
        PanelRequest,
        ProfessionalInput,
        ProfessionalResult,
    )
    from services.common import search_attributes as sa
    from workflows.activity_options import ACTIVITY_TIMEOUT, RETRY
    from workflows.professional.base import PATCH_BACKGROUND_STOP
    from workflows.professional.court import CourtSteps
    from workflows.stop_flag import StopFlag
    from workflows.tasks.open_tasks import form_of


@workflow.defn(name=WORKFLOW_NAME)
class ProfessionalMediationWorkflow(CourtSteps):
    """Panel, sessions, and the track they end in (composed of base, liaison and court)."""

    @workflow.run
    async def run(self, mediation: ProfessionalInput) -> ProfessionalResult:
        self._input = mediation
        self._policy_version = mediation.policy_version
        # Ops find a mediation by its case; the Overdue flag marks a court past its deadline.
        workflow.upsert_search_attributes(
            [
                sa.TRACK.value_set("PROFESSIONAL"),
                sa.CASE_NO.value_set(mediation.parent_case_no or mediation.mediation_id),
                sa.COMMUNITY.value_set(mediation.community_code),
                sa.COMPANY.value_set(mediation.company_code),
                sa.OVERDUE.value_set(False),
            ]
        )
        self._panel = await workflow.execute_activity(
            "draw_panel",
            PanelRequest(mediation.mediation_id, mediation.case_type, mediation.community_code, mediation.company_code),
            result_type=Panel,
            start_to_close_timeout=ACTIVITY_TIMEOUT,
            retry_policy=RETRY,
        )
        names = "、".join(f"{m.name}({m.role})" for m in self._panel.members)
        await self._event("panel_drawn", f"专业调解组 · panel: {names}"[:500])
        if mediation.parent_case_no:  # the panel's mediators see the case they mediate
            await workflow.execute_activity(
                "add_case_participants",
                CaseParticipants(
                    mediation.parent_case_no,
                    list(dict.fromkeys(m.org_code for m in self._panel.members)),
                    "专业调解组 · professional mediation panel",
                ),
                start_to_close_timeout=ACTIVITY_TIMEOUT,
                retry_policy=RETRY,
            )
        for excluded in self._panel.excluded:
            await self._event(
                "panel_excluded", f"回避 · {excluded.name} excluded: {excluded.reason}"[:500], person=excluded.person_id
            )
        self._court = mediation.court_code or self._panel.court_code
        self._station = mediation.police_station_code or self._panel.police_station_code
        stop_police = StopFlag(workflow.patched(PATCH_BACKGROUND_STOP))
        police = asyncio.ensure_future(self._police(stop_police))
        try:
            result = await self._mediate()
        finally:
            stop_police.set()  # v2: a cancel alone can be swallowed (workflows/stop_flag.py)
            police.cancel()
            await asyncio.gather(police, return_exceptions=True)
        await self._flush_refused()
        for rid, referral in list(self._referrals.items()):
            if not referral.closed:  # e.g. the police referral: the mediation no longer waits
                await self._close_referral(rid, "closed")
        self._status = result.outcome.upper()
        self._history.append(f"ended:{result.outcome}")
        await self._event("professional_ended", f"专业调结束 · {result.outcome}: {result.summary}"[:500])
        await workflow.wait_condition(workflow.all_handlers_finished)
        return result

    # --- stages ------------------------------------------------------------------------------

    async def _mediate(self) -> ProfessionalResult:
        while True:
            self._status = "SESSIONS"
            outcome, form = await self._session_rounds()
            if outcome == "police":
                police = self._police_resolved
                assert police is not None
                return self._result(OUTCOME_RESOLVED_BY_POLICE, f"派出所处理完毕 · {police.reference_no}")
            reason = str(form.get("reason", ""))
            if outcome == "agreement":
                ended = await self._agreement(form)
                if isinstance(ended, ProfessionalResult):
                    return ended
                if ended == "resume_mediation":
                    continue
                reason = "司法确认未获支持，转诉讼 · confirmation refused, referred to litigation"
            filed = await self._litigation(reason)
            if filed is not None:
                return filed
            decision = await self._panel_decision(
                "mediation_decision",
                "法院未立案，后续处理 · the court declined to file: what next",
                without=("refer_litigation",),
            )
            if decision.outcome == "close_unresolved":
                return self._result(OUTCOME_UNRESOLVED, str(form_of(decision).get("note", ""))[:200])

    async def _session_rounds(self) -> tuple[str, dict[str, Any]]:
        """Sessions until one ends with agreement or failure, or the police settle it."""
        while True:
            self._sessions += 1
            task = await self._panel_task(
                "mediation_session",
                f"调解会 · mediation session {self._sessions}",
            )
            done = await self._wait_task(task, also=lambda: self._police_resolved is not None)
            if done is None:  # the police settled it while the session was open
                self._open.pop(task.task_id, None)
                await self._cancel(task.task_id, "police liaison reported the dispute resolved")
                return "police", {}
            form = form_of(done)
            methods = "、".join(str(m) for m in form.get("methods", []))
            await self._event(
                "session_recorded",
                f"调解会 {self._sessions} · {done.outcome}; 方法 methods: {methods}"[:500],
                actor=done.completed_by,
                outcome=done.outcome,
            )
            if done.outcome != "continue":
                return done.outcome, form

"""DisputeCaseWorkflow: one execution per case, from triage to callback (DESIGN.md, case workflow).

TRIAGE task (first-response deadline) → one of:
- resolved on the spot → reply;
- designated handling (专人调): COMMUNITY → STREET → DISTRICT. At each level a site visit, then a
  handling outcome: resolved, rectification order, or escalate (with a reason). A level moves up
  when its handling deadline passes. A rectification order gives the property company a deadline
  (7 calendar days), a daily check task for the community on every working day until the
  company reports, one extension the street center approves or refuses, and a verification
  (pass → resolved; fail → a new order or escalation);
- consultation (专项调): a child ConsultationWorkflow, or a running one the case joins;
- professional mediation (专业调): a child ProfessionalMediationWorkflow; when the court files the
  case (诉调对接) it closes as transferred after the reply, without a callback;
- merge into an open case of the same community, or refer out of scope with a reason (the
  complainant is still replied to: 有件必回).
Reply → CALLBACK task (the working day after) → satisfied / fairly satisfied closes; no answer by
the callback deadline closes as unreachable; unsatisfied reopens at the level that resolved it (at
most twice; the third time the street center takes it).

Long cases continue as new at a safe point (level start, next rectification order, next triage
round) once history passes a threshold, carrying their counts in CaseInput.resume.

The workflow is composed of one module per part: triage.py, designated.py (with rectification),
children.py (consultation, professional mediation), closing.py (callback and close),
continue_as_new.py, over base.py (state, tasks, records); patches.py lists the patch gates.

Deterministic: no I/O, clocks or randomness here; due times come from the mediation service.
Command-order changes since the first release are gated by workflow.patched (patches.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from contracts.case import WORKFLOW_NAME, CaseInput
    from contracts.professional import OUTCOME_TRANSFERRED
    from workflows.case.base import TaskResult
    from workflows.case.children import ChildWorkflows
    from workflows.case.closing import CLOSING_SATISFACTION, CallbackAndClose
    from workflows.case.designated import DesignatedTrack
    from workflows.case.triage import Triage

DEFAULT_REPLY = "答复 · reply recorded"


@dataclass(frozen=True)
class Resolution:
    """A round of handling resolved the case: at this designated level ("" for the others), with
    this reply to the complainant."""

    level: str
    reply: str = DEFAULT_REPLY


@dataclass(frozen=True)
class Ended:
    """The case ended without a callback (merged, referred, transferred), in this status."""

    status: str


@workflow.defn(name=WORKFLOW_NAME)
class DisputeCaseWorkflow(Triage, DesignatedTrack, ChildWorkflows, CallbackAndClose):
    @workflow.run
    async def run(self, case: CaseInput) -> str:
        self._start_run(case)
        resume = case.resume
        level = resume.resolved_level if resume else ""  # "" = resolved at triage; else the designated level
        reopen_at_level = resume is not None and resume.stage in ("designated", "rectification")
        while True:
            if reopen_at_level:
                resolution = Resolution(await self._designated_from(level, self._resumed()))
            else:
                triage = await self._triage_round(level, continue_as_new=self._resumed() is None)
                found = await self._follow_track(triage)
                if isinstance(found, Ended):
                    return found.status
                if found is None:
                    continue  # back to triage
                resolution = found
            level = resolution.level
            self._resolved_at = workflow.now()
            await self._move("RESOLVED", "reply", resolution.reply)
            satisfaction = await self._callback()
            if satisfaction in CLOSING_SATISFACTION:
                return await self._close(satisfaction, self._responded_on_time)
            level, reopen_at_level = await self._reopened(satisfaction, level)

    async def _follow_track(self, triage: TaskResult) -> Resolution | Ended | None:
        """The track triage chose, to its end: resolved, ended, or None to triage again (a refused
        merge, a consultation that is not running)."""
        form = triage.form()
        if triage.outcome == "refer_out_of_scope":
            return Ended(await self._refer(str(form.get("reason", ""))))
        if triage.outcome == "merge":
            return Ended(self._status) if await self._merge(str(form.get("merge_into", ""))) else None
        if triage.outcome == "consultation":
            consulted = await self._consultation(str(form.get("note", "")), str(form.get("consultation_id", "")))
            return None if consulted is None else Resolution("", consulted)
        if triage.outcome == "professional":
            mediated = await self._professional(form)
            if mediated.outcome == OUTCOME_TRANSFERRED:
                return Ended(await self._transferred(mediated))
            return Resolution("", f"答复 · 专业调解：{mediated.summary}"[:500])
        if triage.outcome == "designated":
            return Resolution(await self._designated("COMMUNITY"))
        # Resolved on the spot.
        note = str(form.get("note", ""))[:200]
        return Resolution("", f"答复 · reply: {note}" if note else DEFAULT_REPLY)

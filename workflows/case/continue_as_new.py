"""Continue-as-new of a long case: at a safe point (no open task) once history passes a threshold,
the case hands its counts to a new run (CaseInput.resume), which restores them and goes on."""

from __future__ import annotations

import dataclasses
from datetime import datetime

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from contracts.case import CaseInput, CaseResume
    from workflows.case.base import CaseWorkflowBase

# Events after which a case continues as new at its next safe point (no open task). Temporal
# itself suggests it near 10,240 events; a case stops well before.
DEFAULT_HISTORY_THRESHOLD = 4000


class ContinueAsNew(CaseWorkflowBase):
    """Hands a long case to a new run, and takes it up in the new one."""

    async def _maybe_continue_as_new(
        self,
        stage: str,
        *,
        level: str = "",
        requirements: str = "",
        extension_used: bool = False,
        resolved_level: str = "",
    ) -> None:
        """At a safe point (no open task), hands the case to a new run once history is large.
        Deciding on the recorded history length replays the same way; histories recorded before
        this existed never reach the threshold, so no patch gate is needed."""
        case = self._require_case()
        info = workflow.info()
        threshold = case.history_threshold or DEFAULT_HISTORY_THRESHOLD
        if info.get_current_history_length() < threshold and not info.is_continue_as_new_suggested():
            return
        if self._open:  # a completion still being written: try at the next safe point
            return
        await workflow.wait_condition(workflow.all_handlers_finished)
        await self._event("continued_as_new", f"历史过长，续接新运行 · continued as run {self._runs + 1}")
        await self._sync()
        resume = CaseResume(
            stage=stage,
            level=level,
            step=self._step,
            reopen_count=self._reopen_count,
            orders=self._orders,
            highest_level=self._highest_level,
            track=self._track,
            responded_on_time=self._responded_on_time,
            resolved_level=resolved_level,
            requirements=requirements,
            extension_used=extension_used,
            history=self._history[-200:],
            runs=self._runs + 1,
            policy_version=self._policy_version,
            received_at=self._received_at.isoformat() if self._received_at else "",
            responded_at=self._responded_at.isoformat() if self._responded_at else "",
            resolved_at=self._resolved_at.isoformat() if self._resolved_at else "",
        )
        workflow.continue_as_new(dataclasses.replace(case, resume=resume))

    def _restore(self, resume: CaseResume) -> None:
        self._step, self._reopen_count, self._orders = resume.step, resume.reopen_count, resume.orders
        self._highest_level, self._track, self._level = resume.highest_level, resume.track, resume.level
        self._responded_on_time, self._history, self._runs = resume.responded_on_time, list(resume.history), resume.runs
        self._resume_extension_used = resume.extension_used
        self._policy_version = resume.policy_version or self._policy_version
        for name in ("received_at", "responded_at", "resolved_at"):
            value = getattr(resume, name)
            if value:
                setattr(self, f"_{name}", datetime.fromisoformat(value))

    def _start_run(self, case: CaseInput) -> None:
        """Takes the case; a run continued as new restores what its predecessor carried and starts
        its first round where that one stopped (``_resumed``)."""
        self._choose_version()
        self._case = case
        self._policy_version = case.policy_version
        self._received_at = workflow.now()
        self._resume = case.resume
        if case.resume is not None:
            self._restore(case.resume)

    def _resumed(self) -> CaseResume | None:
        """Where this run resumes, once: only its first round starts there."""
        resume, self._resume = self._resume, None
        return resume

"""The end of a case: the satisfaction callback (closing, or reopening it), closing with the
outcome evaluation needs, and closing as transferred when the court filed the dispute."""

from __future__ import annotations

from datetime import datetime

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from contracts.professional import ProfessionalResult
    from workflows.activity_options import ACTIVITY_TIMEOUT, RETRY
    from workflows.case.activities import CaseActivities, CaseClosing, CaseEvent, CaseOutcome
    from workflows.case.base import CaseWorkflowBase
    from workflows.case.patches import PATCH_CALLBACK_DEADLINE, PATCH_THIRD_REOPEN

CLOSING_SATISFACTION = {"satisfied", "fairly_satisfied", "no_answer"}
MAX_REOPENS_AT_LEVEL = 2


class CallbackAndClose(CaseWorkflowBase):
    """The callback, reopening, and closing."""

    async def _callback(self) -> str:
        """The satisfaction callback; returns satisfied, fairly_satisfied, unsatisfied or no_answer."""
        expire = self._lean or workflow.patched(PATCH_CALLBACK_DEADLINE)
        callback = await self._case_task(
            kind="callback",
            title="回访 · satisfaction callback",
            groups=self._groups_at("COMMUNITY", ("caseworker",)),
            status="CALLBACK",
            on_deadline="expire" if expire else "overdue",
        )
        if callback.completion is None:
            await self._event("unreachable", "回访期限已过，无法联系 · no answer by the callback deadline")
            return "no_answer"
        return callback.outcome

    async def _close(self, satisfaction: str, responded_on_time: bool) -> str:
        case = self._require_case()
        outcome = CaseOutcome(
            case_no=case.case_no,
            company_code=case.company_code,
            community_code=case.community_code,
            responded_on_time=responded_on_time,
            resolved=True,
            satisfaction=satisfaction,
        )
        if self._lean:  # v4: one activity scores the outcome and writes the closing entries
            await self._move(
                "CLOSED", "closed", "结案 · case closed", satisfaction=satisfaction, **self._closure_facts()
            )
            self._flush_attributes()

            async def step(waiting: list[CaseEvent]) -> None:
                await workflow.execute_activity_method(
                    CaseActivities.close_case,
                    CaseClosing(outcome, waiting),
                    start_to_close_timeout=ACTIVITY_TIMEOUT,
                    retry_policy=RETRY,
                )

            await self._write(step)
            await workflow.wait_condition(workflow.all_handlers_finished)
            return self._status
        await workflow.execute_activity_method(
            CaseActivities.record_case_outcome, outcome, start_to_close_timeout=ACTIVITY_TIMEOUT, retry_policy=RETRY
        )
        facts = self._closure_facts()
        await self._move("CLOSED", "closed", "结案 · case closed", satisfaction=satisfaction, **facts)
        await workflow.wait_condition(workflow.all_handlers_finished)
        return self._status

    async def _transferred(self, mediated: ProfessionalResult) -> str:
        """诉调对接: the court filed the case. The complainant is told (有件必回) and the case
        closes as transferred, without a callback: the dispute now belongs to the court."""
        await self._event("reply", f"答复 · 已转法院立案 {mediated.court_case_no} · filed by the court"[:500])
        facts = self._closure_facts()
        await self._move(
            "CLOSED",
            "closed",
            f"结案（转诉讼）· closed as transferred: {mediated.court_case_no}"[:500],
            closure="transferred",
            court_case_no=mediated.court_case_no,
            **facts,
        )
        await self._sync()
        await workflow.wait_condition(workflow.all_handlers_finished)
        return self._status

    def _closure_facts(self) -> dict[str, str]:
        """What evaluation needs of a closed case, on its `closed` event."""
        case = self._require_case()

        def hours(since: datetime | None, until: datetime | None) -> str:
            return f"{(until - since).total_seconds() / 3600:.1f}" if since and until else ""

        return {
            "track": self._track,
            "highest_level": self._highest_level,
            "company": case.company_code,
            "responded_on_time": "true" if self._responded_on_time else "false",
            "response_hours": hours(self._received_at, self._responded_at),
            "resolution_hours": hours(self._received_at, self._resolved_at or workflow.now()),
        }

    async def _reopened(self, satisfaction: str, resolved_level: str) -> tuple[str, bool]:
        """An unsatisfied callback reopens the case: at the level that resolved it (True), or at
        triage when triage resolved it; the third time the street center takes it."""
        self._reopen_count += 1
        await self._event("reopened", "不满意，重新办理 · unsatisfied, reopened", satisfaction=satisfaction)
        if self._reopen_count > MAX_REOPENS_AT_LEVEL and (self._lean or workflow.patched(PATCH_THIRD_REOPEN)):
            # The third dissatisfaction goes to the street center for review (难题会诊).
            return ("STREET" if resolved_level in ("", "COMMUNITY") else resolved_level), True
        return resolved_level, bool(resolved_level)

"""Triage of a case: the first-response task, its escalation when overdue, and the two outcomes that
end a case at triage without a callback: merge into an open case, refer out of scope."""

from __future__ import annotations

from temporalio import workflow
from temporalio.exceptions import ActivityError

with workflow.unsafe.imports_passed_through():
    from services.common import search_attributes as sa
    from workflows.activity_options import ACTIVITY_TIMEOUT, RETRY
    from workflows.case.activities import CaseActivities, CaseMerge
    from workflows.case.base import TaskResult
    from workflows.case.continue_as_new import ContinueAsNew
    from workflows.case.patches import PATCH_TRIAGE_ESCALATION


class Triage(ContinueAsNew):
    """The triage task and the outcomes that end the case at triage."""

    async def _triage_round(self, resolved_level: str, *, continue_as_new: bool) -> TaskResult:
        """One triage: the community's task, escalated to the street center when its response
        deadline passes (v3); the first response is recorded for evaluation."""
        case = self._require_case()
        if continue_as_new:
            await self._maybe_continue_as_new("triage", resolved_level=resolved_level)
        await self._move("TRIAGE", "triage_started", "进入分流 · triage started")
        # Only a case with a street center can be escalated (short-circuit: no marker otherwise).
        escalate = bool(case.street_center_code) and (self._lean or workflow.patched(PATCH_TRIAGE_ESCALATION))
        triage = await self._case_task(
            kind="triage",
            title="分流 · triage",
            groups=self._groups_at("COMMUNITY", ("caseworker", "grid_worker")),
            on_deadline="expire" if escalate else "overdue",
        )
        if triage.completion is None:
            await self._event(
                "escalated",
                "分流超期，升级至街道物业服务中心 · triage overdue, escalated to the street center",
                level="STREET",
                reason="triage deadline passed",
            )
            triage = await self._case_task(
                kind="triage",
                title="分流（超期升级）· triage, escalated",
                groups=[f"{case.street_center_code}:street_center"],
            )
            triage = TaskResult(triage.completion, False, triage.due_at)
        self._responded_on_time = self._responded_on_time and triage.on_time
        self._responded_at = self._responded_at or workflow.now()
        return triage

    async def _refer(self, reason: str) -> str:
        await self._event("reply", f"答复 · 不属于受理范围：{reason}"[:500], reason=reason)
        await self._move("REFERRED", "referred", f"转出 · referred out of scope: {reason}"[:500], reason=reason)
        await self._sync()
        await workflow.wait_condition(workflow.all_handlers_finished)
        return self._status

    async def _merge(self, into_case_no: str) -> bool:
        """Merges into an open case; False when the intake service refuses (back to triage)."""
        case = self._require_case()
        try:
            await workflow.execute_activity_method(
                CaseActivities.merge_case,
                CaseMerge(case.case_no, into_case_no, self._event_id("merge")),
                start_to_close_timeout=ACTIVITY_TIMEOUT,
                retry_policy=RETRY,
            )
        except ActivityError as err:
            await self._event("merge_refused", f"合并未成功 · merge refused: {_cause(err)}"[:500])
            return False
        self._status = "MERGED"
        self._upsert(sa.CASE_STATUS.value_set("MERGED"))
        await self._event("reply", f"答复 · 已并入案件 {into_case_no} · joined case {into_case_no}")
        await self._sync()
        await workflow.wait_condition(workflow.all_handlers_finished)
        return True


def _cause(err: ActivityError) -> str:
    cause = err.cause
    return getattr(cause, "message", None) or str(cause)

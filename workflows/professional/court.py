"""The court's part: an agreement's performance and its judicial confirmation (application window,
acceptance, ruling; the court's lateness recorded, never enforced), and referral to litigation
(诉调对接)."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone
from typing import Any

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from contracts.professional import (
        CASE_FILED,
        DECLINED,
        JC_ACCEPTED,
        JC_APPLIED,
        JC_INVALID,
        JC_VALID,
        OUTCOME_AGREEMENT,
        OUTCOME_CONFIRMED,
        OUTCOME_TRANSFERRED,
        PURPOSE_JUDICIAL_CONFIRMATION,
        PURPOSE_LITIGATION,
        RULING_EXTENDED,
        LiaisonResult,
        ProfessionalResult,
    )
    from services.common import search_attributes as sa
    from workflows.professional.base import PATCH_BACKGROUND_STOP
    from workflows.professional.liaison import Liaison
    from workflows.stop_flag import StopFlag

_CHINA = timezone(timedelta(hours=8))  # no daylight saving in China: a fixed offset is exact


class CourtSteps(Liaison):
    """Judicial confirmation of an agreement, and litigation."""

    async def _agreement(self, form: dict[str, Any]) -> ProfessionalResult | str:
        """The agreement, its performance, and judicial confirmation. A result, or the panel's
        decision after an invalid ruling or a declined referral."""
        self._status = "AGREEMENT"
        terms = [t for t in form.get("terms", []) if isinstance(t, dict)]
        await self._event("agreement", f"达成调解协议 · agreement with {len(terms)} terms"[:500])
        stop = StopFlag(workflow.patched(PATCH_BACKGROUND_STOP))
        performance = asyncio.ensure_future(self._watch_performance(terms, stop))
        rid = await self._refer(
            PURPOSE_JUDICIAL_CONFIRMATION,
            self._court,
            "调解协议司法确认 · judicial confirmation of a mediation agreement",
            agreement_text=str(form.get("agreement_text", "")),
        )
        ruling = await self._judicial_confirmation(rid)
        if ruling in (JC_INVALID, DECLINED):
            stop.set()  # v2: a cancel alone can be swallowed (workflows/stop_flag.py)
            performance.cancel()
            await asyncio.gather(performance, return_exceptions=True)
            await self._cancel_open("performance_check", "agreement not confirmed")
            decision = await self._panel_decision(
                "mediation_decision",
                "司法确认未获支持，后续处理 · confirmation refused: what next",
                without=("close_unresolved",),
            )
            return decision.outcome
        self._status = "PERFORMANCE"
        await performance
        if ruling == JC_VALID:
            return self._result(OUTCOME_CONFIRMED, "调解协议经司法确认有效 · agreement judicially confirmed")
        return self._result(OUTCOME_AGREEMENT, "调解协议已履行 · agreement performed, not judicially confirmed")

    async def _judicial_confirmation(self, rid: str) -> str:
        """Applies the court's results in stage order; returns the ruling kind, DECLINED, or ""
        when the parties did not apply within the window."""
        self._status = "AWAITING_APPLICATION"
        window = await self._due("judicial_confirmation_application", workflow.now())
        applied = await self._next_result(rid, (JC_APPLIED,), until=window)
        if applied is None:
            later = [r for r in self._pending if r.referral_id == rid]
            if not later:
                await self._event("confirmation_not_applied", "30日内未申请司法确认 · no application in the window")
                await self._close_referral(rid, "closed")
                return ""
            await self._event(
                "confirmation_applied", "申请司法确认（据后续结果）· application implied by a later result"
            )
        elif applied.kind == DECLINED:
            return await self._declined(rid, applied)
        self._status = "AWAITING_ACCEPTANCE"
        accepted = await self._court_step(rid, (JC_ACCEPTED,), "court_acceptance", "受理")
        if accepted.kind == DECLINED:
            return await self._declined(rid, accepted)
        self._status = "AWAITING_RULING"
        ruling = await self._court_step(rid, (JC_VALID, JC_INVALID), "court_ruling", "裁定")
        if ruling.kind == DECLINED:
            return await self._declined(rid, ruling)
        await self._close_referral(rid, "answered")
        return ruling.kind

    async def _court_step(self, rid: str, kinds: tuple[str, ...], deadline: str, name: str) -> LiaisonResult:
        """Waits for the court's result; the court's deadline passing is recorded, not enforced.
        While a ruling is awaited, an acceptance message with outcome "ruling_extended" moves the
        ruling deadline by the policy's extension."""
        started = workflow.now()
        due = await self._due(deadline, started)
        ruling = JC_ACCEPTED not in kinds
        late_recorded = False
        while True:
            result = await self._next_result(
                rid, (*kinds, JC_ACCEPTED) if ruling else kinds, until=None if late_recorded else due
            )
            if result is None:
                late_recorded = True
                workflow.upsert_search_attributes([sa.OVERDUE.value_set(True), sa.DUE_AT.value_set(due)])
                await self._event(
                    "court_late", f"法院{name}超期 · the court's {deadline} deadline passed", due_at=due.isoformat()
                )
                continue
            if result.kind != JC_ACCEPTED or not ruling:
                if late_recorded:  # the court has answered: no longer late
                    workflow.upsert_search_attributes([sa.OVERDUE.value_set(False)])
                return result
            if result.outcome == RULING_EXTENDED:
                due = await self._due(deadline, started, extended=True)
                late_recorded = due <= workflow.now()
                await self._event("court_extended", "法院延长裁定期限 · ruling period extended", due_at=due.isoformat())

    async def _declined(self, rid: str, result: LiaisonResult) -> str:
        await self._close_referral(rid, "answered")
        return DECLINED

    async def _litigation(self, reason: str) -> ProfessionalResult | None:
        """诉调对接: the court files the case (transferred), or declines (None)."""
        self._status = "AWAITING_FILING"
        rid = await self._refer(PURPOSE_LITIGATION, self._court, f"调解不成，转诉讼 · {reason}"[:500])
        result = await self._next_result(rid, (CASE_FILED,), until=None)
        assert result is not None  # no deadline: the court's filing or refusal ends the wait
        await self._close_referral(rid, "answered")
        if result.kind == DECLINED:
            return None
        return self._result(
            OUTCOME_TRANSFERRED, f"法院已立案 · filed as {result.reference_no}", court_case_no=result.reference_no
        )

    async def _watch_performance(self, terms: list[dict[str, Any]], stop: StopFlag) -> None:
        """One timer per term: when its date passes, the panel checks whether it was performed.
        Ends at the cancel or (v2) at `stop`; a check left open is taken away by the caller."""
        for term in sorted(terms, key=lambda t: str(t.get("due_on", ""))):
            if stop.is_set():
                return
            due_on = datetime.fromisoformat(str(term.get("due_on"))).replace(tzinfo=_CHINA) + timedelta(days=1)
            await workflow.sleep(max(due_on - workflow.now(), timedelta(0)))
            task = await self._panel_task(
                "performance_check", f"履行情况 · performance of: {term.get('term', '')}"[:200]
            )
            check = None if stop.is_set() else await self._wait_task(task, stop.is_set)
            if check is None:
                return
            await self._event(
                "performance_" + check.outcome,
                f"协议履行 · {term.get('term', '')}: {check.outcome}"[:500],
                actor=check.completed_by,
            )

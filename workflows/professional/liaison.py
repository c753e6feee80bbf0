"""Referrals to liaison organisations (court, police station) and their results, which arrive as
signals (DESIGN.md invariant 2): deduplicated by message id, accepted only from the organisation
the referral went to and only of a kind the referral can receive, kept until the workflow reaches
their step. The police station's referral runs beside the sessions."""

from __future__ import annotations

from datetime import datetime, timedelta

from temporalio import workflow
from temporalio.common import RetryPolicy
from temporalio.exceptions import ActivityError

with workflow.unsafe.imports_passed_through():
    from contracts.professional import (
        DECLINED,
        JC_ACCEPTED,
        JC_APPLIED,
        JC_INVALID,
        JC_VALID,
        KINDS_FOR_PURPOSE,
        LIAISON_RESULT_SIGNAL,
        POLICE_OUTCOME_RESOLVED,
        POLICE_RESULT,
        PURPOSE_POLICE,
        LiaisonResult,
        ReferralClosure,
        ReferralRequest,
        referral_id,
    )
    from workflows.activity_options import ACTIVITY_TIMEOUT, RETRY
    from workflows.professional.base import ProfessionalBase, Referral
    from workflows.stop_flag import StopFlag

# A webhook attempt is an HTTP call to another organisation's system, allowed 10 s for each of
# connecting, sending and reading (liaison_activities.WEBHOOK_TIMEOUT_SECONDS): more than a
# service call's ACTIVITY_TIMEOUT.
_WEBHOOK_TIMEOUT = timedelta(seconds=30)
# Webhooks to liaison systems: retried with backoff, every attempt recorded by the activity; when
# they are exhausted the organisation still finds the referral in its pull list.
_WEBHOOK_RETRY = RetryPolicy(
    initial_interval=timedelta(seconds=2),
    backoff_coefficient=2.0,
    maximum_interval=timedelta(minutes=5),
    maximum_attempts=8,
)
# Judicial confirmation stages, in the order their results are applied.
_STAGE_OF = {JC_APPLIED: 0, JC_ACCEPTED: 1, JC_VALID: 2, JC_INVALID: 2}


class Liaison(ProfessionalBase):
    """Referrals, the results they receive, and the police station alongside the sessions."""

    async def _refer(self, purpose: str, organisation: str, summary: str, agreement_text: str = "") -> str:
        mediation = self._require_input()
        self._referral_count += 1
        rid = referral_id(mediation.mediation_id, purpose, self._referral_count)
        self._referrals[rid] = Referral(organisation, purpose)
        await workflow.execute_activity(
            "create_referral",
            ReferralRequest(
                referral_id=rid,
                case_no=mediation.parent_case_no or mediation.mediation_id,
                workflow_id=workflow.info().workflow_id,
                organisation_code=organisation,
                purpose=purpose,
                summary=summary,
                agreement_text=agreement_text,
            ),
            start_to_close_timeout=ACTIVITY_TIMEOUT,
            retry_policy=RETRY,
        )
        await self._event("referral", f"移送 {organisation} · referred ({purpose})"[:500], referral=rid)
        try:
            await workflow.execute_activity(
                "notify_liaison",
                rid,
                start_to_close_timeout=_WEBHOOK_TIMEOUT,
                retry_policy=_WEBHOOK_RETRY,
            )
        except ActivityError:
            await self._event(
                "webhook_failed", f"通知 {organisation} 未送达，待其拉取 · webhook failed; pull list remains"[:500]
            )
        return rid

    async def _next_result(
        self, rid: str, kinds: tuple[str, ...], *, until: datetime | None, stop: StopFlag | None = None
    ) -> LiaisonResult | None:
        """The first kept result of `rid` among `kinds` (or DECLINED); None when `until` passes or
        `stop` is set."""
        wanted = (*kinds, DECLINED)

        def first() -> LiaisonResult | None:
            return next((r for r in self._pending if r.referral_id == rid and r.kind in wanted), None)

        try:
            if until is None:
                await workflow.wait_condition(lambda: first() is not None or (stop is not None and stop.is_set()))
            else:
                await workflow.wait_condition(
                    lambda: first() is not None, timeout=max(until - workflow.now(), timedelta(seconds=1))
                )
        except TimeoutError:
            return None
        finally:
            await self._flush_refused()
        result = first()
        if result is None:  # stopped
            return None
        self._pending.remove(result)
        await self._event(
            "liaison_result",
            f"{self._referrals[rid].organisation_code} · {result.kind} {result.reference_no} {result.outcome}".strip()[
                :500
            ],
            actor=result.organisation_code,
            referral=rid,
            message_id=result.message_id,
            result_kind=result.kind,
            reference_no=result.reference_no,
        )
        return result

    @workflow.signal(name=LIAISON_RESULT_SIGNAL)
    def liaison_result(self, result: LiaisonResult) -> None:
        # Each liaison system numbers its own messages: the same id from two organisations is two results.
        key = f"{result.organisation_code}/{result.message_id}"
        if key in self._seen_messages:
            return  # a replay of a result already taken: one effect
        self._seen_messages.add(key)
        referral = self._referrals.get(result.referral_id)
        if referral is None:
            self._refused.append((result, "no such referral"))
        elif referral.organisation_code != result.organisation_code:
            self._refused.append((result, f"referral went to {referral.organisation_code}"))
        elif result.kind not in KINDS_FOR_PURPOSE[referral.purpose]:
            self._refused.append((result, f"a {referral.purpose} referral does not take {result.kind}"))
        else:
            self._pending.append(result)
            self._pending.sort(key=lambda r: _STAGE_OF.get(r.kind, 0))

    async def _flush_refused(self) -> None:
        while self._refused:
            result, reason = self._refused.pop(0)
            await self._event(
                "liaison_result_refused",
                f"拒收 · result {result.message_id} from {result.organisation_code} refused: {reason}"[:500],
                actor=result.organisation_code,
            )

    async def _close_referral(self, rid: str, status: str) -> None:
        self._referrals[rid].closed = True
        await workflow.execute_activity(
            "close_referral", ReferralClosure(rid, status), start_to_close_timeout=ACTIVITY_TIMEOUT, retry_policy=RETRY
        )

    async def _police(self, stop: StopFlag) -> None:
        """The station's referral and its results, for as long as the mediation runs (until `stop`,
        v2: workflows/stop_flag.py)."""
        mediation = self._require_input()
        if not mediation.involves_police or not self._station:
            return
        rid = await self._refer(PURPOSE_POLICE, self._station, "涉及派出所 · the station is involved")
        while not stop.is_set():
            result = await self._next_result(rid, (POLICE_RESULT,), until=None, stop=stop)
            if result is None:
                return  # v2: the mediation ended
            if result.kind == DECLINED:
                await self._close_referral(rid, "answered")
                return
            if result.outcome == POLICE_OUTCOME_RESOLVED and self._status == "SESSIONS":
                self._police_resolved = result

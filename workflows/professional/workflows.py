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

Deterministic: due times come from the mediation service (activity compute_due or the task's own).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from temporalio import workflow
from temporalio.common import RetryPolicy
from temporalio.exceptions import ActivityError, ApplicationError

with workflow.unsafe.imports_passed_through():
    from contracts.professional import (
        CASE_FILED,
        DECLINED,
        JC_ACCEPTED,
        JC_APPLIED,
        JC_INVALID,
        JC_VALID,
        KINDS_FOR_PURPOSE,
        LIAISON_RESULT_SIGNAL,
        OUTCOME_AGREEMENT,
        OUTCOME_CONFIRMED,
        OUTCOME_RESOLVED_BY_POLICE,
        OUTCOME_TRANSFERRED,
        OUTCOME_UNRESOLVED,
        POLICE_OUTCOME_RESOLVED,
        POLICE_RESULT,
        PURPOSE_JUDICIAL_CONFIRMATION,
        PURPOSE_LITIGATION,
        PURPOSE_POLICE,
        RULING_EXTENDED,
        STATUS_QUERY,
        WORKFLOW_NAME,
        CaseParticipants,
        LiaisonResult,
        Panel,
        PanelRequest,
        ProfessionalInput,
        ProfessionalResult,
        ProfessionalState,
        ReferralClosure,
        ReferralRequest,
        referral_id,
    )
    from contracts.tasks import TaskCompletion
    from services.common import search_attributes as sa
    from workflows.activity_options import ACTIVITY_TIMEOUT, RETRY
    from workflows.case.activities import CaseEvent
    from workflows.professional.activities import DueRequest
    from workflows.tasks.open_tasks import OpenTask, OpenTasksWorkflow, TaskScope, form_of

# Webhooks to liaison systems: retried with backoff, every attempt recorded by the activity; when
# they are exhausted the organisation still finds the referral in its pull list.
_WEBHOOK_RETRY = RetryPolicy(
    initial_interval=timedelta(seconds=2),
    backoff_coefficient=2.0,
    maximum_interval=timedelta(minutes=5),
    maximum_attempts=8,
)
_CHINA = timezone(timedelta(hours=8))  # no daylight saving in China: a fixed offset is exact
# Judicial confirmation stages, in the order their results are applied.
_STAGE_OF = {JC_APPLIED: 0, JC_ACCEPTED: 1, JC_VALID: 2, JC_INVALID: 2}


@dataclass
class _Referral:
    organisation_code: str
    purpose: str
    closed: bool = False


@workflow.defn(name=WORKFLOW_NAME)
class ProfessionalMediationWorkflow(OpenTasksWorkflow):
    def __init__(self) -> None:
        super().__init__()
        self._input: ProfessionalInput | None = None
        self._panel: Panel | None = None
        self._sessions = 0
        self._events = 0
        self._referrals: dict[str, _Referral] = {}
        self._referral_count = 0
        self._seen_messages: set[str] = set()
        self._pending: list[LiaisonResult] = []  # accepted, not yet applied
        self._refused: list[tuple[LiaisonResult, str]] = []  # to put on the timeline
        self._police_resolved: LiaisonResult | None = None
        self._history: list[str] = []
        self._court = ""
        self._station = ""

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
        police = asyncio.ensure_future(self._police())
        try:
            result = await self._mediate()
        finally:
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

    async def _agreement(self, form: dict[str, Any]) -> ProfessionalResult | str:
        """The agreement, its performance, and judicial confirmation. A result, or the panel's
        decision after an invalid ruling or a declined referral."""
        self._status = "AGREEMENT"
        terms = [t for t in form.get("terms", []) if isinstance(t, dict)]
        await self._event("agreement", f"达成调解协议 · agreement with {len(terms)} terms"[:500])
        performance = asyncio.ensure_future(self._watch_performance(terms))
        rid = await self._refer(
            PURPOSE_JUDICIAL_CONFIRMATION,
            self._court,
            "调解协议司法确认 · judicial confirmation of a mediation agreement",
            agreement_text=str(form.get("agreement_text", "")),
        )
        ruling = await self._judicial_confirmation(rid)
        if ruling in (JC_INVALID, DECLINED):
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

    async def _police(self) -> None:
        """The station's referral and its results, for as long as the mediation runs."""
        mediation = self._require_input()
        if not mediation.involves_police or not self._station:
            return
        rid = await self._refer(PURPOSE_POLICE, self._station, "涉及派出所 · the station is involved")
        while True:
            result = await self._next_result(rid, (POLICE_RESULT,), until=None)
            assert result is not None
            if result.kind == DECLINED:
                await self._close_referral(rid, "answered")
                return
            if result.outcome == POLICE_OUTCOME_RESOLVED and self._status == "SESSIONS":
                self._police_resolved = result

    async def _watch_performance(self, terms: list[dict[str, Any]]) -> None:
        """One timer per term: when its date passes, the panel checks whether it was performed."""
        for term in sorted(terms, key=lambda t: str(t.get("due_on", ""))):
            due_on = datetime.fromisoformat(str(term.get("due_on"))).replace(tzinfo=_CHINA) + timedelta(days=1)
            await workflow.sleep(max(due_on - workflow.now(), timedelta(0)))
            check = await self._panel_decision(
                "performance_check",
                f"履行情况 · performance of: {term.get('term', '')}"[:200],
            )
            await self._event(
                "performance_" + check.outcome,
                f"协议履行 · {term.get('term', '')}: {check.outcome}"[:500],
                actor=check.completed_by,
            )

    # --- liaison results ---------------------------------------------------------------------

    async def _refer(self, purpose: str, organisation: str, summary: str, agreement_text: str = "") -> str:
        mediation = self._require_input()
        self._referral_count += 1
        rid = referral_id(mediation.mediation_id, purpose, self._referral_count)
        self._referrals[rid] = _Referral(organisation, purpose)
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
                start_to_close_timeout=ACTIVITY_TIMEOUT,
                retry_policy=_WEBHOOK_RETRY,
            )
        except ActivityError:
            await self._event(
                "webhook_failed", f"通知 {organisation} 未送达，待其拉取 · webhook failed; pull list remains"[:500]
            )
        return rid

    async def _next_result(self, rid: str, kinds: tuple[str, ...], *, until: datetime | None) -> LiaisonResult | None:
        """The first kept result of `rid` among `kinds` (or DECLINED); None when `until` passes."""
        wanted = (*kinds, DECLINED)

        def first() -> LiaisonResult | None:
            return next((r for r in self._pending if r.referral_id == rid and r.kind in wanted), None)

        try:
            if until is None:
                await workflow.wait_condition(lambda: first() is not None)
            else:
                await workflow.wait_condition(
                    lambda: first() is not None, timeout=max(until - workflow.now(), timedelta(seconds=1))
                )
        except TimeoutError:
            return None
        finally:
            await self._flush_refused()
        result = first()
        assert result is not None
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

    async def _due(self, deadline: str, start: datetime, *, extended: bool = False) -> datetime:
        due: str = await workflow.execute_activity(
            "compute_due",
            DueRequest(deadline, start.isoformat(), extended, self._policy_version),
            result_type=str,
            start_to_close_timeout=ACTIVITY_TIMEOUT,
            retry_policy=RETRY,
        )
        return datetime.fromisoformat(due)

    # --- human tasks -------------------------------------------------------------------------

    def _panel_groups(self) -> list[str]:
        panel = self._panel
        assert panel is not None
        return list(dict.fromkeys(f"{m.org_code}:mediator" for m in panel.members))

    async def _panel_task(self, kind: str, title: str, *, without: tuple[str, ...] = ()) -> OpenTask:
        """A task for the panel's mediators, on the parent case (the mediation's own id without one)."""
        mediation = self._require_input()
        scope = TaskScope(
            ref=mediation.parent_case_no or mediation.mediation_id,
            community_code=mediation.community_code,
            neighbourhood_code=mediation.neighbourhood_code,
            company_code=mediation.company_code,
            track="PROFESSIONAL",
        )
        return await self._open_task(kind, title, self._panel_groups(), scope, without=without)

    async def _panel_decision(self, kind: str, title: str, *, without: tuple[str, ...] = ()) -> TaskCompletion:
        return await self._completion(await self._panel_task(kind, title, without=without))

    def _check_completion(self, task: OpenTask, completion: TaskCompletion, form: dict[str, Any]) -> None:
        if task.kind == "mediation_session":
            self._validate_session(completion.outcome, form)

    def _validate_session(self, outcome: str, form: dict[str, Any]) -> None:
        catalogue = self._panel.methods if self._panel else []
        methods = form.get("methods") or []
        unknown = [m for m in methods if m not in catalogue]
        if not methods or unknown:
            raise ApplicationError(
                f"form.methods must name one or more methods of the catalogue (十调法); unknown: {unknown}"
            )
        if outcome == "agreement":
            if not str(form.get("agreement_text", "")).strip():
                raise ApplicationError("an agreement needs form.agreement_text")
            terms = form.get("terms") or []
            if not terms:
                raise ApplicationError("an agreement needs form.terms, each with a performance date (due_on)")
            for i, term in enumerate(terms):
                try:
                    datetime.fromisoformat(str(term.get("due_on")))
                except (AttributeError, ValueError):
                    raise ApplicationError(f"form.terms[{i}].due_on must be a date YYYY-MM-DD") from None
        if outcome == "failed" and not str(form.get("reason", "")).strip():
            raise ApplicationError("a failed mediation needs form.reason (it goes to the court)")

    @workflow.query(name=STATUS_QUERY)
    def status(self) -> ProfessionalState:
        mediation = self._input
        return ProfessionalState(
            mediation_id=mediation.mediation_id if mediation else "",
            status=self._status,
            panel=list(self._panel.members) if self._panel else [],
            excluded=list(self._panel.excluded) if self._panel else [],
            sessions=self._sessions,
            referrals={rid: r.organisation_code for rid, r in self._referrals.items()},
            pending_results=[r.message_id for r in self._pending],
            open_tasks=[f"{t.task_id}:{t.kind}" for t in self._open.values()],
            history=list(self._history),
        )

    # --- records -----------------------------------------------------------------------------

    def _result(self, outcome: str, summary: str, court_case_no: str = "") -> ProfessionalResult:
        mediation = self._require_input()
        return ProfessionalResult(mediation.mediation_id, outcome, summary, court_case_no, self._sessions)

    async def _event(self, kind: str, summary: str, *, actor: str = "system", **attributes: str) -> None:
        """On the parent case's timeline (nothing when the mediation has no case)."""
        mediation = self._require_input()
        self._history.append(kind)
        if not mediation.parent_case_no:
            return
        self._events += 1
        await workflow.execute_activity(
            "record_case_event",
            CaseEvent(
                case_no=mediation.parent_case_no,
                event_id=f"{workflow.info().workflow_id}/{workflow.info().run_id}/{self._events}",
                kind=kind,
                summary=summary,
                actor=actor,
                track="PROFESSIONAL",
                attributes=attributes,
            ),
            start_to_close_timeout=ACTIVITY_TIMEOUT,
            retry_policy=RETRY,
        )

    def _require_input(self) -> ProfessionalInput:
        if self._input is None:
            raise ApplicationError("mediation not started")
        return self._input

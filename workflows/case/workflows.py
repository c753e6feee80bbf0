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

Deterministic: no I/O, clocks or randomness here; due times come from the mediation service.
Command-order changes since the first release are gated by workflow.patched (see PATCH_*).
"""

from __future__ import annotations

import asyncio
import dataclasses
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

from temporalio import workflow
from temporalio.exceptions import ActivityError, ApplicationError

with workflow.unsafe.imports_passed_through():
    from contracts.case import (
        STATUS_QUERY,
        WORKFLOW_NAME,
        CaseInput,
        CaseResume,
        CaseState,
    )
    from contracts.consultation import (
        CASE_RESOLVED_SIGNAL,
        LINK_CASE_SIGNAL,
        ConsultationInput,
        ConsultationResult,
    )
    from contracts.consultation import WORKFLOW_NAME as CONSULTATION_WORKFLOW
    from contracts.consultation import workflow_id as consultation_workflow_id
    from contracts.professional import OUTCOME_TRANSFERRED, ProfessionalInput, ProfessionalResult
    from contracts.professional import WORKFLOW_NAME as PROFESSIONAL_WORKFLOW
    from contracts.professional import workflow_id as professional_workflow_id
    from contracts.tasks import TaskCompletion
    from services.common import search_attributes as sa
    from workflows.activity_options import ACTIVITY_TIMEOUT, RETRY
    from workflows.case.activities import (
        CaseActivities,
        CaseEvent,
        CaseMerge,
        CaseOutcome,
    )
    from workflows.tasks.open_tasks import OpenTask, OpenTasksWorkflow, TaskScope, form_of

# v2: the callback deadline closes the case as unreachable instead of waiting on an overdue task.
PATCH_CALLBACK_DEADLINE = "callback-deadline-closes-v2"
# v2: the third unsatisfied callback sends the case to the street center instead of triage again.
PATCH_THIRD_REOPEN = "third-reopen-to-street-v2"
# v3: a triage task not done by its response deadline is escalated: the street center triages.
PATCH_TRIAGE_ESCALATION = "triage-overdue-to-street-v3"

CLOSING_SATISFACTION = {"satisfied", "fairly_satisfied", "no_answer"}
LEVELS = ["COMMUNITY", "STREET", "DISTRICT"]
# Events after which a case continues as new at its next safe point (no open task). Temporal
# itself suggests it near 10,240 events; a case stops well before.
DEFAULT_HISTORY_THRESHOLD = 4000
MAX_REOPENS_AT_LEVEL = 2

# What a passing deadline does to a task: mark it overdue and keep waiting, or take it away.
OnDeadline = Literal["overdue", "expire"]


@dataclass
class TaskResult:
    """How a human task ended: its completion, or None when its deadline took it away."""

    completion: TaskCompletion | None
    on_time: bool
    due_at: datetime

    @property
    def outcome(self) -> str:
        return self.completion.outcome if self.completion else ""

    def form(self) -> dict[str, Any]:
        return form_of(self.completion) if self.completion else {}


@workflow.defn(name=WORKFLOW_NAME)
class DisputeCaseWorkflow(OpenTasksWorkflow):
    def __init__(self) -> None:
        super().__init__()  # open tasks, their completions and the complete_task update
        self._case: CaseInput | None = None
        self._status = "RECEIVED"
        self._track = ""
        self._level = ""
        self._highest_level = ""
        self._reopen_count = 0
        self._orders = 0
        self._history: list[str] = []
        self._consultations: dict[str, ConsultationResult] = {}
        self._responded_on_time = True
        self._runs = 1
        self._resume_extension_used = False
        # Closure facts for evaluation: when received, first answered at triage, last resolved.
        self._received_at: datetime | None = None
        self._responded_at: datetime | None = None
        self._resolved_at: datetime | None = None

    @workflow.run
    async def run(self, case: CaseInput) -> str:
        self._case = case
        self._policy_version = case.policy_version
        self._received_at = workflow.now()
        resolved_level = ""  # "" = resolved at triage; else the designated level that resolved it
        reopen_at_level = False
        resume = case.resume
        if resume is not None:
            self._restore(resume)
            resolved_level = resume.resolved_level
            reopen_at_level = resume.stage in ("designated", "rectification")
        while True:
            reply = "答复 · reply recorded"
            if reopen_at_level:
                at = resume.level if resume is not None and resume.stage != "triage" else resolved_level
                order = resume.requirements if resume is not None and resume.stage == "rectification" else None
                resume = None
                resolved_level = await self._designated(at, resume_order=order)
            else:
                if resume is None:
                    await self._maybe_continue_as_new("triage", resolved_level=resolved_level)
                resume = None
                await self._move("TRIAGE", "triage_started", "进入分流 · triage started")
                # Only a case with a street center can be escalated (short-circuit: no marker otherwise).
                escalate = bool(case.street_center_code) and workflow.patched(PATCH_TRIAGE_ESCALATION)
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
                form = triage.form()
                if triage.outcome == "refer_out_of_scope":
                    return await self._refer(str(form.get("reason", "")))
                if triage.outcome == "merge":
                    if await self._merge(str(form.get("merge_into", ""))):
                        return self._status
                    continue
                if triage.outcome == "consultation":
                    consulted = await self._consultation(
                        str(form.get("note", "")), str(form.get("consultation_id", ""))
                    )
                    if consulted is None:
                        continue
                    resolved_level, reply = "", consulted
                elif triage.outcome == "professional":
                    mediated = await self._professional(form)
                    if mediated.outcome == OUTCOME_TRANSFERRED:
                        return await self._transferred(mediated)
                    resolved_level, reply = "", f"答复 · 专业调解：{mediated.summary}"[:500]
                elif triage.outcome == "designated":
                    resolved_level = await self._designated("COMMUNITY")
                else:  # resolved on the spot
                    resolved_level = ""
                    if note := str(form.get("note", ""))[:200]:
                        reply = f"答复 · reply: {note}"
            self._resolved_at = workflow.now()
            await self._move("RESOLVED", "reply", reply)
            satisfaction = await self._callback()
            if satisfaction in CLOSING_SATISFACTION:
                break
            self._reopen_count += 1
            await self._event("reopened", "不满意，重新办理 · unsatisfied, reopened", satisfaction=satisfaction)
            if self._reopen_count > MAX_REOPENS_AT_LEVEL and workflow.patched(PATCH_THIRD_REOPEN):
                # The third dissatisfaction goes to the street center for review (难题会诊).
                resolved_level = "STREET" if resolved_level in ("", "COMMUNITY") else resolved_level
                reopen_at_level = True
            else:
                reopen_at_level = bool(resolved_level)
        return await self._close(satisfaction, self._responded_on_time)

    # --- tracks ------------------------------------------------------------------------------

    async def _designated(self, level: str, *, resume_order: str | None = None) -> str:
        """专人调 from `level` upwards; returns the level at which the case was resolved.
        `resume_order`: a run continued-as-new in a rectification issues its next order first."""
        while True:
            if resume_order is not None:
                self._set_level(level)
                verdict = await self._rectification(level, resume_order, resumed=True)
                resume_order = None
                if verdict == "pass":
                    return level
                level = await self._escalate(level, "整改核验未通过 · rectification failed verification")
                continue
            await self._maybe_continue_as_new("designated", level=level)
            self._set_level(level)
            await self._move(
                "IN_PROGRESS", "level_started", f"{_LEVEL_NAMES[level]} · {level.lower()} handling", level=level
            )
            handlers = self._handler_groups(level)
            await self._case_task(
                kind="site_visit",
                title="现场核查 · site visit",
                groups=handlers,
            )
            last = level == LEVELS[-1]
            handling = await self._case_task(
                kind="handling",
                title="办理 · handling",
                groups=handlers,
                without=("escalate",) if last else (),
                on_deadline="overdue" if last else "expire",
            )
            if handling.completion is None:
                level = await self._escalate(level, "办理期限已过 · the level's deadline passed")
                continue
            if handling.outcome == "resolved":
                return level
            if handling.outcome == "escalate":
                level = await self._escalate(level, str(handling.form().get("reason", "")))
                continue
            verdict = await self._rectification(level, str(handling.form().get("requirements", "")))
            if verdict == "pass":
                return level
            level = await self._escalate(level, "整改核验未通过 · rectification failed verification")

    async def _consultation(self, subject: str, join: str) -> str | None:
        """专项调: a child ConsultationWorkflow, or the running one named `join`; the case waits for
        its result, then replies. None when the named consultation is not running (back to triage)."""
        case = self._require_case()
        self._track = "CONSULTATION"
        workflow.upsert_search_attributes([sa.TRACK.value_set("CONSULTATION")])
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
            await workflow.wait_condition(lambda: join in self._consultations)
            joined = self._consultations[join]
            await self._event("consultation_resolved", f"议事会决议已落实 · {joined.resolution}"[:500], child=join)
            return f"答复 · 议事会决议：{joined.resolution}"[:500]
        consultation_id = f"{case.case_no}-c{self._step}"  # deterministic: a replay starts the same child
        child_id = consultation_workflow_id(consultation_id)
        await self._move(
            "IN_PROGRESS", "consultation_started", f"专项调 · five-party council {child_id}", child=child_id
        )
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
        workflow.upsert_search_attributes([sa.TRACK.value_set("PROFESSIONAL")])
        mediation_id = f"{case.case_no}-p{self._step}"  # deterministic: a replay starts the same child
        child_id = professional_workflow_id(mediation_id)
        await self._move(
            "IN_PROGRESS", "professional_started", f"专业调 · professional mediation {child_id}", child=child_id
        )
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
        await workflow.wait_condition(workflow.all_handlers_finished)
        return self._status

    async def _escalate(self, level: str, reason: str) -> str:
        up = LEVELS[LEVELS.index(level) + 1]
        await self._event(
            "escalated", f"升级至{_LEVEL_NAMES[up]} · escalated to {up}: {reason}", level=up, reason=reason
        )
        return up

    async def _rectification(self, level: str, requirements: str, *, resumed: bool = False) -> str:
        """Rectification orders until one passes verification ("pass") or it fails to escalation."""
        case = self._require_case()
        extension_used = self._resume_extension_used if resumed else False
        first = True
        while True:
            if not first:  # between orders nothing is open: a safe point to continue as new
                await self._maybe_continue_as_new(
                    "rectification", level=level, requirements=requirements, extension_used=extension_used
                )
            first = False
            self._orders += 1
            order_no = f"{case.case_no}-R{self._orders}"
            await self._event(
                "rectification_order",
                f"整改单 {order_no} · rectification order to {case.company_code}: {requirements}"[:500],
                order_no=order_no,
                company=case.company_code,
            )
            checks = asyncio.ensure_future(self._daily_checks(level, order_no))
            due_at = ""
            while True:
                report = await self._case_task(
                    kind="rectification_report",
                    title=f"整改完成报告 · rectification report {order_no}",
                    groups=[f"{case.company_code}:company"],
                    without=("request_extension",) if extension_used else (),
                    due_at=due_at,
                )
                if report.outcome != "request_extension":
                    break
                extension_used = True
                days = int(report.form().get("extension_days", 0))
                approval = await self._case_task(
                    kind="extension_approval",
                    title=f"延期审批 · extension of {order_no} by {days} days",
                    groups=[f"{case.street_center_code}:street_center"],
                )
                approved = approval.outcome == "approve"
                new_due = report.due_at + timedelta(days=days) if approved else report.due_at
                due_at = new_due.isoformat()
                await self._event(
                    "extension_" + ("approved" if approved else "refused"),
                    f"延期{'批准' if approved else '未批准'} · extension {'approved' if approved else 'refused'}",
                    order_no=order_no,
                    due_at=due_at,
                )
            checks.cancel()
            await asyncio.gather(checks, return_exceptions=True)
            await self._cancel_open("daily_check", f"order {order_no} reported done")
            verification = await self._case_task(
                kind="rectification_verification",
                title=f"整改核验 · verify {order_no}",
                groups=self._handler_groups(level),
                without=("fail_escalate",) if level == LEVELS[-1] else (),
            )
            if verification.outcome == "pass":
                return "pass"
            if verification.outcome == "fail_escalate":
                return "escalate"

    async def _daily_checks(self, level: str, order_no: str) -> None:
        """One daily check task per working day while the order is open; a missed one is cancelled."""
        day = 0
        while True:
            day += 1
            check = await self._create_task(
                kind="daily_check",
                title=f"每日实地查看进度 · daily check {day} of {order_no}",
                groups=self._handler_groups(level),
            )
            task_id, due = check.task_id, check.due_at
            try:
                await workflow.wait_condition(
                    lambda tid=task_id: tid in self._done,  # type: ignore[misc]
                    timeout=max(due - workflow.now(), timedelta(seconds=1)),
                )
                completion = self._take(task_id)
                await self._event(
                    "task_completed", f"每日查看 · daily check {day}", actor=completion.completed_by, task_id=task_id
                )
                await workflow.sleep(max(due - workflow.now(), timedelta(seconds=1)))
            except TimeoutError:
                if task_id in self._completing:
                    continue  # completed as the day ended: the completion stands (its row is written)
                self._open.pop(task_id, None)
                await self._cancel(task_id, "missed: the day ended")
                await self._event("daily_check_missed", f"每日查看未完成 · daily check {day} missed", task_id=task_id)

    async def _refer(self, reason: str) -> str:
        await self._event("reply", f"答复 · 不属于受理范围：{reason}"[:500], reason=reason)
        await self._move("REFERRED", "referred", f"转出 · referred out of scope: {reason}"[:500], reason=reason)
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
        workflow.upsert_search_attributes([sa.CASE_STATUS.value_set("MERGED")])
        await self._event("reply", f"答复 · 已并入案件 {into_case_no} · joined case {into_case_no}")
        await workflow.wait_condition(workflow.all_handlers_finished)
        return True

    async def _callback(self) -> str:
        """The satisfaction callback; returns satisfied, fairly_satisfied, unsatisfied or no_answer."""
        expire = workflow.patched(PATCH_CALLBACK_DEADLINE)
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
        await workflow.execute_activity_method(
            CaseActivities.record_case_outcome,
            CaseOutcome(
                case_no=case.case_no,
                company_code=case.company_code,
                community_code=case.community_code,
                responded_on_time=responded_on_time,
                resolved=True,
                satisfaction=satisfaction,
            ),
            start_to_close_timeout=ACTIVITY_TIMEOUT,
            retry_policy=RETRY,
        )
        facts = self._closure_facts()
        await self._move("CLOSED", "closed", "结案 · case closed", satisfaction=satisfaction, **facts)
        await workflow.wait_condition(workflow.all_handlers_finished)
        return self._status

    # --- continue-as-new ---------------------------------------------------------------------

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

    # --- human tasks -------------------------------------------------------------------------

    async def _create_task(
        self, *, kind: str, title: str, groups: list[str], without: tuple[str, ...] = (), due_at: str = ""
    ) -> OpenTask:
        case = self._require_case()
        scope = TaskScope(
            ref=case.case_no,
            community_code=case.community_code,
            neighbourhood_code=case.neighbourhood_code,
            company_code=case.company_code,
            track=self._track,
            escalation_level=self._level,
        )
        return await self._open_task(kind, title, groups, scope, without=without, due_at=due_at)

    async def _case_task(
        self,
        *,
        kind: str,
        title: str,
        groups: list[str],
        without: tuple[str, ...] = (),
        status: str = "",
        on_deadline: OnDeadline = "overdue",
        due_at: str = "",
    ) -> TaskResult:
        """Creates a task and waits for it, its deadline a durable timer. A completion that races
        the deadline wins: exactly one outcome."""
        task = await self._create_task(kind=kind, title=title, groups=groups, without=without, due_at=due_at)
        task_id = task.task_id
        workflow.upsert_search_attributes([sa.DUE_AT.value_set(task.due_at), sa.OVERDUE.value_set(False)])
        attrs = {"task_id": task_id, "due_at": task.due_at.isoformat()}
        if status:
            await self._move(status, "task_created", f"{title} 待办 · task created", **attrs)
        else:
            await self._event("task_created", f"{title} 待办 · task created", **attrs)
        completion = await self._wait_task(task, expire=on_deadline == "expire")
        if completion is None:
            await self._event("task_expired", f"{title} 超期收回 · deadline passed", task_id=task_id)
            return TaskResult(None, False, task.due_at)
        await self._event(
            "task_completed",
            f"{title} 完成 · {completion.outcome}",
            actor=completion.completed_by,
            task_id=task_id,
            outcome=completion.outcome,
        )
        return TaskResult(completion, not task.overdue, task.due_at)

    async def _on_overdue(self, task: OpenTask) -> None:
        workflow.upsert_search_attributes([sa.OVERDUE.value_set(True)])
        await self._event("overdue", f"{task.title} 超期 · deadline passed", task_id=task.task_id)

    def _check_completion(self, task: OpenTask, completion: TaskCompletion, form: dict[str, Any]) -> None:
        """The case's own rules on a completion (the base checks task, outcome and who)."""
        if (
            task.kind == "triage"
            and completion.outcome == "designated"
            and not (self._case and self._case.street_center_code)
        ):
            raise ApplicationError("this case has no street center to escalate to; it cannot take designated handling")
        if (
            task.kind == "triage"
            and completion.outcome == "consultation"
            and not (self._case and self._case.street_center_code)
        ):
            raise ApplicationError("this case has no street center to convene a council; it cannot take consultation")
        if task.kind == "triage" and completion.outcome == "professional":
            case_type = form.get("case_type", "")
            if case_type and (not isinstance(case_type, str) or len(case_type) > 32):
                raise ApplicationError("form.case_type must be a dispute type of at most 32 characters")
        if completion.outcome == "rectification_order" and not (self._case and self._case.company_code):
            raise ApplicationError("the community has no property company to order; escalate instead")

    @workflow.signal(name=CASE_RESOLVED_SIGNAL)
    def consultation_resolved(self, result: ConsultationResult) -> None:
        """A consultation this case joined (or was linked to) is resolved."""
        self._consultations[result.consultation_id] = result

    @workflow.query(name=STATUS_QUERY)
    def status(self) -> CaseState:
        first = next(iter(self._open.values()), None)
        return CaseState(
            case_no=self._case.case_no if self._case else "",
            status=self._status,
            open_task_id=first.task_id if first else "",
            open_task_kind=first.kind if first else "",
            step=self._step,
            reopen_count=self._reopen_count,
            history=list(self._history),
            track=self._track,
            escalation_level=self._level,
            open_tasks=[f"{t.task_id}:{t.kind}" for t in self._open.values()],
            runs=self._runs,
        )

    # --- records -------------------------------------------------------------------------

    def _set_level(self, level: str) -> None:
        self._track, self._level = "DESIGNATED", level
        if not self._highest_level or LEVELS.index(level) > LEVELS.index(self._highest_level):
            self._highest_level = level
        workflow.upsert_search_attributes([sa.TRACK.value_set("DESIGNATED"), sa.ESCALATION_LEVEL.value_set(level)])

    def _groups_at(self, level: str, roles: tuple[str, ...]) -> list[str]:
        case = self._require_case()
        return [f"{case.neighbourhood_code}:{role}" for role in roles]

    def _handler_groups(self, level: str) -> list[str]:
        """Who handles at each level: the neighbourhood, the street center, the district center
        with the city management and market supervision bureaus as co-handlers."""
        case = self._require_case()
        if level == "COMMUNITY":
            return [f"{case.neighbourhood_code}:caseworker", f"{case.neighbourhood_code}:grid_worker"]
        if level == "STREET":
            return [f"{case.street_center_code}:street_center"]
        return [f"{case.district_center_code}:district_center", "CMB-LUZHOU:co_handler", "MSB-LUZHOU:co_handler"]

    async def _move(self, status: str, kind: str, summary: str, **attributes: str) -> None:
        self._status = status
        workflow.upsert_search_attributes([sa.CASE_STATUS.value_set(status)])
        await self._event(kind, summary, status=status, **attributes)

    def _event_id(self, kind: str) -> str:
        return f"{workflow.info().workflow_id}/{workflow.info().run_id}/{len(self._history) + 1}-{kind}"

    async def _event(
        self,
        kind: str,
        summary: str,
        *,
        status: str = "",
        actor: str = "system",
        satisfaction: str = "",
        **attributes: str,
    ) -> None:
        case = self._require_case()
        self._history.append(kind)
        await workflow.execute_activity_method(
            CaseActivities.record_case_event,
            CaseEvent(
                case_no=case.case_no,
                # Unique per workflow run and event: a retried activity records it once.
                event_id=f"{workflow.info().workflow_id}/{workflow.info().run_id}/{len(self._history)}",
                kind=kind,
                summary=summary,
                actor=actor,
                status=status,
                track=self._track,
                escalation_level=self._level,
                satisfaction=satisfaction,
                attributes=attributes,
            ),
            start_to_close_timeout=ACTIVITY_TIMEOUT,
            retry_policy=RETRY,
        )

    def _require_case(self) -> CaseInput:
        if self._case is None:  # run() sets it first; handlers only arrive after
            raise ApplicationError("case not started")
        return self._case


_LEVEL_NAMES = {"COMMUNITY": "社区承办", "STREET": "难题会诊", "DISTRICT": "协调联办"}


def _cause(err: ActivityError) -> str:
    cause = err.cause
    return getattr(cause, "message", None) or str(cause)

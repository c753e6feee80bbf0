"""Designated handling (专人调): COMMUNITY → STREET → DISTRICT, a site visit and a handling outcome at
each level; rectification orders to the property company with daily checks, one extension, a
verification, and (since v5) a limit on an order left unreported."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from contracts.case import CaseResume
    from workflows.activity_options import ACTIVITY_TIMEOUT, RETRY
    from workflows.case.base import LEVELS
    from workflows.case.continue_as_new import ContinueAsNew
    from workflows.case.patches import PATCH_DAILY_CHECKS_STOP, PATCH_REPORT_LIMIT
    from workflows.professional.activities import DueRequest
    from workflows.stop_flag import StopFlag


class DesignatedTrack(ContinueAsNew):
    """The designated track and its rectification orders."""

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
                level = await self._escalate(level, _WHY_ESCALATED[verdict])
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
            level = await self._escalate(level, _WHY_ESCALATED[verdict])

    async def _escalate(self, level: str, reason: str) -> str:
        up = LEVELS[LEVELS.index(level) + 1]
        await self._event(
            "escalated", f"升级至{_LEVEL_NAMES[up]} · escalated to {up}: {reason}", level=up, reason=reason
        )
        return up

    async def _rectification(self, level: str, requirements: str, *, resumed: bool = False) -> str:
        """Rectification orders until one passes verification ("pass"), fails to escalation
        ("escalate") or, below the top level, is not reported by the policy's limit ("unreported")."""
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
            stop = StopFlag(workflow.patched(PATCH_DAILY_CHECKS_STOP))
            checks = asyncio.ensure_future(self._daily_checks(level, order_no, stop))
            due_at = ""
            while True:
                task = await self._start_case_task(
                    kind="rectification_report",
                    title=f"整改完成报告 · rectification report {order_no}",
                    groups=[f"{case.company_code}:company"],
                    without=("request_extension",) if extension_used else (),
                    status="",
                    due_at=due_at,
                )
                limit = await self._report_limit(task.due_at)
                report = await self._await_case_task(task, until=limit.done if limit else None)
                if limit is not None and not limit.done():
                    limit.cancel()
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
            stop.set()  # v7: a cancel alone can be swallowed (workflows/stop_flag.py)
            checks.cancel()
            await asyncio.gather(checks, return_exceptions=True)
            done = "reported done" if report.completion is not None else "not reported by the limit"
            await self._cancel_open("daily_check", f"order {order_no} {done}")
            if report.completion is None:  # v5: the limit passed with the order unreported
                self._open.pop(report.task_id, None)
                await self._cancel(report.task_id, "not reported by the policy's limit")
                await self._event(
                    "rectification_unreported",
                    f"整改单 {order_no} 逾期未报告 · order {order_no} not reported by the limit",
                    order_no=order_no,
                    task_id=report.task_id,
                )
                if level != LEVELS[-1]:
                    return "unreported"
                continue  # nothing above the district: a new order (a safe point to continue as new)
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

    async def _report_limit(self, report_due: datetime) -> asyncio.Future[None] | None:
        """v5: a timer to the policy's limit for an unreported order, counted from the report's due
        time; None before v5 or when the case's policy version sets no limit (2026.1)."""
        if not workflow.patched(PATCH_REPORT_LIMIT):
            return None
        limit: str = await workflow.execute_activity(
            "compute_due",
            DueRequest(
                "rectification_report_limit",
                report_due.isoformat(),
                policy_version=self._policy_version,
                if_defined=True,
            ),
            result_type=str,
            start_to_close_timeout=ACTIVITY_TIMEOUT,
            retry_policy=RETRY,
        )
        if not limit:
            return None
        wait = max(datetime.fromisoformat(limit) - workflow.now(), timedelta(seconds=1))
        return asyncio.ensure_future(workflow.sleep(wait))

    async def _daily_checks(self, level: str, order_no: str, stop: StopFlag) -> None:
        """One daily check task per working day while the order is open; a missed one is cancelled.
        Ends at the cancel, or (v7) at the first step after `stop` is set; a check left open then is
        cancelled by the order's end (`_cancel_open`)."""
        day = 0
        while not stop.is_set():
            day += 1
            check = await self._create_task(
                kind="daily_check",
                title=f"每日实地查看进度 · daily check {day} of {order_no}",
                groups=self._handler_groups(level),
            )
            task_id, due = check.task_id, check.due_at
            await self._sync()
            if stop.is_set():
                return
            try:
                await workflow.wait_condition(
                    lambda tid=task_id: tid in self._done,  # type: ignore[misc]
                    timeout=max(due - workflow.now(), timedelta(seconds=1)),
                )
                completion = self._take(task_id)
                if not self._lean:  # since v4 written as the completion is accepted
                    await self._event(
                        "task_completed",
                        f"每日查看 · daily check {day}",
                        actor=completion.completed_by,
                        task_id=task_id,
                    )
                if self._answers_first:  # v6: the completion's entry and row, before the day's rest
                    await self._sync()
                if stop.is_set():
                    return
                await workflow.sleep(max(due - workflow.now(), timedelta(seconds=1)))
            except TimeoutError:
                if task_id in self._completing:
                    continue  # completed as the day ended: the completion stands (its row is written)
                self._open.pop(task_id, None)
                await self._cancel(task_id, "missed: the day ended")
                await self._event("daily_check_missed", f"每日查看未完成 · daily check {day} missed", task_id=task_id)

    async def _designated_from(self, resolved_level: str, resume: CaseResume | None) -> str:
        """专人调 again at the level that resolved the case, or where a resumed run stopped (in a
        rectification: with its next order); returns the level that resolved it."""
        at = resume.level if resume is not None and resume.stage != "triage" else resolved_level
        order = resume.requirements if resume is not None and resume.stage == "rectification" else None
        return await self._designated(at, resume_order=order)


_WHY_ESCALATED = {
    "escalate": "整改核验未通过 · rectification failed verification",
    "unreported": "整改逾期未报告 · rectification not reported by the policy's limit",
}
_LEVEL_NAMES = {"COMMUNITY": "社区承办", "STREET": "难题会诊", "DISTRICT": "协调联办"}

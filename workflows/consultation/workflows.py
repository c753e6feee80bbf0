"""ConsultationWorkflow (专项调): a five-party council decides an issue that touches many households.

NOTICE (street center task: meeting time, at least the consultation_notice period ahead; the five
parties invited from the registry) → timer to the meeting → MEETING record (attendance, quorum,
resolution, vote; no quorum or no majority → a new notice) → PUBLICITY for the publicity period
(an objection — signal or the community's task — sends the resolution back to the council) →
ACTION items as tasks, each with an owning party and a due date → RESOLVED: linked cases other
than the parent are signalled; the parent gets the result as the child's return value.

Deterministic: due times come from the mediation service or from the council's own dates.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from temporalio import workflow
from temporalio.exceptions import ApplicationError

with workflow.unsafe.imports_passed_through():
    from contracts.consultation import (
        CASE_RESOLVED_SIGNAL,
        COUNCIL_ROLES,
        LINK_CASE_SIGNAL,
        OBJECTION_SIGNAL,
        STATUS_QUERY,
        WORKFLOW_NAME,
        ConsultationInput,
        ConsultationResult,
        ConsultationState,
        CouncilSeat,
        Objection,
    )
    from contracts.tasks import TaskCompletion
    from workflows.activity_options import ACTIVITY_TIMEOUT, RETRY
    from workflows.consultation.activities import ConsultationActivities
    from workflows.tasks.open_tasks import OpenTask, OpenTasksWorkflow, TaskScope, form_of


@workflow.defn(name=WORKFLOW_NAME)
class ConsultationWorkflow(OpenTasksWorkflow):
    def __init__(self) -> None:
        super().__init__()
        self._input: ConsultationInput | None = None
        self._status = "STARTED"
        self._round = 0
        self._seats: list[CouncilSeat] = []
        self._meeting_at = ""
        self._attendance: list[str] = []
        self._quorum = False
        self._resolution = ""
        self._votes: dict[str, int] = {}
        self._objections: list[Objection] = []
        self._objections_at_start = 0
        self._history: list[str] = []
        self._linked: list[str] = []

    @workflow.run
    async def run(self, consultation: ConsultationInput) -> ConsultationResult:
        self._input = consultation
        self._policy_version = consultation.policy_version
        self._linked = [*consultation.linked_case_workflow_ids, *self._linked]
        self._seats = await workflow.execute_activity_method(
            ConsultationActivities.council_seats,
            consultation.community_code,
            start_to_close_timeout=ACTIVITY_TIMEOUT,
            retry_policy=RETRY,
        )
        while True:
            items = await self._council()
            if await self._publicity():
                break
            self._history.append("objection_sent_back")
        done = await self._action_items(items)
        self._status = "RESOLVED"
        self._history.append("resolved")
        result = ConsultationResult(consultation.consultation_id, "RESOLVED", self._resolution, self._round, done)
        for linked in dict.fromkeys(self._linked):
            try:
                await workflow.get_external_workflow_handle(linked).signal(CASE_RESOLVED_SIGNAL, result)
            except Exception:
                self._history.append(f"linked_case_unreachable:{linked}")
            else:
                self._history.append(f"linked_case_signalled:{linked}")
        await workflow.wait_condition(workflow.all_handlers_finished)
        return result

    # --- stages ------------------------------------------------------------------------------

    async def _council(self) -> list[dict[str, Any]]:
        """Notice → meeting → record, until a quorate council passes a resolution; its action items."""
        while True:
            self._round += 1
            self._status = "NOTICE"
            notice = await self._task("consultation_notice", "议事会通知 · council notice", self._center())
            self._meeting_at = str(form_of(notice).get("meeting_at", ""))
            invited = ", ".join(s.org_code for s in self._seats if s.org_code)
            self._history.append(f"invited:{invited}")
            self._status = "AWAITING_MEETING"
            await workflow.sleep(max(datetime.fromisoformat(self._meeting_at) - workflow.now(), timedelta(0)))
            self._status = "MEETING"
            record = form_of(await self._task("meeting_record", "议事会记录 · meeting record", self._center()))
            self._attendance = [str(r) for r in record.get("attendance", [])]
            self._votes = {k: int(v) for k, v in dict(record.get("votes", {})).items()}
            self._quorum = self._has_quorum(self._attendance)
            passed = self._quorum and self._votes.get("for", 0) * 2 > len(self._attendance)
            if not self._quorum:
                self._history.append("quorum_failed")
                continue
            if not passed:
                self._history.append("resolution_rejected")
                continue
            self._resolution = str(record.get("resolution", ""))
            self._history.append("resolution_passed")
            return [dict(i) for i in record.get("action_items", [])]

    async def _publicity(self) -> bool:
        """True when the publicity period passes without objection."""
        self._status = "PUBLICITY"
        self._objections_at_start = len(self._objections)
        task = await self._create(
            "publicity_objection",
            "公示期异议登记 · objection during publicity",
            self._community(),
        )
        try:
            await workflow.wait_condition(
                lambda: task.task_id in self._done or len(self._objections) > self._objections_at_start,
                timeout=max(task.due_at - workflow.now(), timedelta(seconds=1)),
            )
        except TimeoutError:
            if task.task_id not in self._completing:
                self._open.pop(task.task_id, None)
                await self._cancel(task.task_id, "publicity ended without objection")
                self._history.append("publicity_passed")
                return True
            await workflow.wait_condition(lambda: task.task_id in self._done)
        if task.task_id in self._done:
            completion = self._take(task.task_id)
            reason = str(form_of(completion).get("reason", ""))
            self._objections.append(Objection(task.task_id, completion.completed_by, reason))
        else:  # a signalled objection: the community's task is no longer needed
            await workflow.wait_condition(lambda: task.task_id not in self._completing)
            if task.task_id in self._done:
                self._take(task.task_id)
            else:
                self._open.pop(task.task_id, None)
                await self._cancel(task.task_id, "objection received")
        self._history.append("objection")
        return False

    async def _action_items(self, items: list[dict[str, Any]]) -> int:
        """Every item a task of its owning party, due on the council's date; waits for all."""
        self._status = "ACTION"
        tasks: list[OpenTask] = []
        for item in items:
            seat = next(s for s in self._seats if s.role == item["owner"])
            due_at = f"{item['due_on']}T18:00:00+08:00"
            tasks.append(
                await self._create(
                    "action_item",
                    f"议事会事项 · {str(item['title'])[:80]}",
                    [self._group_of(seat)],
                    due_at=due_at,
                )
            )
        for task in tasks:
            await self._completion(task)
            self._history.append("action_item_done")
        return len(tasks)

    # --- tasks -------------------------------------------------------------------------------

    async def _task(self, kind: str, title: str, groups: list[str]) -> TaskCompletion:
        return await self._completion(await self._create(kind, title, groups))

    async def _create(self, kind: str, title: str, groups: list[str], *, due_at: str = "") -> OpenTask:
        consultation = self._require()
        scope = TaskScope(
            ref=(consultation.parent_case_no or consultation.consultation_id)[-32:],
            community_code=consultation.community_code,
            neighbourhood_code=consultation.neighbourhood_code,
            company_code=consultation.company_code,
        )
        task = await self._open_task(kind, title, groups, scope, due_at=due_at)
        self._history.append(f"task:{kind}")
        return task

    async def _on_overdue(self, task: OpenTask) -> None:
        self._history.append(f"overdue:{task.kind}")

    def _check_completion(self, task: OpenTask, completion: TaskCompletion, form: dict[str, Any]) -> None:
        if task.kind == "consultation_notice":
            self._check_notice(task, form)
        elif task.kind == "meeting_record":
            self._check_record(form)

    def _check_notice(self, task: OpenTask, form: dict[str, Any]) -> None:
        try:
            meeting_at = datetime.fromisoformat(str(form.get("meeting_at", "")))
        except ValueError:
            raise ApplicationError("form.meeting_at must be an ISO 8601 date-time with offset") from None
        if meeting_at.tzinfo is None:
            raise ApplicationError("form.meeting_at needs a UTC offset, e.g. +08:00")
        # The notice period is the policy's (the task's due time was computed from it on creation).
        earliest = workflow.now() + (task.due_at - task.created_at)
        if meeting_at < earliest:
            raise ApplicationError(
                f"form.meeting_at: the parties must have notice; the meeting may be on or after {earliest.isoformat()}"
            )

    def _check_record(self, form: dict[str, Any]) -> None:
        attendance = [str(r) for r in form.get("attendance", [])]
        unknown = [r for r in attendance if r not in COUNCIL_ROLES]
        if unknown:
            raise ApplicationError(f"form.attendance: unknown parties {unknown}; parties: {', '.join(COUNCIL_ROLES)}")
        absent_seats = [r for r in attendance if not self._seat(r).org_code]
        if absent_seats:
            raise ApplicationError(f"form.attendance: {absent_seats} hold no seat in this community")
        votes = dict(form.get("votes", {}))
        cast = sum(int(votes.get(k, 0)) for k in ("for", "against", "abstain"))
        if cast != len(set(attendance)):
            raise ApplicationError(f"form.votes: {cast} votes cast by {len(set(attendance))} attending parties")
        for i, item in enumerate(form.get("action_items", [])):
            owner = str(dict(item).get("owner", ""))
            if owner not in COUNCIL_ROLES or not self._seat(owner).org_code:
                raise ApplicationError(f"form.action_items.{i}.owner: {owner!r} is not a seated party")

    @workflow.signal(name=OBJECTION_SIGNAL)
    def objection(self, objection: Objection) -> None:
        """Counts only during publicity, once per objection id."""
        if self._status != "PUBLICITY" or any(o.objection_id == objection.objection_id for o in self._objections):
            return
        self._objections.append(objection)

    @workflow.signal(name=LINK_CASE_SIGNAL)
    def link_case(self, case_workflow_id: str) -> None:
        """A case triaged into this consultation; it is signalled with the result."""
        if case_workflow_id not in self._linked:
            self._linked.append(case_workflow_id)

    @workflow.query(name=STATUS_QUERY)
    def state(self) -> ConsultationState:
        return ConsultationState(
            consultation_id=self._input.consultation_id if self._input else "",
            status=self._status,
            round=self._round,
            seats=list(self._seats),
            meeting_at=self._meeting_at,
            attendance=list(self._attendance),
            quorum=self._quorum,
            resolution=self._resolution,
            votes=dict(self._votes),
            objections=list(self._objections),
            open_tasks=[f"{t.task_id}:{t.kind}" for t in self._open.values()],
            history=list(self._history),
        )

    # --- parties -----------------------------------------------------------------------------

    def _has_quorum(self, attendance: list[str]) -> bool:
        """More than half of the constituted seats present."""
        seated = [s for s in self._seats if s.org_code]
        present = {r for r in attendance if self._seat(r).org_code}
        return len(present) * 2 > len(seated)

    def _seat(self, role: str) -> CouncilSeat:
        return next((s for s in self._seats if s.role == role), CouncilSeat(role, ""))

    def _center(self) -> list[str]:
        return [f"{self._require().street_center_code}:street_center"]

    def _community(self) -> list[str]:
        return [f"{self._require().neighbourhood_code}:caseworker"]

    def _group_of(self, seat: CouncilSeat) -> str:
        """Who works an action item: the company's staff for the company; the neighbourhood's
        caseworkers for the neighbourhood and the committees (which have no console accounts)."""
        if seat.role == "property_company":
            return f"{seat.org_code}:company"
        return self._community()[0]

    def _require(self) -> ConsultationInput:
        if self._input is None:
            raise ApplicationError("consultation not started")
        return self._input

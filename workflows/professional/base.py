"""What every part of professional mediation shares: its state, the panel's tasks and their
completion rules (十调法 methods, agreement terms), its status query, its result and the parent
case's timeline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from temporalio import workflow
from temporalio.exceptions import ApplicationError

with workflow.unsafe.imports_passed_through():
    from contracts.professional import (
        STATUS_QUERY,
        LiaisonResult,
        Panel,
        ProfessionalInput,
        ProfessionalResult,
        ProfessionalState,
    )
    from contracts.tasks import TaskCompletion
    from workflows.activity_options import ACTIVITY_TIMEOUT, RETRY
    from workflows.case.activities import CaseEvent
    from workflows.professional.activities import DueRequest
    from workflows.tasks.open_tasks import OpenTask, OpenTasksWorkflow, TaskScope


@dataclass
class Referral:
    organisation_code: str
    purpose: str
    closed: bool = False


# v2: the police referral and the performance watch, run beside the mediation, end at a stop flag
# as well as a cancel (workflows/stop_flag.py); a history recorded before it replays as it ran.
PATCH_BACKGROUND_STOP = "background-steps-stop-v2"


class ProfessionalBase(OpenTasksWorkflow):
    """The mediation's state and records; the stages are mixins over it."""

    def __init__(self) -> None:
        super().__init__()
        self._input: ProfessionalInput | None = None
        self._panel: Panel | None = None
        self._sessions = 0
        self._events = 0
        self._referrals: dict[str, Referral] = {}
        self._referral_count = 0
        self._seen_messages: set[str] = set()
        self._pending: list[LiaisonResult] = []  # accepted, not yet applied
        self._refused: list[tuple[LiaisonResult, str]] = []  # to put on the timeline
        self._police_resolved: LiaisonResult | None = None
        self._history: list[str] = []
        self._court = ""
        self._station = ""

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

    async def _due(self, deadline: str, start: datetime, *, extended: bool = False) -> datetime:
        due: str = await workflow.execute_activity(
            "compute_due",
            DueRequest(deadline, start.isoformat(), extended, self._policy_version),
            result_type=str,
            start_to_close_timeout=ACTIVITY_TIMEOUT,
            retry_policy=RETRY,
        )
        return datetime.fromisoformat(due)

"""The reconciliation check: every case whose service record and workflow disagree. Pure rules.

History is the truth and records converge on it (DESIGN.md invariant 1), so a disagreement that
lasts is a fault: an activity that keeps failing, a workflow that was terminated by hand, a case
stored but never started. A disagreement can also be a moment old (the workflow moved; its
activity has not written the record yet) — the page says so and a second look settles it.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

from services.gateway.ops.workflows import CaseWorkflow

# Record statuses that mean the case is finished.
FINAL_STATUSES = {"CLOSED", "MERGED", "REFERRED"}


@dataclass(frozen=True)
class CaseRecord:
    case_no: str
    status: str
    workflow_id: str


@dataclass(frozen=True)
class OpenTask:
    task_id: str
    case_no: str
    workflow_id: str
    status: str


@dataclass(frozen=True)
class Disagreement:
    case_no: str
    workflow_id: str
    kind: str  # no_workflow, no_record, status_differs, workflow_ended, record_closed_workflow_running, stuck_task
    record_status: str
    workflow_status: str
    detail: str
    fix: str
    task_id: str = ""


def reconcile(
    records: Iterable[CaseRecord],
    workflows: Iterable[CaseWorkflow],
    open_tasks: Iterable[OpenTask] = (),
    running_task_owners: Collection[str] = frozenset(),
) -> list[Disagreement]:
    """Every disagreement between records, workflows and open task rows, in case number order.
    `running_task_owners` are the running workflows of the other types that open tasks
    (professional mediation, consultation, review, supervision, takeover): their tasks are waited on."""
    by_id = {w.workflow_id: w for w in workflows}
    seen: set[str] = set()
    found: list[Disagreement] = []
    for record in records:
        seen.add(record.workflow_id)
        wf = by_id.get(record.workflow_id)
        if wf is None:
            found.append(
                Disagreement(
                    record.case_no,
                    record.workflow_id,
                    "no_workflow",
                    record.status,
                    "",
                    "the case is stored but its workflow was never started",
                    "intake's reconciler starts it within seconds; if it stays, check intake's log and Temporal",
                )
            )
            continue
        shown = f"{wf.execution_status}/{wf.case_status}"
        if wf.running and record.status in FINAL_STATUSES:
            found.append(
                Disagreement(
                    record.case_no,
                    wf.workflow_id,
                    "record_closed_workflow_running",
                    record.status,
                    shown,
                    "the record is final but the workflow still runs",
                    "look at the workflow in Temporal UI; terminate it with a reason if the case is truly done",
                )
            )
        elif not wf.running and record.status not in FINAL_STATUSES:
            found.append(
                Disagreement(
                    record.case_no,
                    wf.workflow_id,
                    "workflow_ended",
                    record.status,
                    shown,
                    f"the workflow is {wf.execution_status.lower()} but the record is still {record.status}",
                    "a terminated case needs a decision: reopen it as a new case or close the record; "
                    "cancel its stuck tasks",
                )
            )
        elif wf.running and wf.case_status and wf.case_status != record.status:
            found.append(
                Disagreement(
                    record.case_no,
                    wf.workflow_id,
                    "status_differs",
                    record.status,
                    shown,
                    f"the workflow says {wf.case_status}, the record says {record.status}",
                    "usually a moment old; if it stays, the record_case_event activity is failing — "
                    "see failing activities",
                )
            )
    for wf in by_id.values():
        if wf.workflow_id not in seen:
            found.append(
                Disagreement(
                    wf.case_no,
                    wf.workflow_id,
                    "no_record",
                    "",
                    f"{wf.execution_status}/{wf.case_status}",
                    "a case workflow runs with no case record in intake",
                    "started by hand or against another intake database; terminate it with a reason",
                )
            )
    for task in open_tasks:
        wf = by_id.get(task.workflow_id)
        if task.workflow_id in running_task_owners:
            continue
        if wf is None or not wf.running:
            found.append(
                Disagreement(
                    task.case_no,
                    task.workflow_id,
                    "stuck_task",
                    task.status,
                    wf.execution_status if wf else "not running",
                    f"task {task.task_id} is still {task.status.lower()} but no workflow waits on it",
                    "cancel the task (admin) so it leaves everyone's inbox",
                    task_id=task.task_id,
                )
            )
    return sorted(found, key=lambda d: (d.case_no, d.kind))

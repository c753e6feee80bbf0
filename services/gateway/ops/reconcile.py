"""The reconciliation check: every case whose service record and workflow disagree. Pure rules.

History is the truth and records converge on it (DESIGN.md invariant 1), so a disagreement that
lasts is a fault: an activity that keeps failing, a workflow that was terminated by hand, a case
stored but never started. A disagreement can also be a moment old (the workflow moved; its
activity has not written the record yet) — the page says so and a second look settles it.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
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
    by_id = newest_runs(workflows)
    records = list(records)
    statuses = {wid: wf.execution_status for wid, wf in by_id.items()} | dict.fromkeys(running_task_owners, "RUNNING")
    return sort(
        check_records(records, by_id)
        + check_workflows(by_id.values(), {r.workflow_id for r in records})
        + check_tasks(open_tasks, statuses)
    )


def sort(found: list[Disagreement]) -> list[Disagreement]:
    return sorted(found, key=lambda d: (d.case_no, d.kind))


def newest_runs(workflows: Iterable[CaseWorkflow]) -> dict[str, CaseWorkflow]:
    """One row per workflow id: its newest run (visibility lists every run of a case that continued
    as new, newest first)."""
    by_id: dict[str, CaseWorkflow] = {}
    for wf in workflows:
        known = by_id.get(wf.workflow_id)
        if known is None or _newer(wf, known):
            by_id[wf.workflow_id] = wf
    return by_id


def _newer(a: CaseWorkflow, b: CaseWorkflow) -> bool:
    if a.running != b.running:
        return a.running
    return (a.started_at is not None and b.started_at is not None) and a.started_at > b.started_at


def check_records(records: Iterable[CaseRecord], by_id: Mapping[str, CaseWorkflow]) -> list[Disagreement]:
    """Each record against its workflow's newest run."""
    found: list[Disagreement] = []
    for record in records:
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
    return found


def check_workflows(workflows: Iterable[CaseWorkflow], recorded: Collection[str]) -> list[Disagreement]:
    """Case workflows whose id no case record names (`recorded`: the workflow ids that have one)."""
    return [
        Disagreement(
            wf.case_no,
            wf.workflow_id,
            "no_record",
            "",
            f"{wf.execution_status}/{wf.case_status}",
            "a case workflow runs with no case record in intake",
            "started by hand or against another intake database; terminate it with a reason",
        )
        for wf in workflows
        if wf.workflow_id not in recorded
    ]


def check_tasks(open_tasks: Iterable[OpenTask], statuses: Mapping[str, str]) -> list[Disagreement]:
    """Open task rows whose workflow (of any type) is not running; `statuses` maps a workflow id to
    its newest run's execution status."""
    found: list[Disagreement] = []
    for task in open_tasks:
        status = statuses.get(task.workflow_id, "")
        if status != "RUNNING":
            found.append(
                Disagreement(
                    task.case_no,
                    task.workflow_id,
                    "stuck_task",
                    task.status,
                    status or "not running",
                    f"task {task.task_id} is still {task.status.lower()} but no workflow waits on it",
                    "cancel the task (admin) so it leaves everyone's inbox",
                    task_id=task.task_id,
                )
            )
    return found

"""Reconciliation rules of the ops pages (no I/O)."""

from __future__ import annotations

from services.gateway.ops.reconcile import CaseRecord, OpenTask, reconcile
from services.gateway.ops.workflows import CaseWorkflow


def wf(no: str, execution: str = "RUNNING", status: str = "TRIAGE") -> CaseWorkflow:
    return CaseWorkflow(
        workflow_id=f"case-{no}",
        run_id="run",
        execution_status=execution,
        case_no=no,
        case_status=status,
        track="",
        escalation_level="",
        community="CM-DFSJ",
        company="PC-DFSJ",
        due_at=None,
        overdue=False,
        started_at=None,
    )


def rec(no: str, status: str = "TRIAGE") -> CaseRecord:
    return CaseRecord(no, status, f"case-{no}")


def test_agreeing_cases_report_nothing() -> None:
    assert reconcile([rec("A"), rec("B", "CLOSED")], [wf("A"), wf("B", "COMPLETED", "CLOSED")]) == []


def test_every_kind_of_disagreement_is_reported_once() -> None:
    found = reconcile(
        [
            rec("A"),  # no workflow
            rec("B", "RESOLVED"),  # status differs
            rec("C", "CLOSED"),  # record final, workflow runs
            rec("D", "CALLBACK"),  # workflow terminated, record open
            rec("F", "MERGED"),  # final and ended: fine
        ],
        [wf("B", status="CALLBACK"), wf("C", status="CALLBACK"), wf("D", "TERMINATED"), wf("E"), wf("F", "COMPLETED")],
        [OpenTask("case-D-t3", "D", "case-D", "OPEN"), OpenTask("case-B-t2", "B", "case-B", "CLAIMED")],
    )
    assert [(d.case_no, d.kind) for d in found] == [
        ("A", "no_workflow"),
        ("B", "status_differs"),
        ("C", "record_closed_workflow_running"),
        ("D", "stuck_task"),
        ("D", "workflow_ended"),
        ("E", "no_record"),
    ]
    stuck = next(d for d in found if d.kind == "stuck_task")
    assert stuck.task_id == "case-D-t3" and stuck.workflow_status == "TERMINATED" and "cancel" in stuck.fix


def test_a_task_whose_workflow_is_missing_is_stuck() -> None:
    [found] = reconcile([], [], [OpenTask("case-Z-t1", "Z", "case-Z", "OPEN")])
    assert found.kind == "stuck_task" and found.workflow_status == "not running"


def test_tasks_of_running_workflows_of_every_type_are_not_stuck() -> None:
    """Professional mediation, supervision, review, takeover and consultation tasks belong to no case
    workflow; while their own workflow runs they are waited on (issue #18: they were listed as stuck)."""
    owners = ["professional-M1", "supervision-S1", "review-SD-2026Q3", "takeover-B1", "consultation-C1"]
    tasks = [OpenTask(f"{w}-t1", "", w, "OPEN") for w in owners]
    assert reconcile([], [], tasks, set(owners)) == []
    ended = reconcile([], [], tasks, set(owners[1:]))
    assert [(d.kind, d.task_id) for d in ended] == [("stuck_task", "professional-M1-t1")]

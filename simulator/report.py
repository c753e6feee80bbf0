"""The figures of a run, read back through the API: cases by status and track, the satisfaction
rate, consultations, the board (standings, notices, takeover counts), latency per API call, errors
by kind and the consistency check (every accepted complaint is one case; record and workflow agree)."""

from __future__ import annotations

import math
from collections import Counter
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from simulator.run import Runner


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (nearest rank) of the values, 0 for none."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


def latency_table(latency: dict[str, list[float]]) -> dict[str, dict[str, float]]:
    return {
        name: {
            "calls": len(values),
            "p50_ms": round(percentile(values, 50) * 1000, 1),
            "p95_ms": round(percentile(values, 95) * 1000, 1),
            "p99_ms": round(percentile(values, 99) * 1000, 1),
        }
        for name, values in sorted(latency.items())
    }


def consistency(runner: Runner, cases: dict[str, dict[str, Any]], reconciliation: dict[str, Any]) -> dict[str, Any]:
    """Every accepted complaint is in exactly one case, and no case of this run is one whose record
    and workflow disagree (the ops reconciliation check)."""
    # A receipt names one case; that case must exist and count at least the complaints that
    # joined it in this run.
    per_case = Counter(runner.filing.receipts.values())
    missing = [
        receipt
        for receipt, case_no in runner.filing.receipts.items()
        if case_no not in cases or int(cases[case_no].get("complaint_count", 0)) < per_case[case_no]
    ]
    ours = set(runner.filing.cases)
    disagreements = [d for d in reconciliation.get("disagreements", []) if d.get("case_no") in ours]
    return {
        "accepted_complaints": len(runner.filing.receipts),
        "complaints_in_exactly_one_case": len(runner.filing.receipts) - len(missing),
        "complaints_not_found_in_their_case": missing[:20],
        "record_workflow_disagreements": disagreements[:20],
        "ok": not missing and not disagreements,
    }


def _councils_started(timeline: list[dict[str, Any]], after_reopening: bool = False) -> int:
    """The councils a case convened (its `consultation_started` entries), or only those convened
    after it first reopened (an unsatisfied callback)."""
    kinds = [e.get("kind") for e in timeline]
    if after_reopening:
        kinds = kinds[kinds.index("reopened") :] if "reopened" in kinds else []
    return kinds.count("consultation_started")


def figures(
    runner: Runner,
    cases: dict[str, dict[str, Any]],
    events: list[dict[str, Any]],
    board: dict[str, Any],
    reconciliation: dict[str, Any],
    elapsed: float,
) -> dict[str, Any]:
    statuses = Counter(c["status"] for c in cases.values())
    tracks = Counter(c.get("track", "") or "NONE" for c in cases.values())
    answers = Counter(c.get("satisfaction", "") or "none" for c in cases.values() if c["status"] == "CLOSED")
    answered = sum(n for k, n in answers.items() if k in ("satisfied", "fairly_satisfied", "unsatisfied"))
    satisfied = answers["satisfied"] + answers["fairly_satisfied"]
    closed = {no for no, c in cases.items() if c["status"] in ("CLOSED", "TRANSFERRED")}
    consultations = {no for no, c in cases.items() if c.get("track") == "CONSULTATION"}
    kinds = {no: {e.get("kind") for e in c.get("timeline", [])} for no, c in cases.items()}
    councils = {no for no in consultations if "consultation_started" in kinds[no]}
    joined = {no for no in consultations if "consultation_joined" in kinds[no]}
    # A council a case convenes after its resident was unsatisfied and it reopened is a second
    # hearing of the same issue, counted apart from the councils the issues were first heard by.
    started = sum(_councils_started(cases[no].get("timeline", [])) for no in consultations)
    reconvened = sum(_councils_started(cases[no].get("timeline", []), after_reopening=True) for no in consultations)
    filed_complaints = Counter(runner.filing.receipts.values())
    ledger = runner.actors.ledger
    return {
        "scenario": runner.plan.scenario,
        "seed": runner.plan.seed,
        "plan_digest": runner.plan.digest(),
        "time_scale": runner.scenario.time_scale,
        "elapsed_seconds": round(elapsed, 1),
        "simulated_days": round(elapsed * runner.scenario.time_scale / 86_400, 1),
        "complaints_planned": len(runner.plan.complaints),
        "complaints_accepted": len(runner.filing.receipts),
        "complaints_refused": runner.filing.refused[:20],
        "cases": len(cases),
        "cases_by_status": dict(statuses),
        "cases_by_track": dict(tracks),
        "complaints_handled": sum(filed_complaints[no] for no in closed),
        "callback_answers": dict(answers),
        "satisfaction_rate": round(satisfied / answered, 4) if answered else None,
        "consultation_cases": len(consultations),
        "consultation_cases_closed": len(consultations & closed),
        "consultations_started": started,
        "consultations_on_first_hearing": started - reconvened,
        "consultations_reconvened_after_reopening": reconvened,
        "consultations_resolved": sum(1 for no in councils if "consultation_resolved" in kinds[no]),
        "cases_that_joined_a_running_consultation": len(joined),
        "issues_resolved_by_consultations": sum(1 for no in consultations if "consultation_resolved" in kinds[no]),
        "tasks_completed": dict(ledger.completed),
        "outcomes": dict(ledger.outcomes),
        "liaison_results": ledger.liaison_results,
        "actor_failures": ledger.failures[:20],
        "serious_events": [
            {"workflow_id": e.get("workflow_id", ""), "proposal": e.get("proposal", {}).get("standing", "")}
            | ({"refused": e["refused"]} if "refused" in e else {})
            for e in events
        ],
        "takeover_bundles": [t.get("workflow_id") or t.get("refused", "") for t in runner.takeovers],
        "takeover_tasks_completed": {k: n for k, n in ledger.completed.items() if k.startswith("takeover")},
        "board": {
            "review": {
                k: board.get("review", {}).get(k)
                for k in ("id", "status", "evaluations", "resident_forms", "peer_forms", "department_forms")
            },
            "takeover": {k: v for k, v in board.get("takeover", {}).items() if k != "communities"},
            "standings": [(s["company_code"], s["standing"]) for s in board.get("standings", [])],
            "notices": [n["title"] for n in board.get("notices", [])][:10],
        },
        "latency": latency_table(runner.api.latency),
        "errors": dict(runner.api.errors),
        "consistency": consistency(runner, cases, reconciliation),
    }

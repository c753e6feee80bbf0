"""The people and systems of a run: each demo user watches its group inbox and completes each task
after the response delay the plan gives (working hours, compressed by the time scale), with the
outcome the plan gives; the court and the police station answer referrals on the liaison API."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import httpx

from simulator.api import Api, ApiRefused
from simulator.forms import form_for
from simulator.plan import Plan, decide, delay_hours
from simulator.scenario import Scenario

log = logging.getLogger("simulator")
LIAISON_KEYS = {"court": "demo-court-key", "police": "demo-police-key"}
# Tasks that stand open for anyone who wants to act (an objection during publicity): an actor acts
# only when the scenario's table for the kind picks an outcome the task offers, never by default.
OPTIONAL = {"publicity_objection"}
COUNCIL_ID = re.compile(r"consultation-([A-Za-z0-9-]+-c[0-9]+)")
FINISHED_COUNCIL = {"RESOLVED", "FAILED", "CLOSED", "CANCELLED"}
_RESULTS = {
    "judicial_confirmation": (
        "judicial_confirmation_applied",
        "judicial_confirmation_accepted",
        "judicial_confirmation_valid",
    ),
    "litigation": ("case_filed",),
    "police": ("police_result",),
}


@dataclass
class Ledger:
    """What the actors did: tasks completed by kind and outcome, per case."""

    completed: Counter[str] = field(default_factory=Counter)
    outcomes: Counter[str] = field(default_factory=Counter)
    rounds: Counter[tuple[str, str]] = field(default_factory=Counter)
    liaison_results: int = 0
    liaison_by_case: Counter[str] = field(default_factory=Counter)  # distinct results sent per case
    failures: list[str] = field(default_factory=list)


def council_of(case: dict[str, Any]) -> str:
    """The consultation a case started (its id, from the timeline's newest `consultation_started`
    entry: "<case_no>-c<step>", the step being the triage's), or ""."""
    for entry in reversed(case.get("timeline", [])):
        if entry.get("kind") == "consultation_started":
            found = COUNCIL_ID.search(entry.get("summary", ""))
            if found:
                return found.group(1)
    return ""


class Actors:
    """Runs every actor until `stop()`; `cases` maps each filed case number to its complaint."""

    def __init__(self, api: Api, scenario: Scenario, plan: Plan, cases: dict[str, int], *, callers: int = 1) -> None:
        self.api, self.scenario, self.plan, self.cases = api, scenario, plan, cases
        self.callers = callers  # watchers per demo user (the load mode's callers per role)
        self.ledger = Ledger()
        self._seen: set[str] = set()
        self._stopping = asyncio.Event()
        self._pending: set[asyncio.Task[None]] = set()
        self._limit = asyncio.Semaphore(8)
        # A resident answers the callback on a lane of its own: under compressed time its deadline
        # (the working day after) is seconds away, and it must not queue behind the staff's work.
        self._callbacks = asyncio.Semaphore(8)

    @property
    def users(self) -> list[str]:
        return sorted(set(self.scenario.actors.values()))

    def stop(self) -> None:
        self._stopping.set()

    async def run(self) -> None:
        watchers = [self._watch(user) for user in self.users for _ in range(self.callers)]
        # Residents answer callbacks: each caseworker also looks at its callbacks alone, every second
        # (a callback is due the working day after: seconds under compressed time).
        callers = sorted({u for group, u in self.scenario.actors.items() if group.endswith(":caseworker")})
        watchers += [self._watch(user, kind="callback", every=1.0) for user in callers]
        liaison = [self._liaison(key) for key in LIAISON_KEYS.values()]
        await asyncio.gather(*watchers, *liaison)
        for pending in list(self._pending):
            pending.cancel()

    async def _pause(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stopping.wait(), timeout=seconds)

    async def _watch(self, user: str, kind: str = "", every: float = 1.5) -> None:
        idle = 0.2
        only = {"kind": kind} if kind else {}
        while not self._stopping.is_set():
            try:
                tasks = await self.api.tasks(user, "group", **only)
                if not kind:  # the callback lane claims and completes at once: nothing waits in "mine"
                    tasks += await self.api.tasks(user, "mine")
            except ApiRefused as refused:
                self.ledger.failures.append(str(refused))
                await self._pause(2)
                continue
            fresh = [t for t in sorted(tasks, key=lambda t: t.get("created_at") or "") if t["id"] not in self._seen]
            for task in fresh:
                self._seen.add(task["id"])
                job = asyncio.create_task(self._handle_or_retry(user, task))
                self._pending.add(job)
                job.add_done_callback(self._pending.discard)
            idle = min(0.2, every) if fresh else min(idle * 1.5, every)
            await self._pause(idle)

    def _case_index(self, task: dict[str, Any]) -> int:
        """The complaint behind a task's case; tasks of no filed complaint (a consultation the
        street centre started, a review's approval) draw from a stream named by their workflow."""
        found = self.cases.get(task.get("case_no", ""))
        if found is not None:
            return found
        return 1_000_000 + sum(map(ord, task.get("workflow_id", ""))) % 1_000_000

    def _outcome(self, task: dict[str, Any], case: int, round_: int) -> str | None:
        allowed: list[str] = task["allowed_outcomes"]
        if task["kind"] == "triage":
            planned = self.plan.complaints[case].track if case < len(self.plan.complaints) else "designated"
            return planned if planned in allowed else allowed[0]
        chosen = decide(self.scenario, case, task["kind"], round_, [*allowed, "none"])
        if task["kind"] in OPTIONAL:
            return chosen if chosen in allowed else None
        return chosen if chosen in allowed else allowed[0]

    async def _seated(self, task: dict[str, Any]) -> tuple[str, ...]:
        """The parties holding a seat on the council of a meeting-record task."""
        consultation = task.get("workflow_id", "").removeprefix("consultation-")
        center = self.scenario.actors.get("SC-DONGJIE:street_center", "dongjie.center")
        reply = await self.api.call(
            "GET /consultations/{id}", "GET", f"/api/v1/consultations/{consultation}", user=center
        )
        return tuple(seat["role"] for seat in reply.json().get("seats", []) if seat.get("org_code"))

    async def _running_council(self, case: int, round_: int) -> str:
        """The consultation a complaint planned to join, if its council is still running (first
        triage only: when the join is refused, the next triage starts a council of its own)."""
        if round_ > 0 or case >= len(self.plan.complaints) or self.plan.complaints[case].joins < 0:
            return ""
        target = self.plan.complaints[case].joins
        case_no = next((no for no, index in self.cases.items() if index == target), "")
        if not case_no:
            return ""
        center = self.scenario.actors.get("SC-DONGJIE:street_center", "dongjie.center")
        council = council_of(await self.api.case(center, case_no))
        for _ in range(10):  # the first complaint's triage may still be on its way (a loaded machine)
            if council:
                break
            await self._pause(0.5)
            council = council_of(await self.api.case(center, case_no))
        if not council:
            return ""
        try:
            reply = await self.api.call(
                "GET /consultations/{id}", "GET", f"/api/v1/consultations/{council}", user=center
            )
        except ApiRefused:
            return ""
        status = reply.json().get("status", "")
        self.ledger.outcomes[f"join_lookup:{status}"] += 1
        return "" if status in FINISHED_COUNCIL else council

    async def _handle_or_retry(self, user: str, task: dict[str, Any]) -> None:
        """Handles a task; a call that failed on the way (a time-out on a loaded machine) is
        recorded and the task left for the next look at the inbox, not dropped."""
        try:
            await self._handle(user, task)
        except (ApiRefused, httpx.HTTPError) as exc:
            self.ledger.failures.append(f"{task['id']} {task['kind']} (will retry): {exc}")
            log.warning("will retry %s: %s", task["id"], exc)
            key = (task.get("case_no") or task.get("workflow_id", ""), task["kind"])
            self.ledger.rounds[key] -= 1
            self._seen.discard(task["id"])

    async def _handle(self, user: str, task: dict[str, Any]) -> None:
        kind, case = task["kind"], self._case_index(task)
        key = (task.get("case_no") or task.get("workflow_id", ""), kind)
        round_ = self.ledger.rounds[key]
        self.ledger.rounds[key] += 1
        outcome = self._outcome(task, case, round_)
        if outcome is None:
            return
        hours = delay_hours(self.scenario, case, kind, round_)
        await self._pause(hours * 3600 / self.scenario.time_scale)
        if self._stopping.is_set():
            return
        case_type = self.plan.complaints[case].case_type if case < len(self.plan.complaints) else "quality"
        seated = await self._seated(task) if kind == "meeting_record" else ()
        form = form_for(kind, outcome, task, case_type, self.scenario.time_scale, seated)
        if kind == "triage" and outcome == "consultation":
            joined = await self._running_council(case, round_)
            if joined:
                form["consultation_id"] = joined
        async with self._callbacks if kind == "callback" else self._limit:
            for attempt in range(3):
                try:
                    done = await self.api.complete(user, task, outcome, form)
                except ApiRefused as refused:
                    if refused.status in (409, 422) and kind == "consultation_notice" and attempt < 2:
                        # The meeting fell inside the notice period by the time the workflow saw it.
                        form = form_for(kind, outcome, task, case_type, self.scenario.time_scale, attempt=attempt + 1)
                        task = task | {"assignee": user}
                        continue
                    self.ledger.failures.append(f"{task['id']} {kind}→{outcome}: {refused}")
                    log.warning("refused: %s %s→%s: %s", task["id"], kind, outcome, refused)
                    return
                break
        if done:
            self.ledger.completed[kind] += 1
            self.ledger.outcomes[f"{kind}:{outcome}"] += 1

    async def _liaison(self, key: str) -> None:
        headers = {"X-API-Key": key}
        answered: set[str] = set()
        while not self._stopping.is_set():
            try:
                page = await self.api.call(
                    "GET /liaison/referrals", "GET", "/api/v1/liaison/referrals", headers=headers
                )
                for referral in page.json()["referrals"]:
                    rid = referral["referral_id"]
                    if referral["status"] != "waiting" or rid in answered:
                        continue
                    answered.add(rid)
                    for n, kind in enumerate(_RESULTS.get(referral["purpose"], ())):
                        body = {"message_id": f"sim-{rid}-{n}", "referral_id": rid, "kind": kind}
                        if kind != "judicial_confirmation_applied":
                            body["reference_no"] = f"（2026）晋0403民特{sum(map(ord, rid)) % 900 + 100}号"
                        if kind == "police_result":
                            body = body | {"outcome": "resolved", "reference_no": f"J14040301{sum(map(ord, rid)):08d}"}
                        await self.api.call(
                            "POST /liaison/results", "POST", "/api/v1/liaison/results", headers=headers, json=body
                        )
                        self.ledger.liaison_results += 1
                        self.ledger.liaison_by_case[referral.get("case_no", "")] += 1
            except ApiRefused as refused:
                self.ledger.failures.append(str(refused))
            await self._pause(1.0)

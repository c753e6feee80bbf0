"""Plays a plan against a running stack: files each complaint at its simulated moment, lets the
actors work, reports serious events, waits for every case to finish, then reads the figures back
through the API (cases, consultations, the board, the reconciliation check)."""

from __future__ import annotations

import asyncio
import logging
import re
import time
from dataclasses import dataclass, field
from typing import Any

from simulator.actors import Actors
from simulator.api import Api, ApiRefused
from simulator.plan import Plan, PlannedComplaint
from simulator.reviews import Reviews
from simulator.scenario import Scenario

log = logging.getLogger("simulator")
FINAL = {"CLOSED", "MERGED", "REFERRED", "TRANSFERRED"}
SIM_MARK = re.compile(r"-sim×(\d+)(≥\d+s)?$")


class ScaleMismatch(RuntimeError):
    pass


@dataclass
class Filing:
    """What filing gave back: receipt → case, and the complaints that were refused."""

    receipts: dict[str, str] = field(default_factory=dict)  # receipt_no → case_no
    cases: dict[str, int] = field(default_factory=dict)  # case_no → first complaint's index
    refused: list[str] = field(default_factory=list)
    filed_at: dict[str, float] = field(default_factory=dict)  # case_no → monotonic seconds


def filer(scenario: Scenario, complaint: PlannedComplaint) -> str | None:
    """Who files the complaint: a resident on the public online form (None), otherwise the
    neighbourhood's staff who took it (the grid worker for a grid inspection)."""
    if complaint.channel == "online":
        return None
    neighbourhood = next(c.neighbourhood for c in scenario.communities if c.code == complaint.community_code)
    if complaint.channel == "grid_inspection" and f"{neighbourhood}:grid_worker" in scenario.actors:
        return scenario.actors[f"{neighbourhood}:grid_worker"]
    return scenario.actors.get(f"{neighbourhood}:caseworker", f"staff.{neighbourhood.lower()}")


class Runner:
    def __init__(self, api: Api, scenario: Scenario, plan: Plan, *, callers: int = 1) -> None:
        self.api, self.scenario, self.plan = api, scenario, plan
        self.filing = Filing()
        self.actors = Actors(api, scenario, plan, self.filing.cases, callers=callers)
        self.center = scenario.actors.get("SC-DONGJIE:street_center", "dongjie.center")
        self.started = 0.0
        self.takeovers: list[dict[str, Any]] = []
        self.reviews = Reviews(self)

    def real_seconds(self, day: float) -> float:
        return day * 86_400 / self.scenario.time_scale

    async def _at(self, day: float) -> None:
        wait = self.started + self.real_seconds(day) - time.monotonic()
        if wait > 0:
            await asyncio.sleep(wait)

    async def file_all(self) -> None:
        limit = asyncio.Semaphore(8)

        async def one(c: PlannedComplaint) -> None:
            await self._at(c.day)
            key = f"sim-{self.plan.scenario}-{self.plan.seed}-{c.index}"
            async with limit:
                try:
                    receipt = await self.api.file(filer(self.scenario, c), c.body(), key, c.client_ip)
                except ApiRefused as refused:
                    self.filing.refused.append(f"complaint {c.index}: {refused}")
                    return
            self.filing.receipts[receipt["receipt_no"]] = receipt["case_no"]
            if receipt["case_no"] not in self.filing.cases:
                self.filing.cases[receipt["case_no"]] = c.index
                self.filing.filed_at[receipt["case_no"]] = time.monotonic()

        await asyncio.gather(*(one(c) for c in self.plan.complaints))

    async def report_events(self) -> list[dict[str, Any]]:
        answers = []
        for event in self.plan.events:
            await self._at(event.day)
            try:
                reply = await self.api.call(
                    "POST /standings/events",
                    "POST",
                    "/api/v1/standings/events",
                    user=self.center,
                    json={
                        "company_code": event.company,
                        "event_kind": event.kind,
                        "description": event.description,
                        "idempotency_key": event.key,
                    },
                )
            except ApiRefused as refused:  # e.g. a review black-listed the company first: reported
                answers.append({"refused": str(refused)})
                continue
            answers.append(reply.json())
        return answers

    async def propose_takeovers(self) -> list[dict[str, Any]]:
        """The street centre proposes each takeover bundle on its day (the bundle id makes a
        retried proposal start nothing twice); the companies and the centre then work its tasks."""
        answers = []
        for bundle in sorted(self.scenario.takeovers, key=lambda b: b.day):
            await self._at(bundle.day)
            try:
                reply = await self.api.call(
                    "POST /takeovers",
                    "POST",
                    "/api/v1/takeovers",
                    user=self.center,
                    json={
                        "bundle_id": bundle.bundle_id,
                        "lead_company_code": bundle.lead,
                        "community_codes": list(bundle.communities),
                        "probation_days": bundle.probation_days,
                    },
                )
            except ApiRefused as refused:  # e.g. the lead was black-listed meanwhile: reported
                answers.append({"bundle_id": bundle.bundle_id, "refused": str(refused)})
                continue
            answers.append(reply.json())
        return answers

    async def check_scale(self) -> None:
        """The stack must compress time as the scenario says: the first case's first task (its
        triage, `case-<case_no>-t1`, open or long done) tells by its policy version."""
        for _ in range(600):
            for case_no in list(self.filing.cases)[:1]:
                try:
                    reply = await self.api.call(
                        "GET /tasks/{id}", "GET", f"/api/v1/tasks/case-{case_no}-t1", user=self.center
                    )
                except ApiRefused as refused:
                    if refused.status != 404:
                        raise
                    continue
                version = reply.json()["policy_version"]
                found = SIM_MARK.search(version)
                scale = int(found.group(1)) if found else 1
                if scale != self.scenario.time_scale:
                    raise ScaleMismatch(
                        f"the stack times tasks by policy {version} (×{scale}) but the scenario runs at "
                        f"×{self.scenario.time_scale}: start the stack with "
                        f"FENGQIAO_MEDIATION_TIME_SCALE={self.scenario.time_scale}"
                    )
                return
            await asyncio.sleep(0.2)

    async def wait_finished(self, deadline: float) -> dict[str, dict[str, Any]]:
        """Every case's answer once all are finished, or at the deadline (monotonic seconds)."""
        done: dict[str, dict[str, Any]] = {}
        while True:
            for case_no in [c for c in self.filing.cases if c not in done]:
                case = await self.api.case(self.center, case_no)
                if case["status"] in FINAL:
                    done[case_no] = case
            finished = len(done) == len(self.filing.cases) and await self._bundles_done()
            if (finished and await self.reviews.published()) or time.monotonic() > deadline:
                break
            await asyncio.sleep(1.0)
        for case_no in [c for c in self.filing.cases if c not in done]:
            done[case_no] = await self.api.case(self.center, case_no)
        return done

    async def _bundles_done(self) -> bool:
        """Every proposed takeover bundle has reached well managed (the takeover API says so)."""
        for bundle in self.takeovers:
            if "refused" in bundle:
                continue
            reply = await self.api.call(
                "GET /takeovers/{id}", "GET", f"/api/v1/takeovers/{bundle['bundle_id']}", user=self.center
            )
            if reply.json().get("status") != "WELL_MANAGED":
                return False
        return True

    async def play(self, tail_days: float = 60.0, max_seconds: float | None = None) -> dict[str, Any]:
        """Runs the whole plan; waits at most `tail_days` (simulated) after the last complaint
        for the cases to finish, or `max_seconds` of real time in all."""
        self.started = time.monotonic()
        actors = asyncio.create_task(self.actors.run())
        try:
            filing = asyncio.create_task(self.file_all())
            await asyncio.sleep(0)
            await self.check_scale()
            takeovers = asyncio.create_task(self.propose_takeovers())
            reviews = asyncio.create_task(self.reviews.run())
            events = await self.report_events()
            await filing
            self.takeovers = await takeovers
            await reviews
            end_day = max((c.day for c in self.plan.complaints), default=0) + tail_days
            deadline = self.started + self.real_seconds(end_day)
            if max_seconds is not None:
                deadline = min(deadline, self.started + max_seconds)
            cases = await self.wait_finished(deadline)
        finally:
            self.actors.stop()
            await actors
        elapsed = time.monotonic() - self.started
        return await self.figures(cases, events, elapsed)

    async def figures(
        self, cases: dict[str, dict[str, Any]], events: list[dict[str, Any]], elapsed: float
    ) -> dict[str, Any]:
        from simulator.report import figures

        board = await self.api.call("GET /board", "GET", "/api/v1/board", ok=(200, 404))
        report = figures(
            self, cases, events, board.json() if board.status_code == 200 else {}, await self.sweep(), elapsed
        )
        if self.reviews.ids:
            report["reviews"] = await self.reviews.figures()
            report["review_forms_refused"] = self.reviews.refused[:20]
        return report

    async def sweep(self) -> dict[str, Any]:
        """The ops reconciliation check, every page of it."""
        disagreements: list[dict[str, Any]] = []
        token = ""
        while True:
            path = "/api/v1/ops/reconciliation" + (f"?page_token={token}" if token else "")
            page = (await self.api.call("GET /ops/reconciliation", "GET", path, user="ops")).json()
            disagreements += page["disagreements"]
            token = page["next_page_token"]
            if not token:
                return {"disagreements": disagreements}

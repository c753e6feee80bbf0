"""The scenario simulator end to end: the small scenario (10 complaints over 4 simulated days, the
three tracks and an on-the-spot fix) played on a stack of its own at one day in two seconds, through
the public API and the liaison API only."""

from __future__ import annotations

import asyncio
import json
import time
from collections import Counter
from collections.abc import AsyncIterator
from datetime import datetime

import httpx
import pytest
import pytest_asyncio

from deploy.local.stack import Stack
from simulator.actors import council_of
from simulator.api import Api
from simulator.plan import make_plan
from simulator.run import Runner
from simulator.scenario import load
from tests.conftest import ROOT
from tests.e2e.conftest import running_stack

ARTIFACT = ROOT / "test-artifacts" / "simulator-small.json"  # the run's report, to read when this fails
SCALE = 43_200  # the small scenario's: one simulated day in two real seconds
# The review's windows in real seconds: room for three forms on a loaded machine (they take a few
# seconds there), and no more, since the review publishes only after its windows close.
WINDOW = 12


@pytest_asyncio.fixture(scope="module")
async def sim_stack(database_factory, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Stack]:  # type: ignore[no-untyped-def]
    # No seconds overrides here: the time scale alone compresses every deadline.
    env = {"FENGQIAO_MEDIATION_TIME_SCALE": str(SCALE), "FENGQIAO_MEDIATION_POLICY_OVERRIDES": ""}
    async with running_stack(database_factory, tmp_path_factory.mktemp("sim"), env) as running:
        yield running


async def test_the_small_scenario_runs_through_real_workflows(sim_stack: Stack) -> None:
    scenario = load("small")
    assert scenario.time_scale == SCALE
    plan = make_plan(scenario)
    api = Api(f"http://127.0.0.1:{sim_stack.config.gateway_port}", scenario.password)
    started = time.monotonic()
    runner = Runner(api, scenario, plan)
    try:
        report = await runner.play(tail_days=20, max_seconds=85)
        took = time.monotonic() - started
        ARTIFACT.parent.mkdir(exist_ok=True)
        ARTIFACT.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
        councils = [
            council_of(await api.case("dongjie.center", no))
            for no, i in runner.filing.cases.items()
            if plan.complaints[i].track == "consultation"
        ]
        # Each council's first task (its notice): the consultation workflow's own deadline policy.
        notices = [
            (
                await api.call("GET /tasks/{id}", "GET", f"/api/v1/tasks/consultation-{c}-t1", user="dongjie.center")
            ).json()
            for c in councils
            if c
        ]
    finally:
        await api.close()

    assert report["complaints_accepted"] == 10 and not report["complaints_refused"], report
    assert report["consistency"]["ok"], report["consistency"]
    assert not report["actor_failures"], report["actor_failures"]
    # Every case finished, down the track the plan gave its first complaint.
    assert report["cases_by_status"] == {"CLOSED": report["cases"]}, report["cases_by_status"]
    planned = Counter(plan.complaints[i].track for i in runner.filing.cases.values())
    assert report["cases_by_track"].get("PROFESSIONAL", 0) == planned["professional"]
    assert report["cases_by_track"].get("CONSULTATION", 0) == planned["consultation"]
    assert report["complaints_handled"] == 10 and report["satisfaction_rate"] is not None
    # The court answered the judicial confirmation on the liaison API; residents filed online.
    assert report["liaison_results"] >= 3 and report["latency"]["POST /liaison/results"]["calls"] >= 3
    assert report["latency"]["POST /public/complaints"]["calls"] == sum(c.channel == "online" for c in plan.complaints)
    # The consultation (a workflow of its own) was timed by the simulation's policy version.
    assert notices and all(n["policy_version"] == f"2026.2-sim×{SCALE}" for n in notices), notices
    # 42 s on the 2-core machine at load 10; 85 s leaves room for a machine shared with other runs.
    assert took < 90, f"the small scenario took {took:.0f} s"

    # A simulated case says so on its page, with the policy version it keeps.
    first = next(iter(runner.filing.cases))
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{sim_stack.config.gateway_port}") as browser_like:
        signed = await browser_like.post(
            "/console/login", data={"username": "dongjie.center", "password": "fengqiao-demo"}
        )
        assert signed.status_code == 303, signed.text
        page = (await browser_like.get(f"/console/cases/{first}")).text
    assert "模拟案件" in page and f"2026.2 模拟×{SCALE}" in page


async def test_a_review_opened_through_the_api_counts_its_forms_and_keeps_its_times(sim_stack: Stack) -> None:
    """POST /api/v1/reviews starts the quarter's review workflow with windows of WINDOW seconds;
    one form of each side, the director's approval, and the published review reports the forms
    by side and when its windows opened, were due to close and closed."""
    from services.evaluation import catalogue, demo_review

    api = Api(f"http://127.0.0.1:{sim_stack.config.gateway_port}", "fengqiao-demo")
    body = {"subdistrict_code": "SD-DONGJIE", "quarter": "2026Q1", "window_seconds": WINDOW, "remind_after_seconds": 5}
    try:
        started = (await api.call("POST /reviews", "POST", "/api/v1/reviews", user="dongjie.center", json=body)).json()
        again = await api.call("POST /reviews", "POST", "/api/v1/reviews", user="dongjie.center", json=body, ok=(200,))
        assert started["review_id"] == "SD-DONGJIE-2026Q1" and started["started"] and not again.json()["started"]
        review_path = f"/api/v1/reviews/{started['review_id']}"

        async def review() -> dict[str, object]:
            reply = await api.call("GET /reviews/{id}", "GET", review_path, user="dongjie.center", ok=(200, 404))
            return reply.json() if reply.status_code == 200 else {"status": ""}  # type: ignore[no-any-return]

        for _ in range(300):  # the workflow's first activity opens the windows (seconds on a loaded machine)
            if (await review())["status"] == "OPEN":
                break
            await asyncio.sleep(0.2)
        household = next(h for h in demo_review.households() if h.community_code == "CM-DFSJ")
        forms = [
            ("xiadong.caseworker", {"side": "resident", "household_code": household.code}),
            ("staff.pc-cpy", {"side": "peer"}),
            ("dongjie.center", {"side": "department"}),
        ]
        aspects = {side: catalogue.scored_by_people(side.upper()) for side in ("resident", "peer", "department")}
        for user, form in forms:
            scores = dict.fromkeys(aspects[str(form["side"])], 4)
            await api.call(
                "POST /reviews/{id}/evaluations", "POST", f"{review_path}/evaluations", user=user,
                json=form | {"company_code": "PC-DFSJ", "scores": scores},
            )  # fmt: skip
        approved = False
        for _ in range(150):
            if (await review())["status"] == "PUBLISHED":
                break
            tasks = await api.tasks("dongjie.center", "group", kind="review_approval")
            for task in tasks:
                if not approved and task.get("workflow_id") == started["workflow_id"]:
                    approved = await api.complete("dongjie.center", task, "approve", {"note": "审定"})
            await asyncio.sleep(0.3)
        published = await review()
    finally:
        await api.close()
    assert published["status"] == "PUBLISHED", published
    assert (published["resident_forms"], published["peer_forms"], published["department_forms"]) == ("1", "1", "1")
    assert published["evaluations"] == "3"
    opened, due, closed = (datetime.fromisoformat(str(published[k])) for k in ("opened_at", "closes_at", "closed_at"))
    assert opened < due <= closed and (due - opened).total_seconds() == pytest.approx(WINDOW, abs=2)

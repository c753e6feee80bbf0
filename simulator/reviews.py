"""The quarterly reviews of a run: the street centre opens each on its simulated day through the
API (its windows compressed like every deadline), neighbourhood staff submit the residents' forms,
each company rates the others, the departments rate every company; the review workflow closes the
windows, computes, and the director's approval task (an actor's) publishes it."""

from __future__ import annotations

import asyncio
import itertools
import time
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from simulator.api import ApiRefused
from simulator.plan import stream

if TYPE_CHECKING:
    from simulator.run import Runner

SIDES = ("resident", "peer", "department")
# The fewest real seconds a 14-day window stays open (the reminder in proportion): some 150 forms
# take a minute of real calls on a loaded machine, whatever the time scale.
MIN_WINDOW_SECONDS = 90.0


def quarters_back(count: int, now: datetime | None = None) -> list[str]:
    """The `count` quarters ending with the one it is now in Shanghai, oldest first: under
    compressed time every case outcome is recorded now, so only the last review rates the cases."""
    local = (now or datetime.now(UTC)) + timedelta(hours=8)
    index = local.year * 4 + (local.month - 1) // 3
    return [f"{i // 4}Q{i % 4 + 1}" for i in range(index - count + 1, index + 1)]


def score(seed: int, key: str, mean: float, weak: bool) -> int:
    jitter = stream(seed, key).choice((-1, 0, 0, 1))
    return max(1, min(5, round(mean - (1.2 if weak else 0.0) + jitter)))


def forms(runner: Runner, n: int) -> list[tuple[str, dict[str, Any]]]:
    """(user, form body) of every form of the run's n-th review, drawn from the seed."""
    spec, scenario = runner.scenario.reviews, runner.scenario
    quality: dict[str, list[Any]] = spec["quality"]

    def body(side: str, rater: str, company: str, **extra: str) -> dict[str, Any]:
        mean, weak = quality[company]
        scores = {
            a: score(scenario.seed, f"review/{n}/{side}/{rater}/{company}/{a}", mean, a in weak)
            for a in spec["aspects"][side]
        }
        return {"side": side, "company_code": company, "scores": scores, **extra}

    out: list[tuple[str, dict[str, Any]]] = []
    for company, households in sorted(spec["households"].items()):
        for code, neighbourhood in households:
            collector = scenario.actors.get(f"{neighbourhood}:caseworker", f"staff.{neighbourhood.lower()}")
            out.append((collector, body("resident", code, company, household_code=code)))
    for rater in sorted(quality):
        user = scenario.actors.get(f"{rater}:company", f"staff.{rater.lower()}")
        out += [(user, body("peer", rater, company)) for company in sorted(quality) if company != rater]
    for user in spec["department_raters"]:
        out += [(user, body("department", user, company)) for company in sorted(quality)]
    return out


class Reviews:
    def __init__(self, runner: Runner) -> None:
        self.runner = runner
        self.spec = runner.scenario.reviews
        self.ids: list[str] = []
        self.submitted: dict[str, dict[str, int]] = {}
        self.refused: list[str] = []

    def _seconds(self, key: str, default: float) -> float:
        """A window's days compressed, but never under MIN_WINDOW_SECONDS: the forms are real calls."""
        days = float(self.spec.get(key, default))
        return max(days * 86_400 / self.runner.scenario.time_scale, MIN_WINDOW_SECONDS * days / 14)

    async def run(self) -> None:
        days = self.spec.get("days", [])
        for n, (day, quarter) in enumerate(zip(days, quarters_back(len(days)), strict=True)):
            await self.runner._at(day)
            await self.open_one(n, quarter)

    async def _get(self, review_id: str) -> dict[str, Any] | None:
        reply = await self.runner.api.call(
            "GET /reviews/{id}", "GET", f"/api/v1/reviews/{review_id}", user=self.runner.center, ok=(200, 404)
        )
        return reply.json() if reply.status_code == 200 else None  # type: ignore[no-any-return]

    async def open_one(self, n: int, quarter: str) -> None:
        api = self.runner.api
        reply = await api.call(
            "POST /reviews",
            "POST",
            "/api/v1/reviews",
            user=self.runner.center,
            ok=(200, 201),
            json={
                "subdistrict_code": self.spec.get("subdistrict", "SD-DONGJIE"),
                "quarter": quarter,
                "window_seconds": self._seconds("window_days", 14),
                "remind_after_seconds": self._seconds("remind_after_days", 7),
            },
        )
        review_id = reply.json()["review_id"]
        self.ids.append(review_id)
        counts = self.submitted.setdefault(review_id, dict.fromkeys(SIDES, 0))
        deadline = time.monotonic() + 30
        while (found := await self._get(review_id)) is None or found["status"] == "STARTED":
            if time.monotonic() > deadline:
                self.refused.append(f"{review_id}: never opened")
                return
            await asyncio.sleep(0.3)
        limit = asyncio.Semaphore(12)

        async def submit(user: str, form: dict[str, Any]) -> None:
            async with limit:
                try:
                    await api.call(
                        "POST /reviews/{id}/evaluations",
                        "POST",
                        f"/api/v1/reviews/{review_id}/evaluations",
                        user=user,
                        json=form,
                    )
                except ApiRefused as refused:
                    self.refused.append(f"{review_id} {form['side']} {form['company_code']}: {refused}"[:300])
                    return
            counts[form["side"]] += 1

        # The three sides interleaved, so a window that closes early leaves none of them empty.
        drawn = forms(self.runner, n)
        by_side = [[f for f in drawn if f[1]["side"] == side] for side in SIDES]
        mixed = [f for row in itertools.zip_longest(*by_side) for f in row if f is not None]
        await asyncio.gather(*(submit(user, form) for user, form in mixed))

    async def published(self) -> bool:
        for review_id in self.ids:
            found = await self._get(review_id)
            if found is None or found["status"] != "PUBLISHED":
                return False
        return True

    async def figures(self) -> list[dict[str, Any]]:
        out = []
        for review_id in self.ids:
            found = await self._get(review_id) or {}
            keys = ("status", "opened_at", "closes_at", "closed_at", "published_at", "approved_by")
            out.append(
                {"id": review_id, **{k: found.get(k, "") for k in keys}}
                | {f"{side}_forms": int(found.get(f"{side}_forms", 0)) for side in SIDES}
                | {"submitted": self.submitted.get(review_id, {})}
            )
        return out

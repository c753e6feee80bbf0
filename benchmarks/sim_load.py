"""The simulator's load mode (simulator/load.py) as the fault and replica runs drive it: a rate per
track for a duration against a running stack, the actors of the base scenario working every task,
and the load report printed — accepted, closed, p50/p95/p99 per API call, errors by kind and the
consistency check (every accepted complaint is one case; record and workflow agree)."""

from __future__ import annotations

import asyncio
from collections import Counter
from dataclasses import replace
from typing import Any

from deploy.local.run import demo_env
from simulator.api import Api
from simulator.load import load_scenario, parse_rates
from simulator.plan import make_plan
from simulator.run import Runner
from simulator.scenario import Scenario, load

BASE = "small"


def stack_env(base: str = BASE) -> dict[str, str]:
    """The settings a stack needs for the base scenario's load: its time scale, residents speaking
    from their own addresses, a compressed takeover probation."""
    return demo_env(base)


def scenario(rates: str, duration: float, base: str = BASE, seed: int | None = None) -> Scenario:
    made = load_scenario(load(base), parse_rates(rates), duration)
    return made if seed is None else replace(made, seed=seed)


def runner(urls: list[str], made: Scenario, *, callers: int = 1, patience: float = 120.0) -> Runner:
    """A load run over every gateway in `urls` (round-robin); each call keeps trying for `patience`
    seconds while a killed process is away."""
    return Runner(Api(",".join(urls), made.password, patience=patience), made, make_plan(made), callers=callers)


async def play(run: Runner, tail_seconds: float) -> dict[str, Any]:
    try:
        return await run.play(tail_days=tail_seconds * run.scenario.time_scale / 86_400, max_seconds=None)
    finally:
        await run.api.close()


def errors_since(run: Runner, before: Counter[str]) -> Counter[str]:
    return Counter({k: n - before.get(k, 0) for k, n in run.api.errors.items() if n > before.get(k, 0)})


def print_report(report: dict[str, Any]) -> None:
    """The load report, in the words of issue #15."""
    statuses = report["cases_by_status"]
    print(
        f"load report ({report['scenario']}, seed {report['seed']}, ×{report['time_scale']}): "
        f"{report['complaints_accepted']} of {report['complaints_planned']} complaints accepted, "
        f"{len(report['complaints_refused'])} refused; {report['cases']} cases, "
        f"{statuses.get('CLOSED', 0)} closed ({', '.join(f'{k} {n}' for k, n in sorted(statuses.items()))}) "
        f"in {report['elapsed_seconds']} s"
    )
    print(f"  {'API call':<32} {'calls':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    for name, row in report["latency"].items():
        print(f"  {name:<32} {row['calls']:>6} {row['p50_ms']:>8} {row['p95_ms']:>8} {row['p99_ms']:>8}")
    errors = report["errors"]
    print("  errors by kind: " + (", ".join(f"{k} ×{n}" for k, n in sorted(errors.items())) or "none"))
    c = report["consistency"]
    print(
        f"  consistency: {c['complaints_in_exactly_one_case']} of {c['accepted_complaints']} accepted complaints "
        f"each in its case; {len(c['record_workflow_disagreements'])} record–workflow disagreement(s) → "
        f"{'ok' if c['ok'] else 'FAILED'}"
    )
    for line in report["actor_failures"][:5] + report["complaints_refused"][:5]:
        print("   ", line[:200])


def run_in_background(run: Runner, tail_seconds: float) -> asyncio.Task[dict[str, Any]]:
    return asyncio.ensure_future(play(run, tail_seconds))

"""python -m simulator: play a scenario against a running stack, print its plan, or run a load.

python -m simulator plan dongjie               the plan's digest and first complaints
python -m simulator run dongjie --url http://127.0.0.1:8000
python -m simulator load --rate designated=0.5,resolved_on_spot=0.5 --duration 60 --callers 2
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

from simulator.api import Api
from simulator.load import load_scenario, parse_rates
from simulator.plan import make_plan
from simulator.run import Runner, ScaleMismatch
from simulator.scenario import Scenario, ScenarioError, load


async def play(
    scenario: Scenario, url: str, *, callers: int, max_seconds: float | None, tail_days: float
) -> dict[str, Any]:
    api = Api(url, scenario.password)
    try:
        return await Runner(api, scenario, make_plan(scenario), callers=callers).play(tail_days, max_seconds)
    finally:
        await api.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m simulator", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("plan", "run", "load"):
        cmd = sub.add_parser(name)
        if name != "load":
            cmd.add_argument("scenario", help="a scenario file, or a name from simulator/scenarios/")
        cmd.add_argument("--seed", type=int, help="replaces the scenario's seed")
        if name == "plan":
            continue
        cmd.add_argument("--url", default="http://127.0.0.1:8000", help="the gateway")
        cmd.add_argument("--max-seconds", type=float, help="stop waiting for open cases after this many real seconds")
        cmd.add_argument("--tail-days", type=float, default=60, help="simulated days to wait after the last complaint")
        cmd.add_argument("--report", type=Path, help="also write the report as JSON here")
        cmd.add_argument("--callers", type=int, default=1, help="concurrent callers per demo user")
        if name == "load":
            cmd.add_argument("--base", default="small", help="the scenario whose actors and decisions the load uses")
            cmd.add_argument(
                "--rate", required=True, help="cases per second per track: designated=0.5,resolved_on_spot=1"
            )
            cmd.add_argument("--duration", type=float, required=True, help="seconds of filing")
            cmd.add_argument("--time-scale", type=int, help="the stack's time scale (default: the base scenario's)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    try:
        if args.command == "load":
            scenario = load_scenario(load(args.base), parse_rates(args.rate), args.duration, args.time_scale)
        else:
            scenario = load(args.scenario)
        if args.seed is not None:
            scenario = replace(scenario, seed=args.seed)
    except ScenarioError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    plan = make_plan(scenario)
    if args.command == "plan":
        print(
            json.dumps(
                {"digest": plan.digest(), "complaints": [asdict(c) for c in plan.complaints[:5]]},
                ensure_ascii=False,
                indent=1,
            )
        )
        return 0
    try:
        report = asyncio.run(
            play(scenario, args.url, callers=args.callers, max_seconds=args.max_seconds, tail_days=args.tail_days)
        )
    except ScaleMismatch as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    text = json.dumps(report, ensure_ascii=False, indent=1)
    print(text)
    if args.report:
        args.report.write_text(text, encoding="utf-8")
    return 0 if report["consistency"]["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())

"""The one-shot setup step: migrate every service's database, register Temporal's search
attributes, and (in development) seed the Dongjie demo data. Run by `make run`, by the tests,
and by any deployment before the processes start. Idempotent.

    python -m services.setup [--no-seed] [--no-temporal]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys

from services.common import temporal
from services.common.logging import configure_logging
from services.common.startup import StartupRefused, load, refusing
from services.evaluation import setup as evaluation_setup
from services.evaluation.settings import EvaluationSettings
from services.gateway import setup as gateway_setup
from services.gateway.settings import GatewaySettings
from services.intake import setup as intake_setup
from services.intake.settings import IntakeSettings
from services.mediation import setup as mediation_setup
from services.mediation.settings import MediationSettings
from workflows.review import schedule as review_schedule

log = logging.getLogger("fengqiao.setup")


async def register_search_attributes(attempts: int = 30) -> list[str]:
    """Registers the case search attributes on the configured Temporal, waiting for it to answer."""
    settings = load(IntakeSettings)
    for attempt in range(attempts):
        try:
            client = await temporal.connect_at_start(settings)
            return await temporal.register_search_attributes(client, settings.temporal_namespace)
        except StartupRefused:
            if attempt == attempts - 1:
                raise
            await asyncio.sleep(1)
    return []


async def run(*, seed: bool, with_temporal: bool) -> None:
    evaluation, gateway = load(EvaluationSettings), load(GatewaySettings)
    intake, mediation = load(IntakeSettings), load(MediationSettings)
    if seed and gateway.environment == "production":
        raise StartupRefused("demo data is for development only: run setup with --no-seed")
    # One after another: Alembic's migration context is process-global, not safe in parallel.
    await intake_setup.migrate(intake.database_url)
    await mediation_setup.migrate(mediation.database_url)
    await evaluation_setup.migrate(evaluation.database_url)
    await gateway_setup.migrate(gateway.database_url)
    log.info("migrated")
    if with_temporal:
        added = await register_search_attributes()
        log.info("search attributes ready", extra={"added": added})
    if seed:
        registry = await evaluation_setup.seed_demo(evaluation.database_url)
        users = await gateway_setup.seed_demo(gateway.database_url, evaluation_setup.demo_organisations())
        log.info("demo data seeded", extra={"registry_rows": registry, "users": users})
    if with_temporal:
        await ensure_review_schedules(evaluation)


async def ensure_review_schedules(settings: EvaluationSettings) -> None:
    """One QuarterlyReviewWorkflow schedule per subdistrict of the registry (issue #7)."""
    client = await temporal.connect(settings)
    for subdistrict, centre in await evaluation_setup.review_subdistricts(settings.database_url):
        created = await review_schedule.ensure_review_schedule(
            client, subdistrict, centre, settings.temporal_task_queue
        )
        log.info("review schedule ready", extra={"subdistrict": subdistrict, "schedule_created": created})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--no-seed", action="store_true", help="do not load the demo data")
    parser.add_argument("--no-temporal", action="store_true", help="skip Temporal search attributes")
    args = parser.parse_args()
    configure_logging("setup", load(IntakeSettings).log_level)
    asyncio.run(run(seed=not args.no_seed, with_temporal=not args.no_temporal))
    # The work is done and committed. Leave without interpreter finalisation: the Temporal core
    # runtime's threads occasionally crash it (SIGSEGV seen in an e2e run), which would turn a
    # successful setup into a failed one.
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


if __name__ == "__main__":
    refusing("setup", main)

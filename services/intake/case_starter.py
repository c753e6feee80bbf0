"""Starts a case's workflow in Temporal; safe to call again for the same case."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

from temporalio.client import Client
from temporalio.common import (
    SearchAttributePair,
    TypedSearchAttributes,
    WorkflowIDConflictPolicy,
    WorkflowIDReusePolicy,
)
from temporalio.exceptions import WorkflowAlreadyStartedError

from contracts.case import WORKFLOW_NAME, CaseInput
from services.common import search_attributes as sa
from services.common.messages import record_from
from services.intake.models import Case

log = logging.getLogger("fengqiao.intake.starter")
# A start answers in milliseconds; while Temporal is down the client retries for 10 s and more, and
# the complainant would wait for it. The case is stored first and the reconciler starts it later,
# so the filing stops waiting after this. A start that did go through is found by the next call.
START_TIMEOUT = timedelta(seconds=4)


async def start_case_workflow(client: Client, task_queue: str, case: Case) -> None:
    """Starts DisputeCaseWorkflow under id case-<case_no>. A second call finds it running (or done)
    and changes nothing, so a crash between storing the case and starting it loses nothing."""
    attributes = TypedSearchAttributes(
        [
            SearchAttributePair(sa.CASE_NO, case.case_no),
            SearchAttributePair(sa.CASE_STATUS, "RECEIVED"),
            SearchAttributePair(sa.COMMUNITY, case.community_code),
            SearchAttributePair(sa.COMPANY, case.company_code),
            SearchAttributePair(sa.OVERDUE, False),
        ]
    )
    starting = asyncio.ensure_future(
        client.start_workflow(
            WORKFLOW_NAME,
            record_from(CaseInput, case),
            id=case.workflow_id,
            task_queue=task_queue,
            id_reuse_policy=WorkflowIDReusePolicy.REJECT_DUPLICATE,
            id_conflict_policy=WorkflowIDConflictPolicy.USE_EXISTING,
            search_attributes=attributes,
        )
    )
    try:
        # Not asyncio.timeout: cancelling the client's call waits for its current retry round.
        done, _ = await asyncio.wait({starting}, timeout=START_TIMEOUT.total_seconds())
        if not done:
            starting.cancel()
            raise TimeoutError(f"Temporal did not answer within {START_TIMEOUT.total_seconds():.0f} s")
        await starting
    except WorkflowAlreadyStartedError:
        log.info("workflow already exists", extra={"case_no": case.case_no})

"""Filing while Temporal is unreachable: the complainant is answered, the case is stored, the log
says so in one line (an outage is expected and handled, so no traceback per filing), and the
reconciler starts the workflow once Temporal answers again."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from fengqiao.intake.v1 import intake_pb2
from temporalio.testing import WorkflowEnvironment

from services.common.clock import utcnow
from services.intake import repository
from tests.conftest import BIN
from tests.helpers import CASEWORKER, md
from tests.integration.conftest import Intake
from tests.integration.test_intake_grpc import complaint


async def test_a_filing_during_an_outage_is_stored_logged_once_and_started_later(
    intake: Intake, caplog: pytest.LogCaptureFixture
) -> None:
    assert intake.service is not None
    servicer = intake.service.servicer
    working = servicer.filer.temporal
    # A Temporal the service was connected to, then stopped: what an outage looks like to intake.
    gone = await WorkflowEnvironment.start_local(dev_server_existing_path=str(BIN / "temporal"))
    servicer.filer.temporal = gone.client
    await gone.shutdown()
    with caplog.at_level(logging.INFO, logger="fengqiao.intake"):
        case = (await intake.stub.FileComplaint(complaint(), metadata=md(CASEWORKER))).case
    failures = [r for r in caplog.records if "workflow start failed" in r.getMessage()]
    assert [(r.levelname, r.exc_info) for r in failures] == [("WARNING", None)]
    # The filing stopped waiting at START_TIMEOUT, not when the client's own retries gave up.
    assert "(timed out); the reconciler will retry" in failures[0].getMessage()
    got = await intake.stub.GetCase(intake_pb2.GetCaseRequest(case_no=case.case_no), metadata=md(CASEWORKER))
    assert got.case.status == "RECEIVED"

    servicer.filer.temporal = working
    async with servicer.filer.db.session() as session:  # the reconciler takes cases older than 5 s
        waiting = await repository.cases_awaiting_workflow(session, utcnow() + timedelta(seconds=1))
    assert [c.case_no for c in waiting] == [case.case_no]
    await servicer.filer.start_workflow(waiting[0])
    handle = intake.temporal.get_workflow_handle(case.workflow_id)
    assert (await handle.describe()).id == case.workflow_id
    await handle.terminate("test over")

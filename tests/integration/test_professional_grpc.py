"""Professional mediation's service calls for real: the panel drawn from the roster with the
registry's posts (evaluation service) and the conflict rule (mediation service), and due times for
the court's windows, through the worker's own activities."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

import grpc
import pytest
from fengqiao.evaluation.v1 import registry_pb2_grpc
from fengqiao.intake.v1 import intake_pb2, intake_pb2_grpc
from fengqiao.mediation.v1 import deadline_pb2_grpc, panel_pb2, panel_pb2_grpc
from temporalio.exceptions import ApplicationError
from temporalio.testing import ActivityEnvironment

from contracts.professional import CaseParticipants, PanelRequest
from services.common.grpc_client import CallerMetadata
from services.common.identity import Identity
from tests.helpers import CASEWORKER, IDENTITY_KEY, SYSTEM, md
from tests.integration.conftest import Evaluation, Intake, Mediation, expect_status
from tests.integration.test_intake_grpc import complaint
from workflows.professional.activities import DueRequest, ProfessionalActivities


def activities(evaluation: Evaluation, mediation: Mediation, intake: Intake | None = None) -> ProfessionalActivities:
    return ProfessionalActivities(
        registry=registry_pb2_grpc.RegistryServiceStub(evaluation.channel),
        panels=panel_pb2_grpc.PanelServiceStub(mediation.channel),
        deadlines=deadline_pb2_grpc.DeadlineServiceStub(mediation.channel),
        intake=intake_pb2_grpc.IntakeServiceStub((intake or evaluation).channel),
        caller_metadata=CallerMetadata(IDENTITY_KEY),
    )


MEDIATOR = Identity("mediator.1", ("mediator",), ("MC-DONGJIE",), "周调解员")
OTHER_MEDIATOR = Identity("mediator.x", ("mediator",), ("MC-ELSEWHERE",), "别处调解员")


async def test_the_panel_sees_the_case_it_mediates(
    evaluation: Evaluation, mediation: Mediation, intake: Intake
) -> None:
    case = (await intake.stub.FileComplaint(complaint(), metadata=md(CASEWORKER))).case
    get = intake_pb2.GetCaseRequest(case_no=case.case_no)
    await expect_status(intake.stub.GetCase(get, metadata=md(MEDIATOR)), grpc.StatusCode.PERMISSION_DENIED)
    acts = activities(evaluation, mediation, intake)
    added = CaseParticipants(case.case_no, ["MC-DONGJIE", "JS-DONGJIE"], "专业调解组 · panel")
    await ActivityEnvironment().run(acts.add_case_participants, added)
    await ActivityEnvironment().run(acts.add_case_participants, added)  # a retry adds nothing twice
    seen = await intake.stub.GetCase(get, metadata=md(MEDIATOR))
    assert seen.case.case_no == case.case_no
    assert seen.case.personal_data_masked and "13800138000" not in str(seen.case)  # masked for the panel
    listed = await intake.stub.ListCases(intake_pb2.ListCasesRequest(page_size=50), metadata=md(MEDIATOR))
    assert [c.case_no for c in listed.cases] == [case.case_no]
    batch = intake_pb2.GetCasesRequest(case_nos=[case.case_no])
    assert [c.case_no for c in (await intake.stub.GetCases(batch, metadata=md(MEDIATOR))).cases] == [case.case_no]
    assert list((await intake.stub.GetCases(batch, metadata=md(OTHER_MEDIATOR))).cases) == []
    await expect_status(intake.stub.GetCase(get, metadata=md(OTHER_MEDIATOR)), grpc.StatusCode.PERMISSION_DENIED)
    none = await intake.stub.ListCases(intake_pb2.ListCasesRequest(page_size=50), metadata=md(OTHER_MEDIATOR))
    assert list(none.cases) == []
    request = intake_pb2.AddCaseParticipantsRequest(case_no=case.case_no, organisation_codes=["MC-X"])
    await expect_status(
        intake.stub.AddCaseParticipants(request, metadata=md(MEDIATOR)), grpc.StatusCode.PERMISSION_DENIED
    )


async def test_the_panel_excludes_whoever_holds_a_post_in_a_party(evaluation: Evaluation, mediation: Mediation) -> None:
    acts = activities(evaluation, mediation)
    env = ActivityEnvironment()
    dfsj = await env.run(acts.draw_panel, PanelRequest("M1", "neighbour", "CM-DFSJ", "PC-DFSJ"))
    # 李淑芬 chairs 东方世家's owners' committee (registry seed): excluded, the reason names it.
    assert [(x.person_id, "OC-DFSJ" in x.reason) for x in dfsj.excluded] == [("P-002", True)]
    assert "P-002" not in [m.person_id for m in dfsj.members] and len(dfsj.members) == 5
    assert (dfsj.court_code, dfsj.police_station_code) == ("CT-LUZHOU", "PS-DONGJIE")
    assert len(dfsj.methods) == 10
    # For 常平苑 it is 张志强 (party branch secretary, owners' committee member) who steps back.
    cpy = await env.run(acts.draw_panel, PanelRequest("M2", "group", "CM-CPY", "PC-CPY"))
    assert [x.person_id for x in cpy.excluded] == ["P-003"]
    assert "P-002" in [m.person_id for m in cpy.members]


async def test_panels_are_the_workers_and_need_a_case_type(mediation: Mediation) -> None:
    stub = panel_pb2_grpc.PanelServiceStub(mediation.channel)
    request = panel_pb2.DrawPanelRequest(mediation_id="M", case_type="neighbour")
    await expect_status(stub.DrawPanel(request, metadata=md(CASEWORKER)), grpc.StatusCode.PERMISSION_DENIED)
    await expect_status(
        stub.DrawPanel(panel_pb2.DrawPanelRequest(mediation_id="M"), metadata=md(SYSTEM)),
        grpc.StatusCode.INVALID_ARGUMENT,
        "case_type",
    )
    methods = await stub.ListMethods(panel_pb2.ListMethodsRequest(), metadata=md(CASEWORKER))
    assert methods.methods[0].startswith("法理调")


async def test_court_windows_come_from_the_policy(evaluation: Evaluation, mediation: Mediation) -> None:
    acts = activities(evaluation, mediation)
    env = ActivityEnvironment()
    start = datetime(2026, 12, 1, 10, 0, tzinfo=UTC).isoformat()
    ruling = datetime.fromisoformat(await env.run(acts.compute_due, DueRequest("court_ruling", start)))
    extended = datetime.fromisoformat(await env.run(acts.compute_due, DueRequest("court_ruling", start, True)))
    assert (extended - ruling).days == 10
    assert ruling == datetime(2026, 12, 16, 16, 0, tzinfo=UTC)  # 24:00 Beijing time, 15 days on
    window = datetime.fromisoformat(
        await env.run(acts.compute_due, DueRequest("judicial_confirmation_application", start))
    )
    assert window.date().isoformat() == "2026-12-31"


async def test_a_limit_a_version_does_not_set_answers_none_if_asked(
    evaluation: Evaluation, mediation: Mediation
) -> None:
    """2026.2 added the unreported-rectification limit; a 2026.1 case asking if_defined gets none."""
    acts = activities(evaluation, mediation)
    env = ActivityEnvironment()
    start = datetime(2026, 12, 1, 10, 0, tzinfo=UTC).isoformat()  # a Tuesday
    limit = DueRequest("rectification_report_limit", start, policy_version="2026.2", if_defined=True)
    assert await env.run(acts.compute_due, limit) == "2026-12-08T16:00:00+00:00"  # 5 working days on
    assert await env.run(acts.compute_due, dataclasses.replace(limit, policy_version="2026.1")) == ""
    with pytest.raises(ApplicationError, match="no deadline policy named"):
        await env.run(acts.compute_due, dataclasses.replace(limit, policy_version="2026.1", if_defined=False))

"""The mediation service's ConsultationService over gRPC: consultations street center staff start
on their own, checked against the real registry and intake under the caller's identity, started,
queried and signalled on a stand-in ConsultationWorkflow on the Temporal dev server."""

from __future__ import annotations

import asyncio
import uuid

import grpc
from fengqiao.intake.v1 import intake_pb2
from fengqiao.mediation.v1 import consultation_pb2 as pb

from contracts.consultation import ConsultationInput, workflow_id
from services.common.identity import Identity
from tests.helpers import CASEWORKER, CENTER, COMPANY, OPS, OTHER_CASEWORKER, md
from tests.integration.conftest import Consultations, expect_status
from tests.integration.consultation_probe import ConsultationProbeWorkflow

OTHER_CENTER = Identity("yingxi.center", ("street_center",), ("SC-YINGXI",), "张主任")


def start(cid: str, **changes: object) -> pb.StartConsultationRequest:
    fields: dict[str, object] = {"consultation_id": cid, "community_code": "CM-CPY", "subject": "电动车充电"}
    return pb.StartConsultationRequest(**(fields | changes))  # type: ignore[arg-type]


def new_id() -> str:
    return f"CPY-EV-{uuid.uuid4().hex[:8].upper()}"


async def file_case(consultations: Consultations) -> str:
    filed = await consultations.intake.stub.FileComplaint(
        intake_pb2.FileComplaintRequest(
            channel="online",
            community="常平苑",
            address="5号楼",
            content="电动车在楼道充电，存在火灾隐患。",
            complainant=intake_pb2.Complainant(name="李四", phone="13900139000"),
        ),
        metadata=md(CASEWORKER),
    )
    return filed.case.case_no


async def test_street_center_staff_start_a_consultation_once(consultations: Consultations) -> None:
    cid, case_no = new_id(), await file_case(consultations)
    first = await consultations.stub.StartConsultation(start(cid, linked_case_nos=[case_no]), metadata=md(CENTER))
    assert not first.replayed
    started = first.consultation
    assert (started.consultation_id, started.workflow_id) == (cid, workflow_id(cid))
    assert (started.community_code, started.neighbourhood_code, started.company_code) == (
        "CM-CPY",
        "NB-XIADONG",
        "PC-CPY",
    )
    assert started.street_center_code == "SC-DONGJIE" and started.subject == "电动车充电"
    assert list(started.linked_case_workflow_ids) == [f"case-{case_no}"] and started.parent_case_no == ""
    handle = consultations.client.get_workflow_handle(workflow_id(cid))
    described = await handle.describe()
    assert described.workflow_type == "ConsultationWorkflow"
    again = await consultations.stub.StartConsultation(start(cid, linked_case_nos=[case_no]), metadata=md(CENTER))
    assert again.replayed and again.consultation == started
    history = await handle.fetch_history()  # one execution: the replay started nothing
    assert sum(e.HasField("workflow_execution_started_event_attributes") for e in history.events) == 1
    await handle.signal(ConsultationProbeWorkflow.finish)


async def test_only_street_center_staff_of_the_subdistrict_start_one(consultations: Consultations) -> None:
    cid = new_id()
    for identity, why in ((CASEWORKER, "only street center staff"), (OPS, "only street center staff")):
        await expect_status(
            consultations.stub.StartConsultation(start(cid), metadata=md(identity)),
            grpc.StatusCode.PERMISSION_DENIED,
            why,
        )
    await expect_status(
        consultations.stub.StartConsultation(start(cid), metadata=md(OTHER_CENTER)),
        grpc.StatusCode.PERMISSION_DENIED,
        "CM-CPY is not in the subdistrict of your street center",
    )
    await expect_status(
        consultations.stub.GetConsultation(pb.GetConsultationRequest(consultation_id=cid), metadata=md(CENTER)),
        grpc.StatusCode.NOT_FOUND,
        f"no consultation {cid}",
    )


async def test_bad_requests_are_refused_before_anything_starts(consultations: Consultations) -> None:
    cid = new_id()
    for request, field in (
        (start("x"), "consultation_id"),
        (start("-leading-dash"), "consultation_id"),
        (start(cid, community_code="C"), "community_code"),
        (start(cid, subject=""), "subject"),
        (start(cid, subject="长" * 201), "subject"),
        (start(cid, linked_case_nos=[f"DJ-2026-{n:06d}" for n in range(51)]), "linked_case_nos"),
    ):
        await expect_status(
            consultations.stub.StartConsultation(request, metadata=md(CENTER)), grpc.StatusCode.INVALID_ARGUMENT, field
        )
    await expect_status(
        consultations.stub.GetConsultation(pb.GetConsultationRequest(consultation_id="a/b"), metadata=md(CENTER)),
        grpc.StatusCode.INVALID_ARGUMENT,
    )
    objection = pb.RaiseObjectionRequest(consultation_id=cid, objection_id="", reason="太吵")
    await expect_status(
        consultations.stub.RaiseObjection(objection, metadata=md(CENTER)), grpc.StatusCode.INVALID_ARGUMENT
    )
    # What the registry and intake refuse the caller comes back with their status.
    await expect_status(
        consultations.stub.StartConsultation(start(cid, community_code="CM-NOWHERE"), metadata=md(CENTER)),
        grpc.StatusCode.NOT_FOUND,
        "CM-NOWHERE",
    )
    await expect_status(
        consultations.stub.StartConsultation(start(cid, linked_case_nos=["DJ-2026-999999"]), metadata=md(CENTER)),
        grpc.StatusCode.NOT_FOUND,
    )
    await expect_status(
        consultations.stub.GetConsultation(pb.GetConsultationRequest(consultation_id=cid), metadata=md(CENTER)),
        grpc.StatusCode.NOT_FOUND,
    )


async def test_the_council_sees_the_state_and_the_community_objects_during_publicity(
    consultations: Consultations,
) -> None:
    cid = new_id()
    await consultations.stub.StartConsultation(start(cid), metadata=md(CENTER))
    handle = consultations.client.get_workflow_handle(workflow_id(cid))
    get = pb.GetConsultationRequest(consultation_id=cid)
    for identity in (CENTER, OPS, CASEWORKER):  # wide roles, and the neighbourhood seated on the council
        state = (await consultations.stub.GetConsultation(get, metadata=md(identity))).state
        assert state.consultation_id == cid and state.status == "NOTICE"
    assert [(s.role, s.org_code) for s in state.seats] == [
        ("community_party_committee", "NB-XIADONG"),
        ("residents_committee", "NB-XIADONG"),
        ("owners_committee", ""),
        ("management_committee", ""),
        ("property_company", "PC-CPY"),
    ]
    assert dict(state.votes) == {"for": 4, "against": 0}
    for identity in (OTHER_CASEWORKER, COMPANY):  # not seated (PC-DFSJ manages another community)
        await expect_status(
            consultations.stub.GetConsultation(get, metadata=md(identity)),
            grpc.StatusCode.PERMISSION_DENIED,
            "you do not sit on this council",
        )

    objection = pb.RaiseObjectionRequest(consultation_id=cid, objection_id="o-1", reason="充电桩离楼太近")
    await expect_status(
        consultations.stub.RaiseObjection(objection, metadata=md(CASEWORKER)),
        grpc.StatusCode.FAILED_PRECONDITION,
        "not in publicity (status NOTICE)",
    )
    await handle.signal(ConsultationProbeWorkflow.publicise)
    for identity in (OTHER_CASEWORKER, COMPANY, OPS):
        await expect_status(
            consultations.stub.RaiseObjection(objection, metadata=md(identity)),
            grpc.StatusCode.PERMISSION_DENIED,
            "objections are recorded by the community's caseworkers or the street center",
        )
    await consultations.stub.RaiseObjection(objection, metadata=md(CASEWORKER))
    for _ in range(50):
        state = (await consultations.stub.GetConsultation(get, metadata=md(CENTER))).state
        if state.objections:
            break
        await asyncio.sleep(0.05)
    assert [(o.objection_id, o.raised_by, o.reason) for o in state.objections] == [
        ("o-1", CASEWORKER.subject, "充电桩离楼太近")
    ]
    await handle.signal(ConsultationProbeWorkflow.finish)


def test_the_started_input_is_the_contract_the_workflow_reads() -> None:
    """Every field of ConsultationInput travels in the Consultation message (plus its workflow id)."""
    fields = set(ConsultationInput.__dataclass_fields__)
    assert fields | {"workflow_id"} == {f.name for f in pb.Consultation.DESCRIPTOR.fields}

"""Text with a NUL character is refused by every service before any handler runs (PostgreSQL
would refuse it later as a database error)."""

from __future__ import annotations

from fengqiao.intake.v1 import intake_pb2
from fengqiao.mediation.v1 import liaison_pb2, task_pb2

from services.common.grpc_server import nul_field


def test_the_first_string_holding_nul_is_named_at_any_depth() -> None:
    assert nul_field(intake_pb2.FileComplaintRequest(channel="online", content="漏水\x00")) == "content"
    nested = intake_pb2.FileComplaintRequest(complainant=intake_pb2.Complainant(name="张\x00三"))
    assert nul_field(nested) == "complainant.name"
    assert nul_field(intake_pb2.RecordCaseEventRequest(attributes={"k": "v\x00"})) == "attributes['k']"
    assert nul_field(task_pb2.CreateTaskRequest(candidate_groups=["NB-XIADONG:caseworker", "x\x00"])) == (
        "candidate_groups"
    )


def test_ordinary_text_passes() -> None:
    request = liaison_pb2.SubmitResultRequest(referral_id="r-1", reason="不予受理\n理由见附件\t（附件1）")
    assert nul_field(request) == ""
    assert nul_field(intake_pb2.FileComplaintRequest()) == ""

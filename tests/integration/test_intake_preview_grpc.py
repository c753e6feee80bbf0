"""PreviewComplaint: the staff form's category suggestion and duplicate candidates, before filing."""

from __future__ import annotations

import grpc
from fengqiao.intake.v1 import intake_pb2

from tests.helpers import CASEWORKER, COMPANY, OTHER_CASEWORKER, md
from tests.integration.conftest import Intake, expect_status
from tests.integration.test_intake_grpc import complaint

LEAK = "楼道漏水三天了，物业一直没人来修。"


def preview(**change: object) -> intake_pb2.PreviewComplaintRequest:
    fields: dict[str, object] = {"community": "东方世家", "address": "3号楼2单元", "content": LEAK, **change}
    return intake_pb2.PreviewComplaintRequest(**fields)  # type: ignore[arg-type]


async def test_preview_shows_the_suggestion_and_the_case_filing_would_join(intake: Intake) -> None:
    before = await intake.stub.PreviewComplaint(preview(), metadata=md(CASEWORKER))
    assert (before.community_code, before.community_name, before.building) == ("CM-DFSJ", "东方世家", 3)
    assert before.suggested_category == before.category != "other" and before.suggested_category_name
    assert before.suggested_probability > 0 and len(before.top) == 3 and before.top[0].category == before.category
    assert list(before.candidates) == []
    filed = await intake.stub.FileComplaint(complaint(), metadata=md(CASEWORKER))
    try:
        same = await intake.stub.PreviewComplaint(preview(), metadata=md(CASEWORKER))
        [candidate] = same.candidates
        assert (candidate.case_no, candidate.would_join, candidate.building) == (filed.case.case_no, True, 3)
        assert candidate.summary == LEAK
        other_building = await intake.stub.PreviewComplaint(preview(address="5号楼"), metadata=md(CASEWORKER))
        assert [(c.case_no, c.would_join) for c in other_building.candidates] == [(filed.case.case_no, False)]
        # Another neighbourhood's caseworker sees that the case exists, not what it says.
        stranger = await intake.stub.PreviewComplaint(preview(), metadata=md(OTHER_CASEWORKER))
        assert [c.summary for c in stranger.candidates] == [""]
        chosen = await intake.stub.PreviewComplaint(preview(category="parking"), metadata=md(CASEWORKER))
        assert chosen.category == "parking" and list(chosen.candidates) == []
    finally:
        await intake.temporal.get_workflow_handle(filed.case.workflow_id).terminate("test over")


async def test_preview_refuses_bad_input_and_non_filers(intake: Intake) -> None:
    for request, field in (
        (preview(community=" "), "community is required"),
        (preview(community="不存在小区"), "not in the registry"),
        (preview(category="nonsense"), "nonsense"),
        (preview(address="99号楼"), "building"),
    ):
        await expect_status(
            intake.stub.PreviewComplaint(request, metadata=md(CASEWORKER)), grpc.StatusCode.INVALID_ARGUMENT, field
        )
    await expect_status(
        intake.stub.PreviewComplaint(preview(), metadata=md(COMPANY)), grpc.StatusCode.PERMISSION_DENIED, "filed by"
    )

"""Issue #6 over the intake service's gRPC API: channels, duplicates and groups, the 12345
import, category suggestion and override, tracking and the Open311 views."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import grpc
from fengqiao.intake.v1 import intake_pb2
from google.protobuf.timestamp_pb2 import Timestamp

from services.common.identity import Identity
from tests.helpers import CASEWORKER, CENTER, COMPANY, GRID, SYSTEM, md
from tests.integration.conftest import Intake, expect_status

RESIDENT = Identity("public:test", ("resident",), (), "公众")


def complaint(phone: str = "13800138000", **change: object) -> intake_pb2.FileComplaintRequest:
    fields: dict[str, object] = dict(
        channel="online",
        community="东方世家",
        address="5号楼1单元",
        content="楼道顶上漏水，墙皮都泡掉了。",
        complainant=intake_pb2.Complainant(name="张三", phone=phone),
    )
    fields.update(change)
    return intake_pb2.FileComplaintRequest(**fields)  # type: ignore[arg-type]


async def all_cases(intake: Intake) -> list[intake_pb2.Case]:
    return list((await intake.stub.ListCases(intake_pb2.ListCasesRequest(page_size=200), metadata=md(CENTER))).cases)


async def finish(intake: Intake, *cases: intake_pb2.Case) -> None:
    for case in {c.workflow_id for c in cases}:
        await intake.temporal.get_workflow_handle(case).terminate("test over")


async def test_a_duplicate_joins_the_open_case_and_households_flag_a_group(intake: Intake) -> None:
    first = await intake.stub.FileComplaint(complaint(), metadata=md(CASEWORKER))
    assert (first.complaint.joined_existing, first.case.category, first.case.category_source) == (
        False,
        "leak",
        "suggested",
    )
    assert first.case.building == 5 and first.case.households == 1
    joined = []
    for i in range(1, 5):
        joined.append(
            await intake.stub.FileComplaint(
                complaint(phone=f"1380013800{i}", channel="property_hotline", content=f"5号楼又漏水了（{i}）"),
                metadata=md(CASEWORKER),
            )
        )
    assert {j.case.case_no for j in joined} == {first.case.case_no}
    assert all(j.complaint.joined_existing for j in joined)
    assert len({first.complaint.receipt_no, *(j.complaint.receipt_no for j in joined)}) == 5
    assert first.case.case_no in joined[0].complaint.notice and "并入" in joined[0].complaint.notice
    assert [j.case.is_group_dispute for j in joined] == [False, False, False, True]
    last = joined[-1].case
    assert (last.households, last.complaint_count) == (5, 5)
    # The same household again adds a complaint, not a household.
    again = await intake.stub.FileComplaint(complaint(phone="13800138001"), metadata=md(CASEWORKER))
    assert (again.case.households, again.case.complaint_count) == (5, 6)
    # No new case and no new workflow: one case, whose workflow is the only one.
    assert [c.case_no for c in await all_cases(intake)] == [first.case.case_no]
    timeline = (
        await intake.stub.GetCase(intake_pb2.GetCaseRequest(case_no=first.case.case_no), metadata=md(CASEWORKER))
    ).timeline
    kinds = [e.kind for e in timeline]
    assert kinds.count("complainant_joined") == 5 and kinds.count("group_dispute_flagged") == 1
    # Another building, another category or the catch-all category each open a case of their own.
    other_building = await intake.stub.FileComplaint(complaint(address="6号楼"), metadata=md(CASEWORKER))
    other_category = await intake.stub.FileComplaint(complaint(category="noise"), metadata=md(CASEWORKER))
    catch_all = [
        await intake.stub.FileComplaint(complaint(category="other"), metadata=md(CASEWORKER)) for _ in range(2)
    ]
    new = {r.case.case_no for r in (other_building, other_category, *catch_all)}
    assert len(new) == 4 and first.case.case_no not in new
    await finish(intake, first.case, other_building.case, other_category.case, *(c.case for c in catch_all))


async def test_a_closed_case_is_not_joined(intake: Intake) -> None:
    first = await intake.stub.FileComplaint(complaint(), metadata=md(CASEWORKER))
    await intake.stub.RecordCaseEvent(
        intake_pb2.RecordCaseEventRequest(
            case_no=first.case.case_no, event_id=f"{first.case.workflow_id}/x", kind="closed", status="CLOSED"
        ),
        metadata=md(SYSTEM),
    )
    second = await intake.stub.FileComplaint(complaint(phone="13900139000"), metadata=md(CASEWORKER))
    assert second.case.case_no != first.case.case_no and not second.complaint.joined_existing
    await finish(intake, first.case, second.case)


async def test_channel_numbers_are_idempotent_and_channel_facts_kept(intake: Intake) -> None:
    petition = complaint(channel="petition", external_ref="XF-2026-0042", category="fees", content="物业乱收费")
    first = await intake.stub.FileComplaint(petition, metadata=md(CASEWORKER))
    # Someone else files the same petition number: the first answer, not a second complaint.
    replay = await intake.stub.FileComplaint(petition, metadata=md(GRID))
    assert replay.replayed and replay.complaint.receipt_no == first.complaint.receipt_no
    petition.content = "另一件事"
    await expect_status(
        intake.stub.FileComplaint(petition, metadata=md(CASEWORKER)), grpc.StatusCode.ALREADY_EXISTS, "petition"
    )
    await expect_status(
        intake.stub.FileComplaint(complaint(channel="petition"), metadata=md(CASEWORKER)),
        grpc.StatusCode.INVALID_ARGUMENT,
        "external_ref",
    )
    taken = Timestamp()
    taken.FromDatetime(datetime(2026, 11, 28, 8, 0, tzinfo=UTC))
    grid = await intake.stub.FileComplaint(
        complaint(
            channel="grid_inspection",
            address="东门车棚",
            building=12,
            content="车棚里有人飞线给电动车充电",
            location=intake_pb2.Location(latitude=36.19, longitude=113.11),
            photos=[
                intake_pb2.PhotoMetadata(
                    file_name="a.jpg", sha256="b" * 64, size_bytes=2048, content_type="image/jpeg", taken_at=taken
                )
            ],
            channel_fields={"grid_code": "XD-07"},
        ),
        metadata=md(GRID),
    )
    assert (grid.case.building, grid.case.category) == (12, "ev_charging")
    await expect_status(
        intake.stub.FileComplaint(complaint(address="99号楼"), metadata=md(CASEWORKER)),
        grpc.StatusCode.INVALID_ARGUMENT,
        "buildings 1–28",
    )
    await finish(intake, first.case, grid.case)


async def test_the_public_files_online_only(intake: Intake) -> None:
    filed = await intake.stub.FileComplaint(complaint(), metadata=md(RESIDENT))
    await expect_status(
        intake.stub.FileComplaint(
            complaint(channel="grid_inspection", location=intake_pb2.Location(latitude=36.1, longitude=113.1)),
            metadata=md(RESIDENT),
        ),
        grpc.StatusCode.PERMISSION_DENIED,
    )
    await expect_status(
        intake.stub.GetCase(intake_pb2.GetCaseRequest(case_no=filed.case.case_no), metadata=md(RESIDENT)),
        grpc.StatusCode.PERMISSION_DENIED,
    )
    await finish(intake, filed.case)


async def test_triage_overrides_the_suggested_category(intake: Intake) -> None:
    filed = await intake.stub.FileComplaint(complaint(content="电梯困人半小时"), metadata=md(CASEWORKER))
    assert (filed.case.category, filed.case.category_source) == ("elevator", "suggested")
    request = intake_pb2.SetCaseCategoryRequest(case_no=filed.case.case_no, category="noise", reason="实为噪音")
    await expect_status(intake.stub.SetCaseCategory(request, metadata=md(COMPANY)), grpc.StatusCode.PERMISSION_DENIED)
    await expect_status(
        intake.stub.SetCaseCategory(
            intake_pb2.SetCaseCategoryRequest(case_no=filed.case.case_no, category="ufo"), metadata=md(CASEWORKER)
        ),
        grpc.StatusCode.INVALID_ARGUMENT,
        "catalogue",
    )
    changed = (await intake.stub.SetCaseCategory(request, metadata=md(CASEWORKER))).case
    assert (changed.category, changed.category_source) == ("noise", "triage")
    categories = (
        await intake.stub.ListCategories(intake_pb2.ListCategoriesRequest(), metadata=md(RESIDENT))
    ).categories
    assert categories[0].code == "leak" and {c.group_name for c in categories} >= {"物业管理", "邻里纠纷", "环境整治"}
    await finish(intake, filed.case)


HOTLINE_CSV = """工单编号,来电时间,来电人,联系电话,地址,诉求内容
GD001,2026-11-28 09:15:00,王女士,13800138001,潞州区东街街道常平苑3号楼1单元,3号楼电梯坏了三天没人修
GD002,2026-11-28 09:20:00,,1234,常平苑2号楼,垃圾没人清运
GD003,2026-11-28 09:30:00,李先生,13800138003,火星小区1号楼,噪音扰民
GD004,2026-11-28 09:45:00,赵先生,13800138004,常平苑3号楼,电梯又停了，老人下不了楼
GD005,2026-11-28 10:00:00,钱女士,13800138005,常平苑99号楼,楼道漏水
GD006,yesterday,孙先生,13800138006,常平苑1号楼,下水道堵了
"""


async def test_hotline_import_reports_every_row_and_is_idempotent(intake: Intake) -> None:
    request = intake_pb2.ImportHotlineOrdersRequest(content=HOTLINE_CSV.encode(), file_name="12345.csv")
    await expect_status(
        intake.stub.ImportHotlineOrders(request, metadata=md(COMPANY)), grpc.StatusCode.PERMISSION_DENIED
    )
    report = await intake.stub.ImportHotlineOrders(request, metadata=md(CASEWORKER))
    rows = {r.external_ref: r for r in report.rows}
    assert (report.taken, report.already_imported, report.refused) == (2, 0, 4)
    assert rows["GD001"].outcome == "taken" and rows["GD001"].receipt_no
    assert (rows["GD002"].outcome, rows["GD002"].field) == ("refused", "complainant.phone")
    assert (rows["GD003"].outcome, rows["GD003"].field) == ("refused", "community")
    assert rows["GD004"].joined_existing and rows["GD004"].case_no == rows["GD001"].case_no
    assert (rows["GD005"].field, rows["GD006"].field) == ("address", "received_at")
    assert [r.row for r in report.rows] == [2, 3, 4, 5, 6, 7]
    cases = await all_cases(intake)
    assert len(cases) == 1 and cases[0].channel == "hotline_12345" and cases[0].complaint_count == 2
    again = await intake.stub.ImportHotlineOrders(request, metadata=md(CENTER))
    assert (again.taken, again.already_imported, again.refused) == (0, 2, 4)
    assert {r.case_no for r in again.rows if r.outcome == "already_imported"} == {rows["GD001"].case_no}
    assert len(await all_cases(intake)) == 1
    await expect_status(
        intake.stub.ImportHotlineOrders(
            intake_pb2.ImportHotlineOrdersRequest(content=b"a,b\n1,2\n", file_name="x.csv"), metadata=md(CASEWORKER)
        ),
        grpc.StatusCode.INVALID_ARGUMENT,
        "工单编号",
    )
    await finish(intake, *cases)


async def test_tracking_shows_only_what_a_complainant_may_see(intake: Intake) -> None:
    first = await intake.stub.FileComplaint(complaint(content="漏水严重，请联系我13800138000"), metadata=md(CASEWORKER))
    second = await intake.stub.FileComplaint(complaint(phone="13900139000"), metadata=md(CASEWORKER))
    await intake.stub.RecordCaseEvent(
        intake_pb2.RecordCaseEventRequest(
            case_no=first.case.case_no,
            event_id=f"{first.case.workflow_id}/t1",
            kind="task_created",
            summary="分流 待办",
            actor="system",
            attributes={"due_at": "2026-12-01T01:00:00+00:00", "task_id": "t1"},
            status="TRIAGE",
        ),
        metadata=md(SYSTEM),
    )
    tracked = await intake.stub.TrackComplaint(
        intake_pb2.TrackComplaintRequest(receipt_no=first.complaint.receipt_no.lower()), metadata=md(RESIDENT)
    )
    assert tracked.case.case_no == first.case.case_no and tracked.case.status_label == "分流中"
    assert tracked.case.description == "漏水严重，请联系我138****8000"
    assert tracked.case.expected_at.ToDatetime(tzinfo=UTC) == datetime(2026, 12, 1, 1, 0, tzinfo=UTC)
    kinds = [e.kind for e in tracked.events]
    assert kinds == ["complaint_received", "acknowledged"]  # task_created and the other's join are internal
    assert "张三" not in str(tracked) and "5号楼1单元" not in str(tracked)
    joined = await intake.stub.TrackComplaint(
        intake_pb2.TrackComplaintRequest(receipt_no=second.complaint.receipt_no), metadata=md(RESIDENT)
    )
    assert joined.joined_existing and [e.kind for e in joined.events][-1] == "complainant_joined"
    await expect_status(
        intake.stub.TrackComplaint(intake_pb2.TrackComplaintRequest(receipt_no="nope"), metadata=md(RESIDENT)),
        grpc.StatusCode.INVALID_ARGUMENT,
        "receipt_no",
    )
    await expect_status(
        intake.stub.TrackComplaint(
            intake_pb2.TrackComplaintRequest(receipt_no="SL20261129-AAAAAAAA"), metadata=md(RESIDENT)
        ),
        grpc.StatusCode.NOT_FOUND,
    )
    await finish(intake, first.case)


async def test_service_request_views_filter_as_open311_does(intake: Intake) -> None:
    leak = await intake.stub.FileComplaint(
        complaint(location=intake_pb2.Location(latitude=36.19, longitude=113.11)), metadata=md(CASEWORKER)
    )
    noise = await intake.stub.FileComplaint(complaint(category="noise", address="7号楼"), metadata=md(CASEWORKER))
    await intake.stub.RecordCaseEvent(
        intake_pb2.RecordCaseEventRequest(
            case_no=noise.case.case_no, event_id=f"{noise.case.workflow_id}/c", kind="closed", status="CLOSED"
        ),
        metadata=md(SYSTEM),
    )

    async def search(**kwargs: object) -> list[str]:
        request = intake_pb2.ListServiceRequestsRequest(**kwargs)  # type: ignore[arg-type]
        return [c.case_no for c in (await intake.stub.ListServiceRequests(request, metadata=md(RESIDENT))).cases]

    start, end = Timestamp(), Timestamp()
    start.FromDatetime(datetime.now(UTC) - timedelta(days=1))
    end.FromDatetime(datetime.now(UTC) + timedelta(days=1))
    both = {leak.case.case_no, noise.case.case_no}
    assert set(await search(start=start, end=end)) == both
    assert await search(start=start, end=end, states=["open"]) == [leak.case.case_no]
    assert await search(start=start, end=end, states=["closed"]) == [noise.case.case_no]
    assert await search(start=start, end=end, categories=["noise"]) == [noise.case.case_no]
    assert await search(start=end) == []
    # Case numbers win over every other filter.
    assert set(await search(case_nos=list(both), start=end)) == both
    await expect_status(
        intake.stub.ListServiceRequests(
            intake_pb2.ListServiceRequestsRequest(states=["pending"]), metadata=md(RESIDENT)
        ),
        grpc.StatusCode.INVALID_ARGUMENT,
    )
    view = (
        await intake.stub.ListServiceRequests(
            intake_pb2.ListServiceRequestsRequest(case_nos=[leak.case.case_no]), metadata=md(RESIDENT)
        )
    ).cases[0]
    assert view.has_location and view.location.latitude == 36.19 and view.community_name == "东方世家"
    token = await intake.stub.LookupToken(
        intake_pb2.LookupTokenRequest(token=leak.complaint.token), metadata=md(RESIDENT)
    )
    assert token.case_no == leak.case.case_no
    await expect_status(
        intake.stub.LookupToken(intake_pb2.LookupTokenRequest(token="TKNOPE"), metadata=md(RESIDENT)),
        grpc.StatusCode.NOT_FOUND,
    )
    await finish(intake, leak.case, noise.case)


async def test_the_same_matter_filed_at_once_opens_one_case(intake: Intake) -> None:
    filed = await asyncio.gather(
        *(
            intake.stub.FileComplaint(complaint(phone=f"1370013700{i}", address="9号楼"), metadata=md(CASEWORKER))
            for i in range(6)
        )
    )
    assert len({f.case.case_no for f in filed}) == 1
    assert sum(not f.complaint.joined_existing for f in filed) == 1
    case = (await all_cases(intake))[0]
    assert (case.households, case.is_group_dispute) == (6, True)
    await finish(intake, case)

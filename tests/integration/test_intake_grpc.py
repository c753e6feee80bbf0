"""The intake service's gRPC API against a real registry, Temporal dev server and database."""

from __future__ import annotations

import asyncio
import re
import uuid
from datetime import UTC, datetime

import grpc
import pytest
from fengqiao.intake.v1 import intake_pb2
from google.protobuf.timestamp_pb2 import Timestamp
from temporalio.client import WorkflowExecutionStatus

from services.common.search_attributes import CASE_NO
from tests.helpers import CASEWORKER, CENTER, COMPANY, OTHER_CASEWORKER, SYSTEM, md
from tests.integration.conftest import Intake, expect_status


def complaint(key: str = "", **change: object) -> intake_pb2.FileComplaintRequest:
    fields: dict[str, object] = dict(
        idempotency_key=key,
        channel="online",
        community="东方世家",
        address="3号楼2单元",
        content="楼道漏水三天了，物业一直没人来修。",
        complainant=intake_pb2.Complainant(name="张三", phone="13800138000"),
    )
    fields.update(change)
    return intake_pb2.FileComplaintRequest(**fields)  # type: ignore[arg-type]


async def count_cases(intake: Intake) -> int:
    page = await intake.stub.ListCases(intake_pb2.ListCasesRequest(page_size=200), metadata=md(CENTER))
    return len(page.cases)


async def test_filing_stores_acknowledges_and_starts_the_workflow(intake: Intake) -> None:
    filed = await intake.stub.FileComplaint(complaint(), metadata=md(CASEWORKER))
    case = filed.case
    assert re.fullmatch(r"[A-Z]{4}-\d{4}-\d{6}", case.case_no)
    assert re.fullmatch(r"SL\d{8}-[2-9A-Z]{8}", case.receipt_no)
    assert (case.status, case.community_code, case.neighbourhood_code, case.company_code) == (
        "RECEIVED",
        "CM-DFSJ",
        "NB-XIADONG",
        "PC-DFSJ",
    )
    assert case.complainant.phone == "+8613800138000" and not case.personal_data_masked
    description = await intake.temporal.get_workflow_handle(case.workflow_id).describe()
    assert description.status == WorkflowExecutionStatus.RUNNING
    assert description.typed_search_attributes.get(CASE_NO) == case.case_no
    got = await intake.stub.GetCase(intake_pb2.GetCaseRequest(case_no=case.case_no), metadata=md(CASEWORKER))
    assert [e.kind for e in got.timeline] == ["complaint_received", "acknowledged"]
    await intake.temporal.get_workflow_handle(case.workflow_id).terminate("test over")


async def test_same_idempotency_key_gives_one_case(intake: Intake) -> None:
    key = uuid.uuid4().hex
    before = await count_cases(intake)
    results = await asyncio.gather(
        *(intake.stub.FileComplaint(complaint(key), metadata=md(CASEWORKER)) for _ in range(5))
    )
    assert len({r.case.case_no for r in results}) == 1
    assert sorted(r.replayed for r in results) == [False, True, True, True, True]
    assert await count_cases(intake) == before + 1
    err = await expect_status(
        intake.stub.FileComplaint(complaint(key, content="电梯坏了"), metadata=md(CASEWORKER)),
        grpc.StatusCode.ALREADY_EXISTS,
        "different complaint",
    )
    assert ("x-error-details", f'{{"case_no": "{results[0].case.case_no}", "field": "idempotency_key"}}') in list(
        err.trailing_metadata() or ()
    )
    await intake.temporal.get_workflow_handle(results[0].case.workflow_id).terminate("test over")


async def test_concurrent_filings_get_distinct_sequential_numbers(intake: Intake) -> None:
    results = await asyncio.gather(
        *(
            # Different buildings: the same matter in one building would join one case (issue #6).
            intake.stub.FileComplaint(
                complaint(content=f"第{i}号投诉：噪音扰民", address=f"{i + 1}号楼2单元"), metadata=md(CASEWORKER)
            )
            for i in range(8)
        )
    )
    serials = sorted(int(r.case.case_no.rsplit("-", 1)[1]) for r in results)
    assert serials == list(range(serials[0], serials[0] + 8))
    for r in results:
        await intake.temporal.get_workflow_handle(r.case.workflow_id).terminate("test over")


@pytest.mark.parametrize(
    "change,field",
    [
        ({"channel": "carrier_pigeon"}, "channel"),
        ({"community": "不存在的小区"}, "community"),
        ({"community": ""}, "community"),
        ({"address": ""}, "address"),
        ({"content": "长" * 2001}, "content"),
        ({"complainant": intake_pb2.Complainant(name="张三", phone="1234")}, "complainant.phone"),
        ({"complainant": intake_pb2.Complainant(name="", phone="13800138000")}, "complainant.name"),
        ({"category": "ufo"}, "category"),
        ({"idempotency_key": "has spaces"}, "idempotency_key"),
    ],
)
async def test_bad_input_is_refused_and_stores_nothing(intake: Intake, change: dict[str, object], field: str) -> None:
    before = await count_cases(intake)
    err = await expect_status(
        intake.stub.FileComplaint(complaint(**change), metadata=md(CASEWORKER)), grpc.StatusCode.INVALID_ARGUMENT
    )
    assert f'"field": "{field}"' in dict(err.trailing_metadata() or ())["x-error-details"]
    assert await count_cases(intake) == before


async def test_who_may_file_and_read(intake: Intake) -> None:
    await expect_status(intake.stub.FileComplaint(complaint()), grpc.StatusCode.UNAUTHENTICATED)
    await expect_status(
        intake.stub.FileComplaint(complaint(), metadata=md(COMPANY)), grpc.StatusCode.PERMISSION_DENIED, "may not file"
    )
    case = (await intake.stub.FileComplaint(complaint(), metadata=md(CASEWORKER))).case
    request = intake_pb2.GetCaseRequest(case_no=case.case_no)
    await expect_status(
        intake.stub.GetCase(request, metadata=md(OTHER_CASEWORKER)), grpc.StatusCode.PERMISSION_DENIED, "scope"
    )
    masked = (await intake.stub.GetCase(request, metadata=md(CENTER))).case
    assert (
        masked.personal_data_masked
        and masked.complainant.name == "张*"
        and masked.complainant.phone == "+86138****8000"
    )
    assert masked.address == ""
    assert (await intake.stub.GetCase(request, metadata=md(COMPANY))).case.personal_data_masked
    listed = await intake.stub.ListCases(intake_pb2.ListCasesRequest(), metadata=md(OTHER_CASEWORKER))
    assert case.case_no not in {c.case_no for c in listed.cases}
    # The batch read (an inbox page) leaves out what GetCase refuses or does not find; masks alike.
    batch = intake_pb2.GetCasesRequest(case_nos=[case.case_no, "DJ-1999-000001", case.case_no])
    assert list((await intake.stub.GetCases(batch, metadata=md(OTHER_CASEWORKER))).cases) == []
    assert list((await intake.stub.GetCases(batch, metadata=md(CENTER))).cases) == [masked]
    # Counts follow the same scope as the list.
    none = await intake.stub.CountCases(intake_pb2.CountCasesRequest(), metadata=md(OTHER_CASEWORKER))
    assert (none.total, dict(none.by_status)) == (0, {})
    counted = await intake.stub.CountCases(intake_pb2.CountCasesRequest(), metadata=md(CENTER))
    assert counted.total >= 1 and counted.by_community["CM-DFSJ"] >= 1 and counted.by_track[""] >= 1
    assert sum(counted.by_status.values()) == counted.total == sum(counted.by_community.values())
    too_many = intake_pb2.GetCasesRequest(case_nos=[f"DJ-2026-{n:06d}" for n in range(201)])
    await expect_status(
        intake.stub.GetCases(too_many, metadata=md(CENTER)), grpc.StatusCode.INVALID_ARGUMENT, "at most"
    )
    await expect_status(
        intake.stub.GetCase(intake_pb2.GetCaseRequest(case_no="DJ-1999-000001"), metadata=md(CENTER)),
        grpc.StatusCode.NOT_FOUND,
    )
    await intake.temporal.get_workflow_handle(case.workflow_id).terminate("test over")


async def test_case_events_are_for_the_workflow_and_recorded_once(intake: Intake) -> None:
    case = (await intake.stub.FileComplaint(complaint(), metadata=md(CASEWORKER))).case
    event = intake_pb2.RecordCaseEventRequest(
        case_no=case.case_no,
        event_id=f"{case.workflow_id}/e1",
        kind="triage_started",
        summary="进入分流",
        status="TRIAGE",
    )
    await expect_status(intake.stub.RecordCaseEvent(event, metadata=md(CASEWORKER)), grpc.StatusCode.PERMISSION_DENIED)
    first = await intake.stub.RecordCaseEvent(event, metadata=md(SYSTEM))
    again = await intake.stub.RecordCaseEvent(event, metadata=md(SYSTEM))
    assert (first.replayed, again.replayed, first.case.status) == (False, True, "TRIAGE")
    await expect_status(
        intake.stub.RecordCaseEvent(
            intake_pb2.RecordCaseEventRequest(case_no=case.case_no, event_id="x", kind="k", status="LIMBO"),
            metadata=md(SYSTEM),
        ),
        grpc.StatusCode.INVALID_ARGUMENT,
        "status",
    )
    timeline = (
        await intake.stub.GetCase(intake_pb2.GetCaseRequest(case_no=case.case_no), metadata=md(CASEWORKER))
    ).timeline
    assert [e.kind for e in timeline] == ["complaint_received", "acknowledged", "triage_started"]
    await intake.temporal.get_workflow_handle(case.workflow_id).terminate("test over")


async def test_batched_case_events_are_recorded_in_order_and_once(intake: Intake) -> None:
    case = (await intake.stub.FileComplaint(complaint(), metadata=md(CASEWORKER))).case

    def entry(n: int, kind: str, **fields: str) -> intake_pb2.CaseEventEntry:
        return intake_pb2.CaseEventEntry(event_id=f"{case.workflow_id}/b{n}", kind=kind, summary=kind, **fields)

    at = Timestamp()
    at.FromDatetime(datetime(2026, 3, 2, 8, 30, tzinfo=UTC))
    started = entry(1, "triage_started", status="TRIAGE")
    started.occurred_at.CopyFrom(at)
    created = entry(2, "task_created", attributes={"task_id": "t1", "due_at": "2026-03-03T08:30:00+00:00"})
    batch = intake_pb2.RecordCaseEventsRequest(case_no=case.case_no, events=[started, created])
    await expect_status(intake.stub.RecordCaseEvents(batch, metadata=md(CASEWORKER)), grpc.StatusCode.PERMISSION_DENIED)
    first = await intake.stub.RecordCaseEvents(batch, metadata=md(SYSTEM))
    assert (first.recorded, first.replayed, first.case.status) == (2, 0, "TRIAGE")
    # A retry that carries one more event records only the new one.
    retried = intake_pb2.RecordCaseEventsRequest(
        case_no=case.case_no, events=[started, created, entry(3, "task_completed")]
    )
    again = await intake.stub.RecordCaseEvents(retried, metadata=md(SYSTEM))
    assert (again.recorded, again.replayed) == (1, 2)
    got = await intake.stub.GetCase(intake_pb2.GetCaseRequest(case_no=case.case_no), metadata=md(CASEWORKER))
    assert [e.kind for e in got.timeline] == [
        "complaint_received",
        "acknowledged",
        "triage_started",
        "task_created",
        "task_completed",
    ]
    assert got.timeline[2].occurred_at.ToDatetime(tzinfo=UTC) == datetime(2026, 3, 2, 8, 30, tzinfo=UTC)
    assert got.case.due_at.ToDatetime(tzinfo=UTC) == datetime(2026, 3, 3, 8, 30, tzinfo=UTC)
    # Bad batches are refused whole, naming what is wrong; nothing is recorded.
    for bad, detail in (
        (intake_pb2.RecordCaseEventsRequest(case_no=case.case_no), "at least one event"),
        (intake_pb2.RecordCaseEventsRequest(case_no=case.case_no, events=[entry(4, "x"), entry(4, "y")]), "once"),
        (
            intake_pb2.RecordCaseEventsRequest(
                case_no=case.case_no, events=[entry(5, "x"), entry(6, "y", status="LIMBO")]
            ),
            "status",
        ),
        (
            intake_pb2.RecordCaseEventsRequest(case_no=case.case_no, events=[entry(7, "")]),
            "events[0].event_id and kind",
        ),
    ):
        await expect_status(
            intake.stub.RecordCaseEvents(bad, metadata=md(SYSTEM)), grpc.StatusCode.INVALID_ARGUMENT, detail
        )
    after = await intake.stub.GetCase(intake_pb2.GetCaseRequest(case_no=case.case_no), metadata=md(CASEWORKER))
    assert len(after.timeline) == 5 and after.timeline_total == 5 and not after.timeline_next_page_token
    # A page at a time, newest page first, each page oldest first; nothing missed or repeated.
    pages, token = [], ""
    while True:
        page = await intake.stub.GetCase(
            intake_pb2.GetCaseRequest(case_no=case.case_no, timeline_page_size=2, timeline_page_token=token),
            metadata=md(CASEWORKER),
        )
        pages.insert(0, [e.seq for e in page.timeline])
        token = page.timeline_next_page_token
        if not token:
            break
    assert [len(p) for p in pages] == [1, 2, 2] and [s for p in pages for s in p] == [e.seq for e in after.timeline]
    for bad, field in ((dict(timeline_page_size=501), "timeline_page_size"), (dict(timeline_page_token="x"), "token")):
        request = intake_pb2.GetCaseRequest(case_no=case.case_no, **bad)  # type: ignore[arg-type]
        await expect_status(
            intake.stub.GetCase(request, metadata=md(CASEWORKER)), grpc.StatusCode.INVALID_ARGUMENT, field
        )
    bare = intake_pb2.GetCaseRequest(case_no=case.case_no, without_timeline=True)
    assert not (await intake.stub.GetCase(bare, metadata=md(CASEWORKER))).timeline
    await intake.temporal.get_workflow_handle(case.workflow_id).terminate("test over")


async def test_text_with_a_nul_character_is_refused_and_changes_nothing(intake: Intake) -> None:
    before = await count_cases(intake)
    await expect_status(
        intake.stub.FileComplaint(complaint(content="楼道漏水\x00"), metadata=md(CASEWORKER)),
        grpc.StatusCode.INVALID_ARGUMENT,
        "content contains a NUL character",
    )
    assert await count_cases(intake) == before

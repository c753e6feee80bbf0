"""The mediation service's liaison API over gRPC: referrals recorded by the worker, the pull list
and packages for the organisation they went to, and results — validated, authorised, idempotent
by message id, stored then signalled to a real workflow on the Temporal dev server."""

from __future__ import annotations

import asyncio
import uuid

import grpc
from fengqiao.intake.v1 import intake_pb2
from fengqiao.mediation.v1 import liaison_admin_pb2 as admin_pb
from fengqiao.mediation.v1 import liaison_pb2
from temporalio.client import WorkflowHandle

from contracts.professional import LiaisonResult
from services.common.identity import Identity
from services.mediation import models  # noqa: F401 - the liaison tables in SQLModel.metadata
from tests.helpers import CASEWORKER, SYSTEM, md
from tests.integration.conftest import Liaison, expect_status
from tests.integration.liaison_probe import LiaisonProbeWorkflow

COURT = Identity("apikey:court", ("court_liaison",), ("CT-LUZHOU",), "court")
OTHER_COURT = Identity("apikey:other-court", ("court_liaison",), ("CT-CHANGZHI",), "other court")
POLICE = Identity("apikey:police", ("police_liaison",), ("PS-DONGJIE",), "police")
ADMIN = Identity("admin", ("admin",), ("SD-DONGJIE",), "admin")
K = liaison_pb2.LiaisonResultKind


def submit(
    referral_id: str, kind: int, reference_no: str = "", *, message_id: str = "", **extra: str
) -> liaison_pb2.SubmitResultRequest:
    return liaison_pb2.SubmitResultRequest(
        message_id=message_id or uuid.uuid4().hex,
        referral_id=referral_id,
        kind=kind,  # type: ignore[arg-type]
        reference_no=reference_no,
        **extra,
    )


async def received(handle: WorkflowHandle[LiaisonProbeWorkflow, int], count: int) -> list[LiaisonResult]:
    for _ in range(100):
        results = await handle.query(LiaisonProbeWorkflow.received)
        if len(results) >= count:
            return results
        await asyncio.sleep(0.05)
    raise AssertionError(f"the workflow got {len(results)} results, expected {count}")


async def test_referrals_are_recorded_once_and_listed_for_their_organisation(liaison: Liaison) -> None:
    filed = await liaison.intake.stub.FileComplaint(
        intake_pb2.FileComplaintRequest(
            channel="online",
            community="东方世家",
            address="3号楼2单元",
            content="楼上漏水，物业不管。",
            complainant=intake_pb2.Complainant(name="张三", phone="13800138000"),
        ),
        metadata=md(CASEWORKER),
    )
    case_no = filed.case.case_no
    referral_id, handle = await liaison.referral("judicial_confirmation", case_no=case_no)
    again = await liaison.admin.CreateReferral(
        admin_pb.CreateReferralRequest(
            referral_id=referral_id,
            case_no=case_no,
            workflow_id=handle.id,
            organisation_code="CT-LUZHOU",
            purpose="judicial_confirmation",
            summary="again",
        ),
        metadata=md(SYSTEM),
    )
    assert again.replayed
    await expect_status(
        liaison.admin.CreateReferral(admin_pb.CreateReferralRequest(referral_id="x"), metadata=md(COURT)),
        grpc.StatusCode.PERMISSION_DENIED,
    )
    listed = await liaison.stub.ListReferrals(liaison_pb2.ListReferralsRequest(), metadata=md(COURT))
    mine = [r for r in listed.referrals if r.referral_id == referral_id]
    assert mine and mine[0].purpose == "judicial_confirmation" and mine[0].status == "waiting"
    assert K.LIAISON_RESULT_KIND_JUDICIAL_CONFIRMATION_VALID in mine[0].allowed_kinds
    assert mine[0].summary == "东方世家3号楼漏水纠纷，业主与物业调解"
    other = await liaison.stub.ListReferrals(liaison_pb2.ListReferralsRequest(), metadata=md(OTHER_COURT))
    assert referral_id not in {r.referral_id for r in other.referrals}

    package = await liaison.stub.GetReferral(
        liaison_pb2.GetReferralRequest(referral_id=referral_id), metadata=md(COURT)
    )
    assert package.agreement_text == "物业于十日内修复漏水" and list(package.documents) == ["调解协议书.pdf"]
    assert [(p.role, p.name) for p in package.parties] == [("applicant", "张三"), ("respondent", "PC-DFSJ")]
    assert "138" not in str(package) and package.case_status == "RECEIVED"
    await expect_status(
        liaison.stub.GetReferral(liaison_pb2.GetReferralRequest(referral_id=referral_id), metadata=md(OTHER_COURT)),
        grpc.StatusCode.PERMISSION_DENIED,
        "not referred to your organisation",
    )
    await expect_status(
        liaison.stub.ListReferrals(liaison_pb2.ListReferralsRequest(), metadata=md(CASEWORKER)),
        grpc.StatusCode.PERMISSION_DENIED,
    )
    await expect_status(
        liaison.stub.GetReferral(liaison_pb2.GetReferralRequest(referral_id="nope"), metadata=md(COURT)),
        grpc.StatusCode.NOT_FOUND,
    )
    await liaison.intake.temporal.get_workflow_handle(filed.case.workflow_id).terminate("test over")
    await handle.signal(LiaisonProbeWorkflow.finish)


async def test_pull_list_pages_and_skips_closed_referrals(liaison: Liaison) -> None:
    ids = [(await liaison.referral("police", "PS-DONGJIE"))[0] for _ in range(3)]
    await liaison.admin.CloseReferral(
        admin_pb.CloseReferralRequest(referral_id=ids[1], status="withdrawn"), metadata=md(SYSTEM)
    )
    seen, token = [], ""
    while True:
        page = await liaison.stub.ListReferrals(
            liaison_pb2.ListReferralsRequest(page_size=1, page_token=token), metadata=md(POLICE)
        )
        seen += [r.referral_id for r in page.referrals]
        if not (token := page.next_page_token):
            break
    assert [i for i in seen if i in ids] == [ids[0], ids[2]]
    await expect_status(
        liaison.stub.ListReferrals(liaison_pb2.ListReferralsRequest(page_token="garbage!"), metadata=md(POLICE)),
        grpc.StatusCode.INVALID_ARGUMENT,
        "page_token",
    )


async def test_each_result_kind_is_stored_and_signalled(liaison: Liaison) -> None:
    jc, jc_handle = await liaison.referral("judicial_confirmation")
    lit, lit_handle = await liaison.referral("litigation")
    police, police_handle = await liaison.referral("police", "PS-DONGJIE")
    await liaison.stub.SubmitResult(submit(jc, K.LIAISON_RESULT_KIND_JUDICIAL_CONFIRMATION_APPLIED), metadata=md(COURT))
    for kind in (
        K.LIAISON_RESULT_KIND_JUDICIAL_CONFIRMATION_ACCEPTED,
        K.LIAISON_RESULT_KIND_JUDICIAL_CONFIRMATION_VALID,
    ):
        await liaison.stub.SubmitResult(submit(jc, kind, "(2026)晋0403民特12号"), metadata=md(COURT))
    filed = await liaison.stub.SubmitResult(
        submit(lit, K.LIAISON_RESULT_KIND_CASE_FILED, "（2026）晋0403民初123号"), metadata=md(COURT)
    )
    assert not filed.replayed and filed.reference_no == "（2026）晋0403民初123号"
    await liaison.stub.SubmitResult(
        submit(police, K.LIAISON_RESULT_KIND_POLICE_RESULT, "J140403010000202611290012", outcome="resolved"),
        metadata=md(POLICE),
    )
    jc_results = await received(jc_handle, 3)
    assert [r.kind for r in jc_results] == [
        "judicial_confirmation_applied",
        "judicial_confirmation_accepted",
        "judicial_confirmation_valid",
    ]
    assert jc_results[2].reference_no == "（2026）晋0403民特12号" and jc_results[2].organisation_code == "CT-LUZHOU"
    (case_filed,) = await received(lit_handle, 1)
    assert (case_filed.kind, case_filed.reference_no, case_filed.referral_id) == (
        "case_filed",
        "（2026）晋0403民初123号",
        lit,
    )
    (station,) = await received(police_handle, 1)
    assert (station.kind, station.outcome) == ("police_result", "resolved")
    declined_ref, declined_handle = await liaison.referral("litigation")
    await liaison.stub.SubmitResult(
        submit(declined_ref, K.LIAISON_RESULT_KIND_DECLINED, reason="不属于本院管辖"), metadata=md(COURT)
    )
    (declined,) = await received(declined_handle, 1)
    assert (declined.kind, declined.reason) == ("declined", "不属于本院管辖")
    for handle in (jc_handle, lit_handle, police_handle, declined_handle):
        await handle.signal(LiaisonProbeWorkflow.finish)


async def test_replays_give_the_same_answer_and_one_effect(liaison: Liaison) -> None:
    referral_id, handle = await liaison.referral("litigation")
    request = submit(referral_id, K.LIAISON_RESULT_KIND_CASE_FILED, "（2026）晋0403民初7号")
    first = await liaison.stub.SubmitResult(request, metadata=md(COURT))
    ascii_form = submit(
        referral_id, K.LIAISON_RESULT_KIND_CASE_FILED, "(2026)晋0403民初7号", message_id=request.message_id
    )
    again, concurrent = await asyncio.gather(
        liaison.stub.SubmitResult(ascii_form, metadata=md(COURT)),
        liaison.stub.SubmitResult(request, metadata=md(COURT)),
    )
    assert not first.replayed and again.replayed and concurrent.replayed
    assert again.received_at == first.received_at and again.case_status == first.case_status
    # The signal is sent again (a crash may have come between storing and signalling), the
    # workflow keeps one result.
    assert len(await received(handle, 1)) == 1
    assert await handle.query(LiaisonProbeWorkflow.signal_count) == 3
    conflicting = submit(
        referral_id, K.LIAISON_RESULT_KIND_CASE_FILED, "（2026）晋0403民初8号", message_id=request.message_id
    )
    await expect_status(
        liaison.stub.SubmitResult(conflicting, metadata=md(COURT)), grpc.StatusCode.ALREADY_EXISTS, "different result"
    )
    await expect_status(liaison.stub.SubmitResult(request, metadata=md(OTHER_COURT)), grpc.StatusCode.PERMISSION_DENIED)
    # Each system numbers its own messages: the station may use the court's id for its own result.
    police_ref, police_handle = await liaison.referral("police", "PS-DONGJIE")
    same_id = submit(
        police_ref,
        K.LIAISON_RESULT_KIND_POLICE_RESULT,
        "J140403010000202611290012",
        message_id=request.message_id,
        outcome="warning",
    )
    assert not (await liaison.stub.SubmitResult(same_id, metadata=md(POLICE))).replayed
    assert [r.organisation_code for r in await received(police_handle, 1)] == ["PS-DONGJIE"]
    for finished in (handle, police_handle):
        await finished.signal(LiaisonProbeWorkflow.finish)


async def test_bad_results_are_refused_and_change_nothing(liaison: Liaison) -> None:
    lit, handle = await liaison.referral("litigation")
    police, police_handle = await liaison.referral("police", "PS-DONGJIE")
    cases = [
        (
            submit(lit, K.LIAISON_RESULT_KIND_CASE_FILED, "2026晋0403民初123号"),
            COURT,
            grpc.StatusCode.INVALID_ARGUMENT,
            "reference_no",
        ),
        (
            submit(lit, K.LIAISON_RESULT_KIND_CASE_FILED, "（2026）晋0403民特1号"),
            COURT,
            grpc.StatusCode.INVALID_ARGUMENT,
            "民特",
        ),
        (submit(lit, K.LIAISON_RESULT_KIND_CASE_FILED), COURT, grpc.StatusCode.INVALID_ARGUMENT, "case number"),
        (
            submit(lit, K.LIAISON_RESULT_KIND_POLICE_RESULT, "J140403010000202611290012"),
            COURT,
            grpc.StatusCode.INVALID_ARGUMENT,
            "does not fit",
        ),
        (submit(lit, K.LIAISON_RESULT_KIND_DECLINED), COURT, grpc.StatusCode.INVALID_ARGUMENT, "reason"),
        (submit(lit, K.LIAISON_RESULT_KIND_UNSPECIFIED), COURT, grpc.StatusCode.INVALID_ARGUMENT, "kind"),
        (submit(lit, 42), COURT, grpc.StatusCode.INVALID_ARGUMENT, "kind"),
        (
            submit(lit, K.LIAISON_RESULT_KIND_DECLINED, reason="x", message_id="bad id"),
            COURT,
            grpc.StatusCode.INVALID_ARGUMENT,
            "message_id",
        ),
        (
            submit(police, K.LIAISON_RESULT_KIND_POLICE_RESULT, "J14040301000020261129001", outcome="resolved"),
            POLICE,
            grpc.StatusCode.INVALID_ARGUMENT,
            "incident number",
        ),
        (
            submit(police, K.LIAISON_RESULT_KIND_POLICE_RESULT, "J140403010000202611290012", outcome="done"),
            POLICE,
            grpc.StatusCode.INVALID_ARGUMENT,
            "outcome",
        ),
        (
            submit(lit, K.LIAISON_RESULT_KIND_CASE_FILED, "（2026）晋0403民初1号"),
            POLICE,
            grpc.StatusCode.PERMISSION_DENIED,
            "not referred",
        ),
        (
            submit(lit, K.LIAISON_RESULT_KIND_CASE_FILED, "（2026）晋0403民初1号"),
            OTHER_COURT,
            grpc.StatusCode.PERMISSION_DENIED,
            "not referred",
        ),
        (
            submit(lit, K.LIAISON_RESULT_KIND_CASE_FILED, "（2026）晋0403民初1号"),
            CASEWORKER,
            grpc.StatusCode.PERMISSION_DENIED,
            "liaison",
        ),
        (
            submit("no-such-referral", K.LIAISON_RESULT_KIND_DECLINED, reason="x"),
            COURT,
            grpc.StatusCode.NOT_FOUND,
            "referral",
        ),
    ]
    for request, who, code, text in cases:
        await expect_status(liaison.stub.SubmitResult(request, metadata=md(who)), code, text)
    # Nothing was stored: a refused message id may be used again for a good result.
    fixed = submit(lit, K.LIAISON_RESULT_KIND_CASE_FILED, "（2026）晋0403民初1号", message_id=cases[0][0].message_id)
    assert not (await liaison.stub.SubmitResult(fixed, metadata=md(COURT))).replayed
    assert await handle.query(LiaisonProbeWorkflow.signal_count) == 1
    assert await police_handle.query(LiaisonProbeWorkflow.signal_count) == 0
    for h in (handle, police_handle):
        await h.signal(LiaisonProbeWorkflow.finish)


async def test_late_results_are_refused_with_the_case_state(liaison: Liaison) -> None:
    closed, closed_handle = await liaison.referral("litigation")
    accepted = submit(closed, K.LIAISON_RESULT_KIND_CASE_FILED, "（2026）晋0403民初5号")
    await liaison.stub.SubmitResult(accepted, metadata=md(COURT))
    first = await liaison.admin.CloseReferral(
        admin_pb.CloseReferralRequest(referral_id=closed, status="answered"), metadata=md(SYSTEM)
    )
    again = await liaison.admin.CloseReferral(
        admin_pb.CloseReferralRequest(referral_id=closed, status="closed"), metadata=md(SYSTEM)
    )
    assert first.status == again.status == "answered"
    error = await expect_status(
        liaison.stub.SubmitResult(submit(closed, K.LIAISON_RESULT_KIND_DECLINED, reason="late"), metadata=md(COURT)),
        grpc.StatusCode.FAILED_PRECONDITION,
        "the referral is answered",
    )
    assert "case DJ-2026-999999 is" in (error.details() or "")
    # A replay of a result accepted before the closure still gets its stored answer.
    assert (await liaison.stub.SubmitResult(accepted, metadata=md(COURT))).replayed
    await closed_handle.signal(LiaisonProbeWorkflow.finish)

    ended, ended_handle = await liaison.referral("litigation")
    await ended_handle.signal(LiaisonProbeWorkflow.finish)
    await ended_handle.result()
    late = submit(ended, K.LIAISON_RESULT_KIND_CASE_FILED, "（2026）晋0403民初6号")
    await expect_status(
        liaison.stub.SubmitResult(late, metadata=md(COURT)), grpc.StatusCode.FAILED_PRECONDITION, "mediation has ended"
    )
    # Not stored: the same message id is refused the same way again, not replayed.
    await expect_status(
        liaison.stub.SubmitResult(late, metadata=md(COURT)), grpc.StatusCode.FAILED_PRECONDITION, "mediation has ended"
    )

"""Live three rates (GetRates) on known closed-case records, at the edges of a period in
Asia/Shanghai, on SQLite and PostgreSQL; and the takeover bundle's refusals."""

from __future__ import annotations

from datetime import UTC, datetime

import grpc
from fengqiao.evaluation.v1 import evaluation_pb2, registry_pb2, takeover_pb2, takeover_pb2_grpc

from services.common.db import Database
from services.common.identity import Identity
from services.evaluation.models import CaseOutcome, TakeoverBundle
from tests.helpers import CASEWORKER, CENTER, COMPANY, OTHER_CASEWORKER, md
from tests.integration.conftest import Evaluation, expect_status

PUBLIC = Identity("public:board", ("public",), (), "公开评价看板")
OCTOBER = {"period": "custom", "from_date": "2026-10-01", "to_date": "2026-10-31"}

# (case, community, company, responded on time, resolved, satisfaction, closed at UTC)
RECORDS = [
    ("DJ-A", "CM-DFSJ", "PC-DFSJ", True, True, "satisfied", datetime(2026, 9, 30, 16, 0, 0)),  # 10-01 00:00 CST
    ("DJ-B", "CM-DFSJ", "PC-DFSJ", True, True, "satisfied", datetime(2026, 9, 30, 15, 59, 59)),  # 09-30: out
    ("DJ-C", "CM-DFSJ", "PC-DFSJ", False, True, "no_answer", datetime(2026, 10, 31, 15, 59, 59)),  # 10-31 23:59
    ("DJ-D", "CM-DFSJ", "PC-DFSJ", True, True, "satisfied", datetime(2026, 10, 31, 16, 0, 0)),  # 11-01: out
    ("DJ-E", "CM-CPY", "PC-CPY", True, True, "fairly_satisfied", datetime(2026, 10, 10, 2, 0, 0)),
    ("DJ-F", "CM-FHJY", "PC-SHANGDANG", True, False, "unsatisfied", datetime(2026, 10, 12, 2, 0, 0)),
    ("DJ-G", "CM-DFSJ", "PC-DFSJ", True, True, "unsatisfied", datetime(2026, 10, 15, 2, 0, 0)),
]


async def _seed(evaluation: Evaluation) -> None:
    db = Database(evaluation.database_url)
    async with db.session() as session:
        for case_no, community, company, on_time, resolved, satisfaction, at in RECORDS:
            session.add(
                CaseOutcome(
                    case_no=case_no,
                    company_code=company,
                    community_code=community,
                    responded_on_time=on_time,
                    resolved=resolved,
                    satisfaction=satisfaction,
                    recorded_at=at.replace(tzinfo=UTC),
                )
            )
    await db.dispose()


def _numbers(r: evaluation_pb2.Rates) -> tuple[object, ...]:
    return (r.cases, r.responded_on_time, r.resolved, r.satisfied, r.answered, r.unreachable,
            r.response_rate, r.resolution_rate, r.satisfaction_rate)  # fmt: skip


async def test_rates_count_exactly_the_cases_closed_in_the_period(evaluation: Evaluation) -> None:
    await _seed(evaluation)
    rates = evaluation.evaluation.GetRates

    whole = await rates(
        evaluation_pb2.GetRatesRequest(scope_kind="subdistrict", scope_code="SD-DONGJIE", group_by="neighbourhood",
                                       with_cases=True, **OCTOBER),
        metadata=md(CENTER),
    )  # fmt: skip
    assert (whole.from_date, whole.to_date, whole.scope_name) == ("2026-10-01", "2026-10-31", "东街街道")
    # A, C, E, F, G: 4 on time; 4 resolved; 4 answered (C unreachable), 2 satisfied or fairly.
    assert _numbers(whole.total) == (5, 4, 4, 2, 4, 1, 0.8, 0.8, 0.5)
    assert [(r.code, r.name, r.cases) for r in whole.rows] == [
        ("NB-FUHOU", "府后社区", 1),
        ("NB-XIADONG", "下东社区", 4),
    ]
    assert [c.case_no for c in whole.cases] == ["DJ-C", "DJ-G", "DJ-F", "DJ-E", "DJ-A"]
    assert whole.cases[0].closed_at.startswith("2026-10-31T15:59:59")

    hood = await rates(
        evaluation_pb2.GetRatesRequest(scope_kind="neighbourhood", scope_code="NB-XIADONG", group_by="community", **OCTOBER),
        metadata=md(CASEWORKER),
    )  # fmt: skip
    assert _numbers(hood.total) == (4, 3, 4, 2, 3, 1, 0.75, 1.0, 0.6667)
    assert [(r.name, r.cases) for r in hood.rows] == [("常平苑", 1), ("东方世家", 3)]

    community = await rates(
        evaluation_pb2.GetRatesRequest(scope_kind="community", scope_code="CM-DFSJ", **OCTOBER), metadata=md(CASEWORKER)
    )
    company = await rates(
        evaluation_pb2.GetRatesRequest(scope_kind="company", scope_code="PC-DFSJ", **OCTOBER), metadata=md(COMPANY)
    )
    assert _numbers(community.total) == _numbers(company.total) == (3, 2, 3, 1, 2, 1, 0.6667, 1.0, 0.5)
    assert community.scope_name == "东方世家" and company.scope_name == "长治市东方物业服务有限公司"

    # One day: the first of October holds only A; the day before only B.
    for day, expected in (("2026-10-01", 1), ("2026-09-30", 1), ("2026-11-01", 1), ("2026-10-02", 0)):
        one = await rates(
            evaluation_pb2.GetRatesRequest(scope_kind="community", scope_code="CM-DFSJ", period="custom",
                                           from_date=day, to_date=day),
            metadata=md(CENTER),
        )  # fmt: skip
        assert one.total.cases == expected, day
    empty = await rates(
        evaluation_pb2.GetRatesRequest(scope_kind="company", scope_code="PC-ANJU", **OCTOBER), metadata=md(CENTER)
    )
    assert _numbers(empty.total) == (0, 0, 0, 0, 0, 0, 0.0, 0.0, 0.0)
    public = await rates(
        evaluation_pb2.GetRatesRequest(
            scope_kind="subdistrict", scope_code="SD-DONGJIE", group_by="company", **OCTOBER
        ),
        metadata=md(PUBLIC),
    )
    assert {r.code: r.cases for r in public.rows} == {"PC-CPY": 1, "PC-DFSJ": 3, "PC-SHANGDANG": 1}


async def test_rates_refuse_bad_periods_scopes_and_strangers(evaluation: Evaluation) -> None:
    rates = evaluation.evaluation.GetRates

    def ask(**kw: object) -> evaluation_pb2.GetRatesRequest:
        return evaluation_pb2.GetRatesRequest(**{"scope_kind": "community", "scope_code": "CM-DFSJ", **OCTOBER, **kw})

    bad = [
        (ask(scope_kind="city"), "scope_kind"),
        (ask(scope_code=""), "scope_code"),
        (ask(period="year"), "period"),
        (ask(from_date="2026-13-01"), "from_date"),
        (ask(from_date="2026-10-31", to_date="2026-10-01"), "to_date is before from_date"),
        (ask(from_date="2020-01-01", to_date="2026-01-01"), "at most"),
        (ask(group_by="street"), "group_by"),
    ]
    for request, words in bad:
        await expect_status(rates(request, metadata=md(CENTER)), grpc.StatusCode.INVALID_ARGUMENT, words)
    await expect_status(rates(ask(scope_code="CM-NONE"), metadata=md(CENTER)), grpc.StatusCode.NOT_FOUND, "CM-NONE")
    await expect_status(
        rates(ask(scope_kind="neighbourhood", scope_code="PC-DFSJ"), metadata=md(CENTER)), grpc.StatusCode.NOT_FOUND
    )
    for who, request in (
        (OTHER_CASEWORKER, ask()),
        (COMPANY, ask(scope_kind="company", scope_code="PC-CPY")),
        (PUBLIC, ask(scope_kind="subdistrict", scope_code="SD-DONGJIE", with_cases=True)),
        (PUBLIC, ask()),
    ):
        await expect_status(rates(request, metadata=md(who)), grpc.StatusCode.PERMISSION_DENIED, "scope")


async def test_a_takeover_naming_a_black_listed_or_busy_company_changes_nothing(evaluation: Evaluation) -> None:
    start = evaluation.registry.StartTakeover
    takeovers = takeover_pb2_grpc.TakeoverServiceStub(evaluation.channel)

    def bundle(**kw: object) -> registry_pb2.StartTakeoverRequest:
        base: dict[str, object] = {
            "bundle_id": "B-T1",
            "lead_company_code": "PC-DFSJ",
            "community_codes": ["CM-OLD-002"],
        }
        return registry_pb2.StartTakeoverRequest(**{**base, **kw})

    cases = [
        (bundle(lead_company_code="PC-HUIFENG"), grpc.StatusCode.INVALID_ARGUMENT, "black list"),
        (bundle(lead_company_code="PC-NONE"), grpc.StatusCode.NOT_FOUND, "PC-NONE"),
        (bundle(community_codes=[]), grpc.StatusCode.INVALID_ARGUMENT, "at least one community"),
        (bundle(community_codes=["CM-OLD-002", "CM-OLD-002"]), grpc.StatusCode.INVALID_ARGUMENT, "twice"),
        (bundle(community_codes=["CM-OLD-001"]), grpc.StatusCode.INVALID_ARGUMENT, "managed by PC-TAIHANG"),
        (bundle(community_codes=["CM-NOPE"]), grpc.StatusCode.NOT_FOUND, "CM-NOPE"),
        (bundle(probation_days=400), grpc.StatusCode.INVALID_ARGUMENT, "probation_days"),
    ]
    for request, code, words in cases:
        await expect_status(start(request, metadata=md(CENTER)), code, words)
    await expect_status(start(bundle(), metadata=md(CASEWORKER)), grpc.StatusCode.PERMISSION_DENIED, "street centre")
    # A bundle id already used for another proposal is refused before any workflow is started.
    db = Database(evaluation.database_url)
    async with db.session() as session:
        session.add(
            TakeoverBundle(id="B-T1", lead_company_code="PC-CPY", status="HANDOVER", created_at=datetime.now(UTC))
        )
    await db.dispose()
    await expect_status(start(bundle(), metadata=md(CENTER)), grpc.StatusCode.ALREADY_EXISTS, "another proposal")
    listed = await takeovers.ListTakeovers(takeover_pb2.ListTakeoversRequest(), metadata=md(CENTER))
    assert [(b.bundle_id, b.lead_company_code, list(b.communities)) for b in listed.bundles] == [("B-T1", "PC-CPY", [])]
    await expect_status(
        takeovers.ListTakeovers(takeover_pb2.ListTakeoversRequest(), metadata=md(CASEWORKER)),
        grpc.StatusCode.PERMISSION_DENIED,
    )
    board = await evaluation.registry.GetTakeoverBoard(
        registry_pb2.GetTakeoverBoardRequest(subdistrict_code="SD-DONGJIE"), metadata=md(CENTER)
    )
    # Nothing was handed over in any bundle: every old community is unmanaged on the board.
    assert (board.unmanaged, board.taken_over, board.well_managed) == (76, 0, 0)

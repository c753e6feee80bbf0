"""The evaluation service's gRPC API (registry and case outcomes) on SQLite and PostgreSQL."""

from __future__ import annotations

import grpc
from fengqiao.evaluation.v1 import evaluation_pb2, registry_pb2
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc

from services.common.identity import Identity
from tests.helpers import CASEWORKER, COMPANY, SYSTEM, md
from tests.integration.conftest import Evaluation, expect_status


async def test_resolves_communities_by_name_or_code(evaluation: Evaluation) -> None:
    by_name = await evaluation.registry.ResolveCommunity(
        registry_pb2.ResolveCommunityRequest(query="东方世家"), metadata=md(CASEWORKER)
    )
    by_code = await evaluation.registry.ResolveCommunity(
        registry_pb2.ResolveCommunityRequest(query="CM-DFSJ"), metadata=md(CASEWORKER)
    )
    assert by_name.community == by_code.community
    c = by_name.community
    assert (c.neighbourhood_code, c.company_code, c.residents) == ("NB-XIADONG", "PC-DFSJ", 10000)
    await expect_status(
        evaluation.registry.ResolveCommunity(
            registry_pb2.ResolveCommunityRequest(query="不存在小区"), metadata=md(CASEWORKER)
        ),
        grpc.StatusCode.NOT_FOUND,
        "不存在小区",
    )
    await expect_status(
        evaluation.registry.ResolveCommunity(registry_pb2.ResolveCommunityRequest(query=" "), metadata=md(CASEWORKER)),
        grpc.StatusCode.INVALID_ARGUMENT,
        "community is required",
    )


async def test_communities_page_through_the_whole_registry(evaluation: Evaluation) -> None:
    seen: list[registry_pb2.Community] = []
    token = ""
    while True:
        page = await evaluation.registry.ListCommunities(
            registry_pb2.ListCommunitiesRequest(page_size=30, page_token=token), metadata=md(CASEWORKER)
        )
        seen.extend(page.communities)
        token = page.next_page_token
        if not token:
            break
    assert len(seen) == 80 and len({c.code for c in seen}) == 80
    assert sum(c.is_old for c in seen) == 76  # the 75 old communities and 土地局小区
    orgs = await evaluation.registry.ListOrganisations(
        registry_pb2.ListOrganisationsRequest(kind="neighbourhood"), metadata=md(CASEWORKER)
    )
    assert {"NB-XIADONG", "NB-FUHOU"} <= {o.code for o in orgs.organisations}


async def test_calls_without_a_valid_identity_are_refused(evaluation: Evaluation) -> None:
    request = registry_pb2.ResolveCommunityRequest(query="东方世家")
    await expect_status(evaluation.registry.ResolveCommunity(request), grpc.StatusCode.UNAUTHENTICATED, "no identity")
    forged = md(Identity("admin", ("admin",)), key="not-the-key" * 3)
    await expect_status(
        evaluation.registry.ResolveCommunity(request, metadata=forged), grpc.StatusCode.UNAUTHENTICATED, "signature"
    )


async def test_case_outcomes_are_recorded_once_and_rated(evaluation: Evaluation) -> None:
    def outcome(case_no: str, satisfaction: str, on_time: bool = True) -> evaluation_pb2.RecordCaseOutcomeRequest:
        return evaluation_pb2.RecordCaseOutcomeRequest(
            case_no=case_no,
            company_code="PC-DFSJ",
            community_code="CM-DFSJ",
            responded_on_time=on_time,
            resolved=True,
            satisfaction=satisfaction,
        )

    await expect_status(
        evaluation.evaluation.RecordCaseOutcome(outcome("DJ-1", "satisfied"), metadata=md(CASEWORKER)),
        grpc.StatusCode.PERMISSION_DENIED,
    )
    await expect_status(
        evaluation.evaluation.RecordCaseOutcome(outcome("DJ-1", "happy"), metadata=md(SYSTEM)),
        grpc.StatusCode.INVALID_ARGUMENT,
        "satisfaction",
    )
    # The demo seed has recorded PC-DFSJ's 2026Q3 cases already: count on top of them.
    before = await evaluation.evaluation.GetCompanyRates(
        evaluation_pb2.GetCompanyRatesRequest(company_code="PC-DFSJ"), metadata=md(COMPANY)
    )
    n = before.cases
    responded, satisfied = round(before.response_rate * n), round(before.satisfaction_rate * n)
    assert (n, responded, before.resolution_rate, satisfied) == (12, 12, 1.0, 11)  # all 12 answered
    first = await evaluation.evaluation.RecordCaseOutcome(outcome("DJ-1", "satisfied"), metadata=md(SYSTEM))
    again = await evaluation.evaluation.RecordCaseOutcome(outcome("DJ-1", "unsatisfied"), metadata=md(SYSTEM))
    assert (first.replayed, again.replayed) == (False, True)
    await evaluation.evaluation.RecordCaseOutcome(outcome("DJ-2", "unsatisfied", on_time=False), metadata=md(SYSTEM))
    await evaluation.evaluation.RecordCaseOutcome(outcome("DJ-3", "no_answer"), metadata=md(SYSTEM))
    rates = await evaluation.evaluation.GetCompanyRates(
        evaluation_pb2.GetCompanyRatesRequest(company_code="PC-DFSJ"), metadata=md(COMPANY)
    )
    assert rates.cases == n + 3
    assert rates.response_rate == round((responded + 2) / (n + 3), 4)
    assert rates.resolution_rate == 1.0
    assert rates.satisfaction_rate == round((satisfied + 1) / (n + 2), 4)  # 1 satisfied of 2 more answered
    await expect_status(
        evaluation.evaluation.GetCompanyRates(
            evaluation_pb2.GetCompanyRatesRequest(company_code="PC-CPY"), metadata=md(COMPANY)
        ),
        grpc.StatusCode.PERMISSION_DENIED,
    )


async def test_health_and_reflection(evaluation: Evaluation) -> None:
    health = health_pb2_grpc.HealthStub(evaluation.channel)
    reply = await health.Check(health_pb2.HealthCheckRequest(service="fengqiao.evaluation.v1.RegistryService"))
    assert reply.status == health_pb2.HealthCheckResponse.SERVING
    stub = reflection_pb2_grpc.ServerReflectionStub(evaluation.channel)
    responses = stub.ServerReflectionInfo(iter([reflection_pb2.ServerReflectionRequest(list_services="")]))
    names = set()
    async for response in responses:
        names |= {s.name for s in response.list_services_response.service}
    assert {"fengqiao.evaluation.v1.RegistryService", "fengqiao.evaluation.v1.EvaluationService"} <= names

"""The gRPC edge of the evaluation service: proto <-> rows, rules, scope checks."""

from __future__ import annotations

from fengqiao.evaluation.v1 import evaluation_pb2, evaluation_pb2_grpc, registry_pb2, registry_pb2_grpc
from grpc import aio

from services.common.clock import utcnow
from services.common.errors import InvalidInput, NotFound, PermissionDenied
from services.common.grpc_server import current_identity, require_role
from services.common.messages import message_from, record_from
from services.common.paging import decode_token, encode_token, page_size
from services.common.scope import ADMIN, COMPANY, DISTRICT_CENTER, OPS, STREET_CENTER, SYSTEM
from services.evaluation import repository
from services.evaluation.domain import check_satisfaction, rates
from services.evaluation.models import CaseOutcome
from services.evaluation.pb import community_pb, organisation_pb
from services.evaluation.servicer_lists import ListMethods
from services.evaluation.servicer_rates import RateMethods
from services.evaluation.servicer_review import ReviewMethods
from services.evaluation.servicer_takeover import TakeoverMethods


class RegistryServicer(TakeoverMethods, registry_pb2_grpc.RegistryServiceServicer):
    """The registry is public knowledge inside the platform: any authenticated caller may read it."""

    async def ResolveCommunity(
        self, request: registry_pb2.ResolveCommunityRequest, context: aio.ServicerContext
    ) -> registry_pb2.ResolveCommunityResponse:
        query = request.query.strip()
        if not query:
            raise InvalidInput("community is required", field="community")
        async with self.db.session() as session:
            row = await repository.find_community(session, query)
        if row is None:
            raise NotFound(f"no community named or coded {query!r} in the registry", field="community")
        if row.retired_at is not None:
            raise NotFound(f"community {query!r} is retired from the registry", field="community")
        return registry_pb2.ResolveCommunityResponse(community=community_pb(row))

    async def ListCommunities(
        self, request: registry_pb2.ListCommunitiesRequest, context: aio.ServicerContext
    ) -> registry_pb2.ListCommunitiesResponse:
        limit = page_size(request.page_size)
        after = decode_token(request.page_token)
        async with self.db.session() as session:
            rows = await repository.list_communities(
                session, neighbourhood_code=request.neighbourhood_code, after_code=after, limit=limit + 1
            )
        token = encode_token(rows[limit - 1].code) if len(rows) > limit else ""
        return registry_pb2.ListCommunitiesResponse(
            communities=[community_pb(r) for r in rows[:limit]], next_page_token=token
        )

    async def GetOrganisation(
        self, request: registry_pb2.GetOrganisationRequest, context: aio.ServicerContext
    ) -> registry_pb2.GetOrganisationResponse:
        async with self.db.session() as session:
            row = await repository.get_organisation(session, request.code)
        if row is None:
            raise NotFound(f"no organisation with code {request.code!r}", field="code")
        return registry_pb2.GetOrganisationResponse(organisation=organisation_pb(row))

    async def ListOrganisations(
        self, request: registry_pb2.ListOrganisationsRequest, context: aio.ServicerContext
    ) -> registry_pb2.ListOrganisationsResponse:
        async with self.db.session() as session:
            rows = await repository.list_organisations(session, request.kind)
        return registry_pb2.ListOrganisationsResponse(organisations=[organisation_pb(r) for r in rows])


class EvaluationServicer(ReviewMethods, ListMethods, RateMethods, evaluation_pb2_grpc.EvaluationServiceServicer):
    async def RecordCaseOutcome(
        self, request: evaluation_pb2.RecordCaseOutcomeRequest, context: aio.ServicerContext
    ) -> evaluation_pb2.RecordCaseOutcomeResponse:
        require_role(SYSTEM, denied="only the case workflow records case outcomes")
        if not request.case_no:
            raise InvalidInput("case_no is required", field="case_no")
        check_satisfaction(request.satisfaction)
        async with self.db.session() as session:
            if await repository.get_case_outcome(session, request.case_no) is not None:
                return evaluation_pb2.RecordCaseOutcomeResponse(replayed=True)
            session.add(
                record_from(
                    CaseOutcome,
                    request,
                    recorded_at=utcnow(),
                    overdue_rectification_orders=max(0, request.overdue_rectification_orders),
                )
            )
        return evaluation_pb2.RecordCaseOutcomeResponse(replayed=False)

    async def GetCompanyRates(
        self, request: evaluation_pb2.GetCompanyRatesRequest, context: aio.ServicerContext
    ) -> evaluation_pb2.GetCompanyRatesResponse:
        identity = current_identity()
        wide = identity.has_role(STREET_CENTER, DISTRICT_CENTER, OPS, ADMIN, SYSTEM)
        own = identity.has_role(COMPANY) and request.company_code in identity.organisations
        if not (wide or own):
            raise PermissionDenied("a company's rates are for the centres and the company itself")
        async with self.db.session() as session:
            if await repository.get_organisation(session, request.company_code) is None:
                raise NotFound(f"no company with code {request.company_code!r}", field="company_code")
            counts = await repository.company_outcomes(session, request.company_code)
        return message_from(evaluation_pb2.GetCompanyRatesResponse, rates(*counts), company_code=request.company_code)

"""Activities of a consultation: who sits on the community's council, from the registry."""

from __future__ import annotations

from dataclasses import dataclass

from fengqiao.evaluation.v1 import registry_pb2, registry_pb2_grpc
from temporalio import activity

from contracts.consultation import CouncilSeat
from services.common.grpc_client import CallerMetadata
from workflows.service_calls import call


def seats_from_profile(profile: registry_pb2.GetCommunityProfileResponse) -> list[CouncilSeat]:
    """The five seats. The community party committee and the residents' committee are organised
    at the neighbourhood (社区党委, 居委会), so both seats are the neighbourhood's; a community has
    an owners' committee or, where none was elected, a property management committee — the
    missing one stays an empty seat."""
    community = profile.community
    bodies = {b.kind: b for b in profile.bodies}
    neighbourhood = community.neighbourhood_code

    def body(kind: str) -> CouncilSeat:
        found = bodies.get(kind)
        return CouncilSeat(kind, found.code, found.name) if found else CouncilSeat(kind, "")

    return [
        CouncilSeat("community_party_committee", neighbourhood, "社区党委"),
        CouncilSeat("residents_committee", neighbourhood, "社区居委会"),
        body("owners_committee"),
        body("management_committee"),
        CouncilSeat("property_company", community.company_code, ""),
    ]


@dataclass(frozen=True)
class ConsultationActivities:
    registry: registry_pb2_grpc.RegistryServiceStub
    caller_metadata: CallerMetadata

    @activity.defn
    async def council_seats(self, community_code: str) -> list[CouncilSeat]:
        profile = await call(
            self.registry.GetCommunityProfile,
            registry_pb2.GetCommunityProfileRequest(community_code=community_code),
            self.caller_metadata,
        )
        return seats_from_profile(profile)

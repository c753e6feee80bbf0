"""Activities of professional mediation (专业调): drawing the panel and computing due times.

Thin gRPC clients: the registry (evaluation service) says who holds posts in the organisations
involved; the mediation service applies the roster and the conflict rule, and owns the calendar.
The liaison activities (referrals, webhooks) live in liaison_activities.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC

from fengqiao.evaluation.v1 import registry_pb2, registry_pb2_grpc
from fengqiao.intake.v1 import intake_pb2, intake_pb2_grpc
from fengqiao.mediation.v1 import deadline_pb2, deadline_pb2_grpc, panel_pb2, panel_pb2_grpc
from temporalio import activity

from contracts.professional import CaseParticipants, Exclusion, Panel, PanelMember, PanelRequest
from services.common.grpc_client import CallerMetadata
from workflows.service_calls import call, request_of, timestamp

# The community's own bodies whose people may not mediate its disputes.
_INVOLVED_BODY_KINDS = ("owners_committee", "management_committee", "party_branch")


@dataclass(frozen=True)
class DueRequest:
    deadline_policy: str
    # ISO 8601 with offset: when the period starts.
    start: str
    extended: bool = False
    policy_version: str = ""
    # Answer "" when the policy version has no such deadline instead of failing.
    if_defined: bool = False


def involved_posts(profile: registry_pb2.GetCommunityProfileResponse) -> tuple[list[str], list[panel_pb2.InvolvedPost]]:
    """The organisations party to a community's dispute, and every post held in them."""
    orgs = [b.code for b in profile.bodies if b.kind in _INVOLVED_BODY_KINDS]
    if profile.community.company_code:
        orgs.append(profile.community.company_code)
    posts = [
        panel_pb2.InvolvedPost(person_id=p.person.id, org_code=post.org_code, org_kind=post.org_kind, post=post.post)
        for p in profile.people
        for post in p.posts
        if post.org_code in orgs
    ]
    return orgs, posts


@dataclass(frozen=True)
class ProfessionalActivities:
    registry: registry_pb2_grpc.RegistryServiceStub
    panels: panel_pb2_grpc.PanelServiceStub
    deadlines: deadline_pb2_grpc.DeadlineServiceStub
    intake: intake_pb2_grpc.IntakeServiceStub
    caller_metadata: CallerMetadata

    @activity.defn
    async def add_case_participants(self, participants: CaseParticipants) -> None:
        request = request_of(intake_pb2.AddCaseParticipantsRequest, participants)
        await call(self.intake.AddCaseParticipants, request, self.caller_metadata)

    @activity.defn
    async def draw_panel(self, request: PanelRequest) -> Panel:
        profile = await call(
            self.registry.GetCommunityProfile,
            registry_pb2.GetCommunityProfileRequest(community_code=request.community_code),
            self.caller_metadata,
        )
        orgs, posts = involved_posts(profile)
        drawn = await call(
            self.panels.DrawPanel,
            panel_pb2.DrawPanelRequest(
                mediation_id=request.mediation_id,
                case_type=request.case_type,
                involved_org_codes=orgs,
                involved_posts=posts,
            ),
            self.caller_metadata,
        )
        court, police = await self._liaison_organisations(profile.community.subdistrict_code)
        return Panel(
            members=[PanelMember(m.person_id, m.name, m.org_code, m.role) for m in drawn.members],
            excluded=[Exclusion(e.person_id, e.name, e.reason) for e in drawn.excluded],
            methods=list(drawn.methods),
            court_code=court,
            police_station_code=police,
        )

    async def _liaison_organisations(self, subdistrict_code: str) -> tuple[str, str]:
        """The court and police station of the subdistrict's district (first by code)."""
        subdistrict = await call(
            self.registry.GetOrganisation,
            registry_pb2.GetOrganisationRequest(code=subdistrict_code),
            self.caller_metadata,
        )
        district = subdistrict.organisation.parent_code
        found = []
        for kind in ("court", "police_station"):
            listed = await call(
                self.registry.ListOrganisations, registry_pb2.ListOrganisationsRequest(kind=kind), self.caller_metadata
            )
            found.append(next((o.code for o in listed.organisations if o.parent_code == district), ""))
        return found[0], found[1]

    @activity.defn
    async def compute_due(self, request: DueRequest) -> str:
        due = request_of(deadline_pb2.ComputeDueRequest, request, start=timestamp(request.start))
        response = await call(self.deadlines.ComputeDue, due, self.caller_metadata)
        if not response.HasField("due_at"):
            return ""  # if_defined, and the version has no such deadline
        return response.due_at.ToDatetime(tzinfo=UTC).isoformat()

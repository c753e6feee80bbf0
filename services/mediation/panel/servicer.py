"""The gRPC edge of panel drawing (专业调): the worker asks, staff may read the methods catalogue."""

from __future__ import annotations

from fengqiao.mediation.v1 import panel_pb2, panel_pb2_grpc
from grpc import aio

from services.common import scope
from services.common.grpc_server import current_identity, require_role
from services.mediation.panel.domain import Post, Roster, draw


class PanelServicer(panel_pb2_grpc.PanelServiceServicer):
    def __init__(self, roster: Roster, methods: tuple[str, ...]) -> None:
        self.roster = roster
        self.methods = methods

    async def DrawPanel(
        self, request: panel_pb2.DrawPanelRequest, context: aio.ServicerContext
    ) -> panel_pb2.DrawPanelResponse:
        # Panels are drawn by the professional mediation workflow; people see them on the case.
        require_role(scope.SYSTEM, denied="only the workflow worker draws panels")
        drawn = draw(
            self.roster,
            request.case_type,
            request.involved_org_codes,
            [Post(p.person_id, p.org_code, p.org_kind, p.post) for p in request.involved_posts],
        )
        return panel_pb2.DrawPanelResponse(
            members=[
                panel_pb2.PanelMember(person_id=m.person_id, name=m.name, org_code=m.org_code, role=m.role)
                for m in drawn.members
            ],
            excluded=[
                panel_pb2.PanelExclusion(person_id=e.member.person_id, name=e.member.name, reason=e.reason)
                for e in drawn.excluded
            ],
            methods=list(self.methods),
            roster_version=drawn.roster_version,
        )

    async def ListMethods(
        self, request: panel_pb2.ListMethodsRequest, context: aio.ServicerContext
    ) -> panel_pb2.ListMethodsResponse:
        current_identity()  # any authenticated caller
        return panel_pb2.ListMethodsResponse(methods=list(self.methods))

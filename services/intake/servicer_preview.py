"""PreviewComplaint: what filing would do with a complaint the caseworker is still typing — the
category its text suggests and the open cases of its community it would join or resembles."""

from __future__ import annotations

from fengqiao.intake.v1 import intake_pb2
from grpc import aio
from sqlmodel import col, select

from services.common import scope
from services.common.clock import utcnow
from services.common.errors import InvalidInput, PermissionDenied
from services.common.grpc_server import current_identity
from services.common.messages import message_from
from services.intake.address import resolve_building
from services.intake.catalogue import categories
from services.intake.classifier import suggest_category
from services.intake.filing import ComplaintFiler
from services.intake.grouping import JOINABLE_STATUSES, DuplicateKey, may_join, window_start
from services.intake.models import Case

CANDIDATES = 10
SUMMARY_CHARS = 60


class PreviewEdge:
    filer: ComplaintFiler

    async def PreviewComplaint(
        self, request: intake_pb2.PreviewComplaintRequest, context: aio.ServicerContext
    ) -> intake_pb2.PreviewComplaintResponse:
        identity = current_identity()
        if not scope.may_file(identity):
            raise PermissionDenied("complaints are filed by neighbourhood staff and the centres")
        if not request.community.strip():
            raise InvalidInput("community is required", field="community")
        known = categories()
        if request.category and request.category not in known:
            raise InvalidInput(f"no category {request.category!r} in the catalogue", field="category")
        community = await self.filer.resolve_community(request.community.strip())
        building = resolve_building(request.address, request.building, community.buildings, community.name)
        suggestion = suggest_category(request.content)
        category = request.category or suggestion.category
        key = DuplicateKey(community.code, building, category)
        since = window_start(utcnow(), self.filer.policy.duplicate_window)
        async with self.filer.db.session() as session:
            rows = (
                await session.exec(
                    select(Case)
                    .where(
                        Case.community_code == community.code,
                        Case.category == category,
                        col(Case.status).in_(JOINABLE_STATUSES),
                        col(Case.created_at) >= since,
                    )
                    .order_by(col(Case.created_at))
                    .limit(CANDIDATES)
                )
            ).all()
        # The case filing would join is the oldest open one of the same building (filing.py).
        joins = next((c.case_no for c in rows if c.building == building), "") if may_join(key) else ""
        return intake_pb2.PreviewComplaintResponse(
            community_code=community.code,
            community_name=community.name,
            building=building,
            suggested_category=suggestion.category,
            suggested_category_name=known[suggestion.category].name,
            suggested_probability=suggestion.probability,
            top=[
                intake_pb2.CategoryScore(category=s.category, name=known[s.category].name, probability=s.probability)
                for s in suggestion.top
                if s.category in known
            ],
            confident=suggestion.confident,
            category=category,
            candidates=[
                message_from(
                    intake_pb2.DuplicateCandidate,
                    c,
                    summary=c.content[:SUMMARY_CHARS]
                    if scope.sees_case(identity, neighbourhood_code=c.neighbourhood_code, company_code=c.company_code)
                    else "",
                    would_join=c.case_no == joins,
                )
                for c in rows
            ],
        )

"""TakeoverService: the takeover bundles and each community's step, for the console to follow."""

from __future__ import annotations

from collections import defaultdict

from fengqiao.evaluation.v1 import takeover_pb2, takeover_pb2_grpc
from grpc import aio
from sqlmodel import col, select

from contracts import takeover
from services.common import scope
from services.common.clock import as_utc
from services.common.errors import PermissionDenied
from services.common.grpc_server import current_identity
from services.evaluation.models import Community, Organisation, TakeoverBundle, TakeoverItem
from services.evaluation.servicer_base import ServicerBase
from services.evaluation.takeover_state import bundle_status, item_status


class TakeoverServicer(ServicerBase, takeover_pb2_grpc.TakeoverServiceServicer):
    async def ListTakeovers(
        self, request: takeover_pb2.ListTakeoversRequest, context: aio.ServicerContext
    ) -> takeover_pb2.ListTakeoversResponse:
        identity = current_identity()
        wide = identity.has_role(*scope.WIDE_ROLES)
        if not (wide or identity.has_role(scope.COMPANY)):
            raise PermissionDenied("takeover bundles are followed by the centres and the companies in them")
        async with self.db.session() as session:
            stmt = select(TakeoverBundle).order_by(col(TakeoverBundle.created_at).desc(), col(TakeoverBundle.id))
            if request.bundle_id:
                stmt = stmt.where(TakeoverBundle.id == request.bundle_id)
            if not wide:
                stmt = stmt.where(col(TakeoverBundle.lead_company_code).in_(identity.organisations))
            bundles = (await session.exec(stmt.limit(200))).all()
            ids = [b.id for b in bundles]
            items = (await session.exec(select(TakeoverItem).where(col(TakeoverItem.bundle_id).in_(ids)))).all()
            communities = {
                c.code: c
                for c in (
                    await session.exec(
                        select(Community).where(col(Community.code).in_({i.community_code for i in items}))
                    )
                ).all()
            }
            companies = dict(
                (
                    await session.exec(
                        select(Organisation.code, Organisation.name).where(
                            col(Organisation.code).in_({b.lead_company_code for b in bundles})
                        )
                    )
                ).all()
            )
        of_bundle: dict[str, list[TakeoverItem]] = defaultdict(list)
        for item in items:
            of_bundle[item.bundle_id].append(item)
        out = []
        for bundle in bundles:
            mine = sorted(of_bundle[bundle.id], key=lambda i: i.community_code)
            if request.subdistrict_code and not any(
                (c := communities.get(i.community_code)) is not None and c.subdistrict_code == request.subdistrict_code
                for i in mine
            ):
                continue
            out.append(
                takeover_pb2.TakeoverBundleView(
                    bundle_id=bundle.id,
                    lead_company_code=bundle.lead_company_code,
                    lead_company_name=companies.get(bundle.lead_company_code, bundle.lead_company_code),
                    status=bundle_status(mine),
                    created_at=as_utc(bundle.created_at).isoformat(),
                    workflow_id=takeover.workflow_id(bundle.id),
                    communities=[
                        takeover_pb2.TakeoverStep(
                            community_code=i.community_code,
                            community_name=c.name if (c := communities.get(i.community_code)) else i.community_code,
                            status=item_status(i),
                            handed_over_at=as_utc(i.handed_over_at).isoformat() if i.handed_over_at else "",
                            well_managed_at=as_utc(i.well_managed_at).isoformat() if i.well_managed_at else "",
                        )
                        for i in mine
                    ],
                )
            )
        return takeover_pb2.ListTakeoversResponse(bundles=out)

"""The filing half of the intake gRPC edge: complaints filed one by one or imported from the hotline."""

from __future__ import annotations

import asyncio
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from datetime import timedelta
from functools import cache

from fengqiao.evaluation.v1 import registry_pb2_grpc
from fengqiao.intake.v1 import intake_pb2
from grpc import aio

from services.common import scope
from services.common.clock import as_utc, utcnow
from services.common.db import Database
from services.common.errors import Conflict, InvalidInput, PermissionDenied
from services.common.grpc_client import CallerMetadata
from services.common.grpc_server import current_identity
from services.common.identity import SYSTEM_SERVICE, Identity
from services.intake import repository
from services.intake.case_pb import case_pb
from services.intake.channels import HOTLINE, ONLINE, validate_channel_facts
from services.intake.community_lookup import AddressCommunities
from services.intake.domain import validate_complaint, validate_idempotency_key
from services.intake.filing import ComplaintFiler
from services.intake.hotline_import import ANONYMOUS_CALLER, HotlineRow, parse_received_at, read_rows
from services.intake.public_pb import complaint_pb, photo_from_pb


@cache
def _parser() -> ProcessPoolExecutor:
    """One process that parses hotline exports. Reading a spreadsheet is seconds of pure-Python
    CPU: in a thread it would still hold the GIL against every other caller's request, so it runs
    in a process of its own (spawned: a forked gRPC server is unsafe), started on first use."""
    return ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))


class FilingEdge:
    """FileComplaint and the hotline import: both file through the same ComplaintFiler and rules."""

    db: Database
    registry: registry_pb2_grpc.RegistryServiceStub
    caller_metadata: CallerMetadata
    filer: ComplaintFiler

    async def FileComplaint(
        self, request: intake_pb2.FileComplaintRequest, context: aio.ServicerContext
    ) -> intake_pb2.FileComplaintResponse:
        identity = current_identity()
        check_may_file(identity, request.channel)
        key = validate_idempotency_key(request.idempotency_key)
        draft = validate_complaint(
            channel=request.channel,
            community=request.community,
            address=request.address,
            content=request.content,
            name=request.complainant.name,
            phone=request.complainant.phone,
            category=request.category,
        )
        facts = validate_channel_facts(
            draft.channel,
            external_ref=request.external_ref,
            location=(request.location.latitude, request.location.longitude) if request.HasField("location") else None,
            photos=[photo_from_pb(p) for p in request.photos],
            fields=dict(request.channel_fields),
        )
        received_at = as_utc(request.received_at.ToDatetime()) if request.HasField("received_at") else None
        filed = await self.filer.file(
            draft, facts, identity=identity, idempotency_key=key, building=request.building, received_at=received_at
        )
        return intake_pb2.FileComplaintResponse(
            case=case_pb(filed.case, identity), replayed=filed.replayed, complaint=complaint_pb(filed.complaint)
        )

    async def ImportHotlineOrders(
        self, request: intake_pb2.ImportHotlineOrdersRequest, context: aio.ServicerContext
    ) -> intake_pb2.ImportHotlineOrdersResponse:
        identity = current_identity()
        check_may_file(identity, HOTLINE)
        rows = await asyncio.get_running_loop().run_in_executor(
            _parser(), read_rows, request.content, request.file_name, dict(request.column_map)
        )
        resolver = await AddressCommunities.load(self.registry, self.caller_metadata(SYSTEM_SERVICE))
        results = [await self._import_row(row, identity, resolver) for row in rows]
        outcomes = [r.outcome for r in results]
        return intake_pb2.ImportHotlineOrdersResponse(
            rows=results,
            taken=outcomes.count("taken"),
            already_imported=outcomes.count("already_imported"),
            refused=outcomes.count("refused"),
        )

    async def _import_row(
        self, row: HotlineRow, identity: Identity, resolver: AddressCommunities
    ) -> intake_pb2.ImportRowResult:
        """Files one row through the same rules as FileComplaint; a refusal stores nothing."""
        f = row.fields
        result = intake_pb2.ImportRowResult(row=row.row, external_ref=f.get("external_ref", ""))
        try:
            received_at = parse_received_at(f.get("received_at", ""))
            draft = validate_complaint(
                channel=HOTLINE,
                community=f.get("community") or resolver.community_in(f.get("address", "")),
                address=f.get("address", ""),
                content=f.get("content", ""),
                name=f.get("name") or ANONYMOUS_CALLER,
                phone=f.get("phone", ""),
                category=f.get("category", ""),
            )
            facts = validate_channel_facts(
                HOTLINE, external_ref=f.get("external_ref", ""), location=None, photos=[], fields={}
            )
            filed = await self.filer.file(
                draft, facts, identity=identity, idempotency_key="", building=0, received_at=received_at
            )
        except Conflict as exc:
            result.outcome, result.field, result.message = "already_imported", exc.field or "", exc.message
            result.case_no = str(exc.details.get("case_no", ""))
            return result
        except InvalidInput as exc:
            result.outcome, result.field, result.message = "refused", exc.field or "", exc.message
            return result
        result.outcome = "already_imported" if filed.replayed else "taken"
        result.case_no, result.receipt_no = filed.case.case_no, filed.complaint.receipt_no
        result.joined_existing = filed.complaint.joined_existing
        if filed.replayed:
            result.message = f"order {facts.external_ref} was imported before as case {filed.case.case_no}"
        return result

    async def reconcile_once(self) -> int:
        """Starts the workflows of cases stored but not started (crash or Temporal outage)."""
        async with self.db.session() as session:
            pending = await repository.cases_awaiting_workflow(session, utcnow() - timedelta(seconds=5))
        for case in pending:
            await self.filer.start_workflow(case)
        return len(pending)


def check_may_file(identity: Identity, channel: str) -> None:
    """Staff file on any channel; a member of the public only through the online channel."""
    if scope.may_file(identity):
        return
    if identity.has_role(scope.RESIDENT) and channel == ONLINE:
        return
    roles = ", ".join(identity.roles) or "none"
    raise PermissionDenied(f"role(s) {roles} may not file {channel or 'these'} complaints")

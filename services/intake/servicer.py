"""The gRPC edge of intake: proto <-> domain, scope checks, the filing transaction.

One servicer made of three parts by job: filing (servicer_filing), reads (servicer_reads) and
changes to stored cases (servicer_changes)."""

from __future__ import annotations

from fengqiao.evaluation.v1 import registry_pb2_grpc
from fengqiao.intake.v1 import intake_pb2_grpc
from temporalio.client import Client

from services.common.db import Database
from services.common.grpc_client import CallerMetadata
from services.intake.filing import ComplaintFiler, FilingPolicy
from services.intake.servicer_changes import CaseChanges
from services.intake.servicer_filing import FilingEdge
from services.intake.servicer_reads import CaseReads


class IntakeServicer(FilingEdge, CaseReads, CaseChanges, intake_pb2_grpc.IntakeServiceServicer):
    def __init__(
        self,
        db: Database,
        registry: registry_pb2_grpc.RegistryServiceStub,
        caller_metadata: CallerMetadata,
        temporal: Client,
        task_queue: str,
        policy: FilingPolicy,
    ) -> None:
        self.db = db
        self.registry = registry
        self.caller_metadata = caller_metadata
        self.filer = ComplaintFiler(db, registry, caller_metadata, temporal, task_queue, policy)

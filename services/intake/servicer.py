"""The gRPC edge of intake: proto <-> domain, scope checks, the filing transaction.

One servicer made of three parts by job: filing (servicer_filing), reads (servicer_reads) and
changes to stored cases (servicer_changes)."""

from __future__ import annotations

from fengqiao.intake.v1 import intake_pb2_grpc

from services.intake.filing import ComplaintFiler
from services.intake.servicer_changes import CaseChanges
from services.intake.servicer_filing import FilingEdge
from services.intake.servicer_preview import PreviewEdge
from services.intake.servicer_reads import CaseReads
from services.intake.servicer_suggestion import SuggestionEdge


class IntakeServicer(
    FilingEdge, PreviewEdge, CaseReads, CaseChanges, SuggestionEdge, intake_pb2_grpc.IntakeServiceServicer
):
    def __init__(self, filer: ComplaintFiler) -> None:
        """Every part reads through the filer's database and registry, so there is one of each."""
        self.filer = filer
        self.db = filer.db
        self.registry = filer.registry
        self.caller_metadata = filer.caller_metadata

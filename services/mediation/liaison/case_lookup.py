"""What the liaison side needs to know of a case from the intake service: its status and parties."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import grpc
from fengqiao.intake.v1 import intake_pb2, intake_pb2_grpc

from services.common.grpc_client import CallerMetadata
from services.common.identity import SYSTEM_SERVICE

log = logging.getLogger("fengqiao.mediation.liaison")

_TIMEOUT = 5.0


@dataclass(frozen=True)
class CaseFacts:
    status: str = ""
    # (role, name): the complainant applies, the property company responds. Never phone numbers.
    parties: list[tuple[str, str]] = field(default_factory=list)


class CaseLookup:
    def __init__(self, intake: intake_pb2_grpc.IntakeServiceStub, caller_metadata: CallerMetadata) -> None:
        self._intake = intake
        self._md = caller_metadata

    async def facts(self, case_no: str) -> CaseFacts:
        """The case's status and parties; empty when intake does not know the case or cannot
        answer (the referral package still carries its own summary and agreement)."""
        try:
            reply = await self._intake.GetCase(
                intake_pb2.GetCaseRequest(case_no=case_no, without_timeline=True),
                metadata=self._md(SYSTEM_SERVICE),
                timeout=_TIMEOUT,
            )
        except grpc.aio.AioRpcError as exc:
            log.warning("case facts unavailable", extra={"case_no": case_no, "code": exc.code().name})
            return CaseFacts(status="UNKNOWN" if exc.code() != grpc.StatusCode.NOT_FOUND else "")
        case = reply.case
        parties = [("applicant", case.complainant.name)] if case.complainant.name else []
        if case.company_code:
            parties.append(("respondent", case.company_code))
        return CaseFacts(status=case.status, parties=parties)

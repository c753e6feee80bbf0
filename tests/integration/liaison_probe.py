"""A stand-in for ProfessionalMediationWorkflow in the liaison tests: it only records the liaison
results signalled to it (deduplicated by message id, as the real workflow does) and how many
signals came, until told to finish."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from temporalio import workflow
from temporalio.common import RetryPolicy

with workflow.unsafe.imports_passed_through():
    from contracts.professional import (
        LIAISON_RESULT_SIGNAL,
        LiaisonResult,
        ReferralClosure,
        ReferralRequest,
    )


@workflow.defn(name="LiaisonProbeWorkflow")
class LiaisonProbeWorkflow:
    def __init__(self) -> None:
        self.results: dict[str, LiaisonResult] = {}
        self.signals = 0
        self.finished = False

    @workflow.run
    async def run(self) -> int:
        await workflow.wait_condition(lambda: self.finished)
        return len(self.results)

    @workflow.signal(name=LIAISON_RESULT_SIGNAL)
    def liaison_result(self, result: LiaisonResult) -> None:
        self.signals += 1
        self.results.setdefault(result.message_id, result)

    @workflow.signal
    def finish(self) -> None:
        self.finished = True

    @workflow.query
    def received(self) -> list[LiaisonResult]:
        return list(self.results.values())

    @workflow.query
    def signal_count(self) -> int:
        return self.signals


@dataclass(frozen=True)
class ReferAndNotify:
    referral: ReferralRequest
    max_attempts: int = 4


@workflow.defn(name="ReferAndNotifyProbeWorkflow")
class ReferAndNotifyProbeWorkflow:
    """Calls the liaison activities by name the way ProfessionalMediationWorkflow does: record the
    referral, notify the organisation (with retries and backoff), close the referral."""

    @workflow.run
    async def run(self, job: ReferAndNotify) -> None:
        await workflow.execute_activity("create_referral", job.referral, start_to_close_timeout=timedelta(seconds=10))
        await workflow.execute_activity(
            "notify_liaison",
            job.referral.referral_id,
            start_to_close_timeout=timedelta(seconds=15),
            retry_policy=RetryPolicy(
                initial_interval=timedelta(milliseconds=200), backoff_coefficient=2.0, maximum_attempts=job.max_attempts
            ),
        )
        await workflow.execute_activity(
            "close_referral",
            ReferralClosure(job.referral.referral_id, "withdrawn"),
            start_to_close_timeout=timedelta(seconds=10),
        )

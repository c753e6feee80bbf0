"""The liaison admin API over gRPC (webhook endpoints and their delivery attempts) and the liaison
tables' migration against the models."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import grpc
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from fengqiao.mediation.v1 import liaison_admin_pb2 as admin_pb
from fengqiao.mediation.v1 import liaison_pb2
from sqlalchemy import create_engine
from sqlmodel import SQLModel

from services.common.identity import Identity
from services.common.migrations import upgrade
from services.mediation import models  # noqa: F401 - the liaison tables in SQLModel.metadata
from tests.helpers import OPS, SYSTEM, md
from tests.integration.conftest import Liaison, expect_status
from tests.integration.liaison_probe import LiaisonProbeWorkflow

COURT = Identity("apikey:court", ("court_liaison",), ("CT-LUZHOU",), "court")
OTHER_COURT = Identity("apikey:other-court", ("court_liaison",), ("CT-CHANGZHI",), "other court")
POLICE = Identity("apikey:police", ("police_liaison",), ("PS-DONGJIE",), "police")
ADMIN = Identity("admin", ("admin",), ("SD-DONGJIE",), "admin")
K = liaison_pb2.LiaisonResultKind


async def test_webhook_endpoints_and_attempts(liaison: Liaison) -> None:
    referral_id, handle = await liaison.referral("litigation")
    target = await liaison.admin.GetWebhookTarget(
        admin_pb.GetWebhookTargetRequest(referral_id=referral_id), metadata=md(SYSTEM)
    )
    assert target.url == "" and target.case_no == "DJ-2026-999999"
    bad = [
        (
            admin_pb.SetWebhookEndpointRequest(
                organisation_code="CT-LUZHOU", url="http://court.example/hook", secret="s" * 20
            ),
            "https",
        ),
        (
            admin_pb.SetWebhookEndpointRequest(
                organisation_code="CT-LUZHOU", url="https://court.example/hook", secret="short"
            ),
            "secret",
        ),
        (admin_pb.SetWebhookEndpointRequest(organisation_code="CT-LUZHOU", url="ftp://x", secret="s" * 20), "url"),
    ]
    for request, text in bad:
        await expect_status(
            liaison.admin.SetWebhookEndpoint(request, metadata=md(ADMIN)), grpc.StatusCode.INVALID_ARGUMENT, text
        )
    good = admin_pb.SetWebhookEndpointRequest(
        organisation_code="CT-LUZHOU", url="https://court.example/hook", secret="s" * 20
    )
    await expect_status(liaison.admin.SetWebhookEndpoint(good, metadata=md(COURT)), grpc.StatusCode.PERMISSION_DENIED)
    await liaison.admin.SetWebhookEndpoint(good, metadata=md(ADMIN))
    target = await liaison.admin.GetWebhookTarget(
        admin_pb.GetWebhookTargetRequest(referral_id=referral_id), metadata=md(SYSTEM)
    )
    assert (target.url, target.secret) == ("https://court.example/hook", "s" * 20)
    await expect_status(
        liaison.admin.GetWebhookTarget(admin_pb.GetWebhookTargetRequest(referral_id=referral_id), metadata=md(OPS)),
        grpc.StatusCode.PERMISSION_DENIED,
    )
    await liaison.admin.RecordWebhookAttempt(
        admin_pb.RecordWebhookAttemptRequest(
            delivery_id="d-1",
            referral_id=referral_id,
            organisation_code="CT-LUZHOU",
            url=target.url,
            attempt=1,
            outcome="failed",
            status_code=503,
            error="HTTP 503",
            duration_ms=12,
        ),
        metadata=md(SYSTEM),
    )
    attempts = await liaison.admin.ListWebhookAttempts(admin_pb.ListWebhookAttemptsRequest(), metadata=md(OPS))
    assert [(a.delivery_id, a.status_code, a.outcome) for a in attempts.attempts if a.referral_id == referral_id] == [
        ("d-1", 503, "failed")
    ]
    await liaison.admin.SetWebhookEndpoint(
        admin_pb.SetWebhookEndpointRequest(organisation_code="CT-LUZHOU"), metadata=md(ADMIN)
    )
    target = await liaison.admin.GetWebhookTarget(
        admin_pb.GetWebhookTargetRequest(referral_id=referral_id), metadata=md(SYSTEM)
    )
    assert target.url == ""
    await handle.signal(LiaisonProbeWorkflow.finish)


def test_the_liaison_migration_matches_the_models(tmp_path: Path) -> None:
    """0003_liaison creates exactly the tables, columns and indexes the liaison models declare."""
    db = tmp_path / "mediation.db"
    upgrade("mediation", f"sqlite+aiosqlite:///{db}")
    with create_engine(f"sqlite:///{db}").connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), SQLModel.metadata)
    ours = {"referral", "liaison_result", "webhook_endpoint", "webhook_attempt"}

    def table_of(d: Any) -> str:
        change = d[0] if isinstance(d, list) else d
        target = change[1]
        return str(getattr(target, "name", "") if not hasattr(target, "table") else target.table.name)

    assert [d for d in diff if table_of(d) in ours] == []

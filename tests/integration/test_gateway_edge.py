"""The gateway's abuse controls with two replicas over one gateway database (issue #18): rate
limits and sign-in lockouts count once for every replica, X-Forwarded-For is believed only from
configured proxies, and an admin lifts an account's lockout (audited)."""

from __future__ import annotations

import uuid
from contextlib import AsyncExitStack
from datetime import UTC, datetime, timedelta

from sqlmodel import select

from services.common.db import Database
from services.gateway import counters
from services.gateway.models import AuditEntry
from tests.integration.gateway_replicas import exit_stack, gateway_db, replicas, sign_in

__all__ = ["exit_stack", "gateway_db"]  # fixtures this module's tests use

COMPLAINT = {
    "community": "东方世家",
    "address": "1号楼",
    "content": "楼道灯坏了",
    "complainant": {"name": "张三", "phone": "13800138000"},
}


async def test_the_public_limit_holds_across_replicas_and_ignores_forged_forwarding(
    gateway_db: str, exit_stack: AsyncExitStack
) -> None:
    a, b = await replicas(exit_stack, gateway_db, "203.0.113.5", public_filings_per_minute=2)
    codes = []
    for i in range(4):
        # A different made-up X-Forwarded-For each time, from a peer that is no trusted proxy.
        forged = {"X-Forwarded-For": f"198.51.100.{i}"}
        codes.append(
            (await (a, b)[i % 2].post("/api/v1/public/complaints", json=COMPLAINT, headers=forged)).status_code
        )
    assert codes[:2] == [503, 503] and codes[2:] == [429, 429], codes


async def test_forwarded_clients_behind_a_trusted_proxy_have_their_own_limits(
    gateway_db: str, exit_stack: AsyncExitStack
) -> None:
    (proxy,) = await replicas(
        exit_stack, gateway_db, "10.0.0.2", count=1, public_filings_per_minute=1, trusted_proxies="10.0.0.0/8"
    )
    for i in range(3):
        client = {"X-Forwarded-For": f"198.51.100.{i}"}
        assert (await proxy.post("/api/v1/public/complaints", json=COMPLAINT, headers=client)).status_code == 503
    again = await proxy.post("/api/v1/public/complaints", json=COMPLAINT, headers={"X-Forwarded-For": "198.51.100.0"})
    assert again.status_code == 429


async def test_a_limit_holds_across_a_window_end_while_other_clients_open_new_windows(gateway_db: str) -> None:
    # One filing a tenth of a second before a minute ends; another client's first filing just after
    # it opens a new window, which drops the windows nobody needs. The first client's window must
    # survive that: its second filing, 0.2 s later, still weighs it and is refused.
    end = datetime(2026, 12, 3, 8, 0, tzinfo=UTC)
    db = Database(gateway_db)
    try:
        assert (await counters.sliding_hit(db, "edge-test:a", 60, 1, end - timedelta(seconds=0.1)))[0]
        assert (await counters.sliding_hit(db, "edge-test:b", 60, 1, end + timedelta(seconds=0.05)))[0]
        allowed, wait = await counters.sliding_hit(db, "edge-test:a", 60, 1, end + timedelta(seconds=0.1))
    finally:
        await db.dispose()
    assert not allowed and 59 < wait <= 60, (allowed, wait)


async def test_an_account_locked_on_one_replica_is_locked_on_all_until_an_admin_lifts_it(
    gateway_db: str, exit_stack: AsyncExitStack
) -> None:
    a, b = await replicas(exit_stack, gateway_db, "203.0.113.7", sign_in_failures_per_account=3)
    admin = {"Authorization": f"Bearer {(await sign_in(a, 'admin')).json()['access_token']}"}
    for i in range(3):
        assert (await sign_in((a, b)[i % 2], "mediator.1", "wrong")).status_code == 401
    locked = await sign_in(b, "mediator.1")  # the right password, after too many wrong ones
    assert locked.status_code == 429 and locked.json()["error"]["code"] == "locked_out", locked.text
    assert "admin" in locked.json()["error"]["message"]
    lifted = await a.post("/api/v1/admin/sign-in-lockouts/mediator.1/lift", headers=admin)
    assert lifted.status_code == 200 and lifted.json() == {"username": "mediator.1", "lifted": True}
    assert (await sign_in(b, "mediator.1")).status_code == 200
    ops = {"Authorization": f"Bearer {(await sign_in(a, 'ops')).json()['access_token']}"}
    assert (await a.post("/api/v1/admin/sign-in-lockouts/admin/lift", headers=ops)).status_code == 403
    db = Database(gateway_db)
    try:
        entries = await db.fetch_all(select(AuditEntry).where(AuditEntry.action == "sign_in_lockout_lift"))
    finally:
        await db.dispose()
    assert [(e.actor, e.target) for e in entries] == [("admin", "user:mediator.1")]


async def test_a_client_guessing_many_accounts_is_locked_out(gateway_db: str, exit_stack: AsyncExitStack) -> None:
    (guesser,) = await replicas(exit_stack, gateway_db, "203.0.113.8", count=1, sign_in_failures_per_client=5)
    (other,) = await replicas(exit_stack, gateway_db, "203.0.113.9", count=1)
    for _ in range(5):
        assert (await sign_in(guesser, f"user-{uuid.uuid4().hex[:8]}", "guess")).status_code == 401
    assert (await sign_in(guesser, "admin")).status_code == 429
    assert (await sign_in(other, "admin")).status_code == 200

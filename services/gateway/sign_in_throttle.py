"""Failed sign-ins, counted per account and per client in the gateway's database (every replica
sees them): past the limit of either, sign-in is refused with 429 — even with the right password —
until the failures age out or an admin lifts the account's lockout (audited)."""

from __future__ import annotations

import logging
from datetime import timedelta

from services.common.clock import utcnow
from services.gateway import counters
from services.gateway.deps import Backends
from services.gateway.errors import ApiError

log = logging.getLogger("fengqiao.gateway.auth")


def account_key(username: str) -> str:
    return f"sign-in:account:{username[:64]}"


def client_key(client: str) -> str:
    return f"sign-in:client:{client[:64]}"


async def _recent(backends: Backends, key: str) -> tuple[int, float]:
    """Failures in this window and the one before (a lockout never ends just because a window
    turned over), and the seconds until the count could fall below the limit."""
    seconds = backends.settings.sign_in_window_minutes * 60
    now = utcnow()
    current, left = await counters.count(backends.db, key, seconds, now)
    before, _ = await counters.count(backends.db, key, seconds, now - timedelta(seconds=seconds))
    return current + before, left + (seconds if current else 0)


async def refuse_when_locked_out(backends: Backends, username: str, client: str) -> None:
    """ApiError 429 when the account or the client has failed too often lately."""
    s = backends.settings
    for key, most, whose in (
        (account_key(username), s.sign_in_failures_per_account, "this account"),
        (client_key(client), s.sign_in_failures_per_client, "this client"),
    ):
        failures, wait = await _recent(backends, key)
        if failures >= most:
            log.warning("sign-in locked out", extra={"key": key, "failures": failures})
            raise ApiError(
                429,
                "locked_out",
                f"too many failed sign-ins for {whose}; try again in {wait / 60:.0f} min, or ask an admin to lift the lockout",
                {"retry_after_seconds": round(wait, 1)},
            )


async def count_failure(backends: Backends, username: str, client: str) -> None:
    seconds = backends.settings.sign_in_window_minutes * 60
    await counters.hit(backends.db, account_key(username), seconds)
    await counters.hit(backends.db, client_key(client), seconds)


async def lift(backends: Backends, username: str) -> int:
    """Forgets the account's failed sign-ins; returns how many windows of them there were."""
    return await counters.clear(backends.db, account_key(username))

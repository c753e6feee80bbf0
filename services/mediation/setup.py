"""One-shot setup of the mediation service: migrate its database."""

from __future__ import annotations

from services.common.migrations import upgrade_async


async def migrate(database_url: str) -> None:
    await upgrade_async("mediation", database_url)

"""API keys of systems (Open311 clients, liaisons): hashing, lookup, and the demo keys."""

from __future__ import annotations

import hashlib

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from services.common import scope
from services.common.clock import utcnow
from services.common.db import Database
from services.common.identity import Identity
from services.gateway.models import ApiKey

OPEN311 = "open311"
# (key, name, purpose, roles, organisations) — DESIGN.md "Demo API keys".
DEMO_API_KEYS: tuple[tuple[str, str, str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("demo-open311-key", "open311-demo", OPEN311, (scope.RESIDENT,), ()),
)


def hash_api_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


async def identity_for_key(db: Database, key: str, purpose: str, *, development: bool) -> Identity | None:
    """The identity a valid, active key of this purpose stands for; None otherwise. Demo keys
    are refused outside development."""
    if not key or len(key) > 200:
        return None
    async with db.session() as session:
        row = await session.get(ApiKey, hash_api_key(key))
    if row is None or not row.is_active or row.purpose != purpose or (row.is_demo and not development):
        return None
    return Identity(
        subject=f"apikey:{row.name}",
        roles=tuple(r for r in row.roles.split(",") if r),
        organisations=tuple(o for o in row.organisations.split(",") if o),
        display_name=row.name,
    )


async def seed_demo_api_keys(session: AsyncSession) -> int:
    """Adds the demo keys that are missing; returns how many were added."""
    existing = set((await session.exec(select(ApiKey.name))).all())
    added = 0
    for key, name, purpose, roles, orgs in DEMO_API_KEYS:
        if name in existing:
            continue
        session.add(
            ApiKey(
                key_hash=hash_api_key(key),
                name=name,
                purpose=purpose,
                roles=",".join(roles),
                organisations=",".join(orgs),
                is_demo=True,
                created_at=utcnow(),
            )
        )
        added += 1
    return added

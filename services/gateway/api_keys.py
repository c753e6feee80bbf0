"""API keys of systems (Open311 clients, liaisons): hashing, lookup, and the demo keys."""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from services.common import scope
from services.common.clock import utcnow
from services.common.db import Database
from services.common.identity import Identity
from services.gateway.errors import ApiError
from services.gateway.models import ApiKey

OPEN311 = "open311"
LIAISON = "liaison"
PURPOSES = (OPEN311, LIAISON)
# What each purpose's keys may act as.
ROLES_FOR_PURPOSE = {OPEN311: (scope.RESIDENT,), LIAISON: (scope.COURT_LIAISON, scope.POLICE_LIAISON)}
# (key, name, purpose, roles, organisations) — DESIGN.md "Demo API keys".
DEMO_API_KEYS: tuple[tuple[str, str, str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("demo-open311-key", "open311-demo", OPEN311, (scope.RESIDENT,), ()),
    ("demo-court-key", "court-demo", LIAISON, (scope.COURT_LIAISON,), ("CT-LUZHOU",)),
    ("demo-police-key", "police-demo", LIAISON, (scope.POLICE_LIAISON,), ("PS-DONGJIE",)),
)
KEY_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,63}$")
ORGANISATION_CODE = re.compile(r"^[A-Z]{2}-[A-Z0-9-]{2,29}$")


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


def new_key() -> str:
    """A fresh key: a recognisable prefix and 256 random bits."""
    return "fqk_" + secrets.token_urlsafe(32)


@dataclass(frozen=True)
class KeySpec:
    name: str
    purpose: str
    role: str
    organisation_code: str = ""


def check_spec(spec: KeySpec) -> KeySpec:
    """A key's name, purpose, role and organisation, checked; raises a 422 naming the field."""
    if not KEY_NAME.match(spec.name):
        raise ApiError(
            422,
            "invalid_argument",
            "name must be 3–64 of a–z 0–9 . _ - starting with a letter or digit",
            {"field": "name"},
        )
    if spec.purpose not in PURPOSES:
        raise ApiError(422, "invalid_argument", f"purpose must be one of {', '.join(PURPOSES)}", {"field": "purpose"})
    roles = ROLES_FOR_PURPOSE[spec.purpose]
    if spec.role not in roles:
        raise ApiError(
            422, "invalid_argument", f"a {spec.purpose} key acts as one of {', '.join(roles)}", {"field": "role"}
        )
    if spec.purpose == LIAISON and not ORGANISATION_CODE.match(spec.organisation_code):
        raise ApiError(
            422,
            "invalid_argument",
            "a liaison key needs its organisation's code, e.g. CT-LUZHOU",
            {"field": "organisation_code"},
        )
    if spec.purpose == OPEN311 and spec.organisation_code:
        raise ApiError(
            422, "invalid_argument", "an open311 key belongs to no organisation", {"field": "organisation_code"}
        )
    return spec


async def create_key(db: Database, spec: KeySpec) -> tuple[ApiKey, str]:
    """Stores a new key's hash; returns the row and the key itself, which is never stored."""
    check_spec(spec)
    key = new_key()
    async with db.session() as session:
        if (await session.exec(select(ApiKey).where(ApiKey.name == spec.name))).first() is not None:
            raise ApiError(
                409, "already_exists", f"an API key named {spec.name!r} exists; rotate or revoke it", {"field": "name"}
            )
        row = ApiKey(
            key_hash=hash_api_key(key),
            name=spec.name,
            purpose=spec.purpose,
            roles=spec.role,
            organisations=spec.organisation_code,
            created_at=utcnow(),
        )
        session.add(row)
    return row, key


async def _by_name(session: AsyncSession, name: str) -> ApiKey:
    row = (await session.exec(select(ApiKey).where(ApiKey.name == name))).first()
    if row is None:
        raise ApiError(404, "not_found", f"no API key named {name!r}", {"field": "name"})
    return row


async def rotate_key(db: Database, name: str) -> tuple[ApiKey, str]:
    """Replaces a key's secret: the old key stops working at once; the new one is returned once."""
    key = new_key()
    async with db.session() as session:
        old = await _by_name(session, name)
        if old.is_demo:
            raise ApiError(422, "invalid_argument", "demo keys are fixed; create a real key instead", {"field": "name"})
        # The hash is the primary key: the row is replaced, keeping its name and grants.
        row = ApiKey(**(old.model_dump() | {"key_hash": hash_api_key(key), "is_active": True, "created_at": utcnow()}))
        await session.delete(old)
        await session.flush()
        session.add(row)
    return row, key


async def revoke_key(db: Database, name: str) -> ApiKey:
    async with db.session() as session:
        row = await _by_name(session, name)
        row.is_active = False
        session.add(row)
    return row


async def list_keys(db: Database) -> Sequence[ApiKey]:
    async with db.session() as session:
        return (await session.exec(select(ApiKey).order_by(col(ApiKey.name)))).all()

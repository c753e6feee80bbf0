"""One-shot setup of the gateway: migrate, then (development) seed the demo identities."""

from __future__ import annotations

from collections.abc import Iterable

from sqlmodel import select

from services.common import scope
from services.common.clock import utcnow
from services.common.db import Database
from services.common.migrations import upgrade_async
from services.gateway.api_keys import seed_demo_api_keys
from services.gateway.models import User
from services.gateway.security import hash_password

DEMO_PASSWORD = "fengqiao-demo"

# (username, display name, roles, organisations) — DESIGN.md "Demo identities".
DEMO_USERS: tuple[tuple[str, str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("xiadong.caseworker", "李红 · 下东社区", (scope.CASEWORKER,), ("NB-XIADONG",)),
    ("xiadong.grid", "王强 · 下东社区网格员", (scope.GRID_WORKER,), ("NB-XIADONG",)),
    ("other.caseworker", "赵敏 · 府后社区", (scope.CASEWORKER,), ("NB-FUHOU",)),
    ("dongjie.center", "陈主任 · 街道物业服务中心", (scope.STREET_CENTER, scope.SUPERVISOR), ("SC-DONGJIE",)),
    ("luzhou.district", "刘科长 · 区物管中心", (scope.DISTRICT_CENTER,), ("DC-LUZHOU",)),
    ("company.admin", "孙经理 · 东方物业", (scope.COMPANY,), ("PC-DFSJ",)),
    ("mediator.1", "周调解员", (scope.MEDIATOR,), ("MC-DONGJIE",)),
    ("court.liaison", "法院联络员", (scope.COURT_LIAISON,), ("CT-LUZHOU",)),
    ("police.liaison", "派出所联络员", (scope.POLICE_LIAISON,), ("PS-DONGJIE",)),
    ("ops", "运维值班", (scope.OPS,), ()),
    ("admin", "系统管理员", (scope.ADMIN,), ("SD-DONGJIE",)),
)

# Staff in every other organisation: "staff.<code>" with the role that organisation's people hold.
_ROLE_OF_KIND = {
    "neighbourhood": scope.CASEWORKER,
    "property_company": scope.COMPANY,
    "street_center": scope.STREET_CENTER,
    "district_center": scope.DISTRICT_CENTER,
    "court": scope.COURT_LIAISON,
    "police_station": scope.POLICE_LIAISON,
    "judicial_office": scope.MEDIATOR,
    "mediation_committee": scope.MEDIATOR,
    "judge_studio": scope.MEDIATOR,
    # Department staff who score companies in the quarterly review (issue #7).
    "housing_bureau": scope.DEPARTMENT,
    "city_management_bureau": scope.DEPARTMENT,
    "market_supervision_bureau": scope.DEPARTMENT,
}


def demo_users(
    organisations: Iterable[tuple[str, str, str]],
) -> list[tuple[str, str, tuple[str, ...], tuple[str, ...]]]:
    """The demo identities: the named ones and a staff account per (code, name, kind) organisation
    of the demo registry (the setup step passes them: the gateway never reads evaluation's data)."""
    staff = [
        (f"staff.{code.lower()}", f"{name}工作人员", (_ROLE_OF_KIND[kind],), (code,))
        for code, name, kind in organisations
        if kind in _ROLE_OF_KIND
    ]
    return [*DEMO_USERS, *staff]


async def migrate(database_url: str) -> None:
    await upgrade_async("gateway", database_url)


async def seed_demo(database_url: str, organisations: Iterable[tuple[str, str, str]]) -> int:
    """Adds the demo identities (and demo API keys) that are missing; returns how many were added."""
    db = Database(database_url)
    added = 0
    try:
        async with db.session() as session:
            existing = set((await session.exec(select(User.username))).all())
            password_hash = None
            for username, name, roles, orgs in demo_users(organisations):
                if username in existing:
                    continue
                # One argon2 hash of the shared demo password; each real user gets their own.
                password_hash = password_hash or hash_password(DEMO_PASSWORD)
                session.add(
                    User(
                        username=username,
                        display_name=name,
                        password_hash=password_hash,
                        roles=",".join(roles),
                        organisations=",".join(orgs),
                        is_demo=True,
                        created_at=utcnow(),
                    )
                )
                added += 1
            added += await seed_demo_api_keys(session)
    finally:
        await db.dispose()
    return added

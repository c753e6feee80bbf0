"""The user store of the gateway."""

from __future__ import annotations

from sqlmodel.ext.asyncio.session import AsyncSession

from services.common.identity import Identity
from services.gateway.models import User


async def get(session: AsyncSession, username: str) -> User | None:
    return await session.get(User, username)


def identity_of(user: User) -> Identity:
    return Identity(
        subject=user.username,
        roles=tuple(r for r in user.roles.split(",") if r),
        organisations=tuple(o for o in user.organisations.split(",") if o),
        display_name=user.display_name,
    )

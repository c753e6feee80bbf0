"""Queries of the liaison tables: referrals, stored results, webhook endpoints and attempts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlmodel import and_, col, or_, select
from sqlmodel.ext.asyncio.session import AsyncSession

from services.mediation.liaison.domain import WAITING
from services.mediation.models import LiaisonResultRecord, Referral, WebhookAttempt, WebhookEndpoint


async def get_referral(session: AsyncSession, referral_id: str) -> Referral | None:
    return await session.get(Referral, referral_id)


async def waiting_referrals(
    session: AsyncSession, organisations: Sequence[str], *, after: tuple[datetime, str] | None, limit: int
) -> Sequence[Referral]:
    """Waiting referrals of these organisations, oldest first, one keyset page."""
    stmt = select(Referral).where(col(Referral.organisation_code).in_(organisations), Referral.status == WAITING)
    if after is not None:
        at, rid = after
        stmt = stmt.where(
            or_(col(Referral.referred_at) > at, and_(col(Referral.referred_at) == at, col(Referral.referral_id) > rid))
        )
    stmt = stmt.order_by(col(Referral.referred_at), col(Referral.referral_id)).limit(limit)
    return (await session.exec(stmt)).all()


async def get_result(session: AsyncSession, organisation_code: str, message_id: str) -> LiaisonResultRecord | None:
    return await session.get(LiaisonResultRecord, (organisation_code, message_id))


async def get_endpoint(session: AsyncSession, organisation_code: str) -> WebhookEndpoint | None:
    return await session.get(WebhookEndpoint, organisation_code)


async def recent_attempts(session: AsyncSession, limit: int) -> Sequence[WebhookAttempt]:
    stmt = select(WebhookAttempt).order_by(col(WebhookAttempt.seq).desc()).limit(limit)
    return (await session.exec(stmt)).all()

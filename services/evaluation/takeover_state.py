"""Where each old community stands in the takeover story, read from the takeover records alone
(a community handed over in a bundle is TAKEN_OVER; accepted, WELL_MANAGED; else UNMANAGED) —
never from a status typed into the registry."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from services.evaluation.models import TakeoverBundle, TakeoverItem

UNMANAGED, TAKEN_OVER, WELL_MANAGED = "UNMANAGED", "TAKEN_OVER", "WELL_MANAGED"
_RANK = {UNMANAGED: 0, TAKEN_OVER: 1, WELL_MANAGED: 2}


@dataclass(frozen=True)
class Standing:
    status: str
    company_code: str
    bundle_id: str
    at: datetime | None


def item_status(item: TakeoverItem) -> str:
    if item.well_managed_at is not None:
        return WELL_MANAGED
    return TAKEN_OVER if item.handed_over_at is not None else UNMANAGED


def bundle_status(items: list[TakeoverItem]) -> str:
    """HANDOVER while a community is still to hand over, PROBATION until accepted, then WELL_MANAGED."""
    statuses = {item_status(i) for i in items}
    if statuses == {WELL_MANAGED}:
        return WELL_MANAGED
    return "HANDOVER" if UNMANAGED in statuses else "PROBATION"


async def standings(session: AsyncSession) -> dict[str, Standing]:
    """Each community in any bundle → its furthest step (the newest bundle wins a tie)."""
    rows = (
        await session.exec(
            select(TakeoverItem, TakeoverBundle)
            .join(TakeoverBundle, col(TakeoverBundle.id) == col(TakeoverItem.bundle_id))
            .order_by(col(TakeoverBundle.created_at))
        )
    ).all()
    out: dict[str, Standing] = {}
    for item, bundle in rows:
        status = item_status(item)
        seen = out.get(item.community_code)
        if seen is None or _RANK[status] >= _RANK[seen.status]:
            company = bundle.lead_company_code if status != UNMANAGED else ""
            out[item.community_code] = Standing(status, company, bundle.id, item.well_managed_at or item.handed_over_at)
    return out

"""The gateway's audit trail of sensitive reads: one append-only table, written only here.

Kept to one function so issue #8's hash-chained audit log can replace it without touching callers.
"""

from __future__ import annotations

import logging

from services.common.clock import utcnow
from services.common.db import Database
from services.common.identity import Identity
from services.gateway.models import AuditEntry

log = logging.getLogger("fengqiao.gateway.audit")

REVEAL_PERSONAL_DATA = "reveal_personal_data"


async def record(db: Database, identity: Identity, action: str, subject: str, detail: str = "") -> None:
    """Appends one entry; the caller's answer waits for it, so nothing is revealed unrecorded."""
    async with db.session() as session:
        session.add(
            AuditEntry(actor=identity.subject, action=action, subject=subject, detail=detail, occurred_at=utcnow())
        )
    log.info("audit %s", action, extra={"actor": identity.subject, "subject": subject})

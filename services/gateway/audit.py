"""The audit log: append-only and hash-chained, so a changed or deleted entry shows.

Entry n stores hash_n = SHA-256(canonical JSON of [seq, occurred_at, actor, action, target, detail,
hash_{n-1}]). `verify` walks the chain: a changed field breaks that entry's hash, a deleted entry
leaves a gap in `seq` and breaks the next entry's link. Deleting the newest entries leaves a shorter
but consistent chain; it shows against a head (seq and hash) kept elsewhere, which `verify` prints
and checks when given one.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from fastapi import Response
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from services.common.clock import as_utc, utcnow
from services.common.db import Database
from services.common.identity import Identity
from services.common.metrics import AUDIT_ENTRIES
from services.gateway.models import AuditEntry

log = logging.getLogger("fengqiao.gateway.audit")

GENESIS = "0" * 64
_APPEND_ATTEMPTS = 20
_VERIFY_BATCH = 1000

# Actions written by the gateway (one name per idea).
REVEAL_PERSONAL_DATA = "reveal_personal_data"
CODEC_DECODE = "codec_decode"
WORKFLOW_RETRY = "workflow_retry"
TASK_CANCEL = "task_cancel"
WORKFLOW_TERMINATE = "workflow_terminate"
OPS_ACTION_FAILED = "ops_action_failed"


def entry_hash(
    seq: int, occurred_at: datetime, actor: str, action: str, target: str, detail: str, prev_hash: str
) -> str:
    body = [seq, as_utc(occurred_at).isoformat(timespec="microseconds"), actor, action, target, detail, prev_hash]
    return hashlib.sha256(json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()).hexdigest()


def canonical(detail: dict[str, Any]) -> str:
    return json.dumps(detail, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


async def _last(session: AsyncSession) -> AuditEntry | None:
    result = await session.exec(select(AuditEntry).order_by(col(AuditEntry.seq).desc()).limit(1))
    return result.first()


async def record_start(
    db: Database,
    response: Response | None,
    replayed: bool,
    *,
    actor: str,
    action: str,
    target: str,
    detail: dict[str, Any],
) -> None:
    """A new start is appended to the chain; one made before is not audited again, and an API
    answer (`response`; a console form redirects instead) says 200 with `Idempotent-Replayed: true`."""
    if not replayed:
        await append(db, actor=actor, action=action, target=target, detail=detail)
    elif response is not None:
        response.status_code = 200
        response.headers["Idempotent-Replayed"] = "true"


async def append(db: Database, *, actor: str, action: str, target: str, detail: dict[str, Any]) -> AuditEntry:
    """Appends one entry at the head of the chain. Two writers racing for the same seq: the
    primary key lets one win; the other re-reads the head and tries again."""
    body = canonical(detail)
    for _ in range(_APPEND_ATTEMPTS):
        try:
            async with db.session() as session:
                last = await _last(session)
                seq = (last.seq + 1) if last else 1
                prev = last.hash if last else GENESIS
                now = utcnow()
                entry = AuditEntry(
                    seq=seq,
                    occurred_at=now,
                    actor=actor[:64],
                    action=action,
                    target=target[:200],
                    detail=body,
                    prev_hash=prev,
                    hash=entry_hash(seq, now, actor[:64], action, target[:200], body, prev),
                )
                session.add(entry)
        except IntegrityError:
            continue
        AUDIT_ENTRIES.labels(action).inc()
        log.info("audited", extra={"action": action, "actor": actor, "target": target, "seq": seq})
        return entry
    raise RuntimeError(f"could not append to the audit log after {_APPEND_ATTEMPTS} attempts")


@dataclass
class Verification:
    ok: bool
    entries: int = 0
    head_seq: int = 0
    head_hash: str = GENESIS
    problems: list[str] = field(default_factory=list)


async def verify(db: Database, *, expect_head: tuple[int, str] | None = None) -> Verification:
    """Walks the whole chain; reports every entry that was changed, removed or reordered."""
    report = Verification(ok=True)
    prev_hash, expected_seq = GENESIS, 1
    after = 0
    while True:
        async with db.session() as session:
            batch = (
                await session.exec(
                    select(AuditEntry)
                    .where(col(AuditEntry.seq) > after)
                    .order_by(col(AuditEntry.seq))
                    .limit(_VERIFY_BATCH)
                )
            ).all()
        if not batch:
            break
        for entry in batch:
            if entry.seq != expected_seq:
                report.problems.append(f"entries {expected_seq}–{entry.seq - 1} are missing (deleted)")
            if entry.prev_hash != prev_hash:
                report.problems.append(f"entry {entry.seq} does not link to the entry before it")
            recomputed = entry_hash(
                entry.seq, entry.occurred_at, entry.actor, entry.action, entry.target, entry.detail, entry.prev_hash
            )
            if recomputed != entry.hash:
                report.problems.append(f"entry {entry.seq} was changed after it was written (hash mismatch)")
            prev_hash, expected_seq = entry.hash, entry.seq + 1
            report.entries += 1
            report.head_seq, report.head_hash = entry.seq, entry.hash
        after = batch[-1].seq
    if expect_head is not None:
        seq, head = expect_head
        if report.head_seq < seq:
            report.problems.append(f"the chain ends at {report.head_seq} but entry {seq} was recorded (tail deleted)")
        elif report.head_seq >= seq and not await _has_entry_with_hash(db, seq, head):
            report.problems.append(f"entry {seq} no longer has the recorded hash {head[:12]}…")
    report.ok = not report.problems
    return report


async def _has_entry_with_hash(db: Database, seq: int, entry_hash_: str) -> bool:
    async with db.session() as session:
        entry = await session.get(AuditEntry, seq)
    return entry is not None and entry.hash == entry_hash_


async def recent(db: Database, limit: int = 100) -> list[AuditEntry]:
    async with db.session() as session:
        rows = await session.exec(select(AuditEntry).order_by(col(AuditEntry.seq).desc()).limit(limit))
        return list(rows.all())


async def record(db: Database, identity: Identity, action: str, subject: str, detail: str = "") -> None:
    """The console's entry point (issue #4): one hash-chained entry for `identity` on `subject`.
    The caller's answer waits for it, so nothing is revealed unrecorded."""
    await append(db, actor=identity.subject, action=action, target=subject, detail={"note": detail} if detail else {})

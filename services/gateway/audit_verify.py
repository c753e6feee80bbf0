"""Verifies the audit log's hash chain: `python -m services.gateway.audit_verify [--expect-head SEQ:HASH]`.

Exit status 0 when the chain is whole, 1 when an entry was changed or deleted (each problem is
printed). Record the printed head somewhere else (a ticket, a log shipped off the machine) and
pass it back with --expect-head to detect deletion of the newest entries too.
"""

from __future__ import annotations

import argparse
import asyncio
import sys

from services.common.db import Database
from services.gateway.audit import Verification, verify
from services.gateway.settings import GatewaySettings


async def run(database_url: str, expect_head: tuple[int, str] | None) -> Verification:
    db = Database(database_url)
    try:
        return await verify(db, expect_head=expect_head)
    finally:
        await db.dispose()


def parse_head(value: str) -> tuple[int, str]:
    seq, sep, head = value.partition(":")
    if not sep or not seq.isdigit() or len(head) != 64:
        raise argparse.ArgumentTypeError("--expect-head takes SEQ:HASH as printed by an earlier verify")
    return int(seq), head


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", help="the gateway database (default: from settings)")
    parser.add_argument("--expect-head", type=parse_head, help="SEQ:HASH of a head recorded earlier")
    args = parser.parse_args(argv)
    url = args.database_url or GatewaySettings().database_url
    report = asyncio.run(run(url, args.expect_head))
    for problem in report.problems:
        print(f"TAMPERED: {problem}")
    verdict = "intact" if report.ok else "BROKEN"
    print(f"audit log {verdict}: {report.entries} entries, head {report.head_seq}:{report.head_hash}")
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())

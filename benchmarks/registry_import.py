"""Benchmark: loading a district's registry workbook (issue 14) into PostgreSQL through the same
checked writes as the API, in one transaction — 20 neighbourhoods, 60 companies, N communities
(3,000 unless --communities), N/5 committees and N posts — then exporting it again. Not a timed test: run it by
hand and put the figures in the README.

    .venv/bin/python -m benchmarks.registry_import [--postgres URL]

It creates a fresh database on the server (default postgresql://postgres@127.0.0.1:5432/postgres),
migrates it, adds one subdistrict, times `registry_import.load` and `export`, and drops it.
"""

from __future__ import annotations

import argparse
import asyncio
import time
import uuid

import asyncpg
from sqlalchemy.engine import make_url

from services.common.db import Database
from services.common.migrations import upgrade_async
from services.evaluation import registry_import, registry_store
from services.evaluation import registry_workbook as book
from services.evaluation.models import Organisation

SUBDISTRICT = "SD-BENCH"


def workbook(neighbourhoods: int, companies: int, communities: int, committees: int, posts: int) -> bytes:
    sheets: dict[str, list[list[object]]] = {
        "社区": [[f"NB-B{i:03d}", f"测试{i}社区", SUBDISTRICT] for i in range(neighbourhoods)],
        "物业企业": [[f"PC-B{i:03d}", f"测试{i}物业服务有限公司", SUBDISTRICT] for i in range(companies)],
        "小区": [
            [
                f"CM-B{i:05d}",
                f"测试{i}号院",
                f"NB-B{i % neighbourhoods:03d}",
                f"PC-B{i % companies:03d}",
                100,
                280,
                4,
                "是",
            ]
            for i in range(communities)
        ],
        "业委会": [[f"OC-B{i:05d}", f"测试{i}号院业主委员会", f"CM-B{i:05d}"] for i in range(committees)],
        "任职": [
            [
                f"P-B{i:05d}",
                f"人员{i}",
                "是",
                f"OC-B{i % committees:05d}" if i % 2 else f"PC-B{i % companies:03d}",
                "委员",
                "2026-01-01",
                "",
            ]
            for i in range(posts)
        ],
    }
    return book.write(sheets)


async def main(admin_url: str, communities: int) -> None:
    name = f"bench_registry_{uuid.uuid4().hex[:8]}"
    conn = await asyncpg.connect(admin_url)
    await conn.execute(f'CREATE DATABASE "{name}"')
    await conn.close()
    url = make_url(admin_url).set(drivername="postgresql+asyncpg", database=name).render_as_string(hide_password=False)
    db = Database(url)
    try:
        await upgrade_async("evaluation", url)
        async with db.session() as session:
            session.add(Organisation(code=SUBDISTRICT, name="测试街道", kind="subdistrict"))
        content = workbook(20, 60, communities, communities // 5, communities)
        reach = registry_store.Reach(None)
        started = time.perf_counter()
        async with db.session() as session:
            done = await registry_import.load(session, reach, content)
        loaded = time.perf_counter() - started
        started = time.perf_counter()
        async with db.session() as session:
            exported = await registry_import.export(session, reach)
        took = time.perf_counter() - started
        rows = sum(done.values())
        print(f"workbook {len(content) / 1024:.0f} KiB, {rows} rows: {dict(done)}")
        print(
            f"import {loaded:.1f} s ({rows / loaded:.0f} rows/s, one transaction); export {took:.2f} s, {len(exported) / 1024:.0f} KiB"
        )
    finally:
        await db.dispose()
        conn = await asyncpg.connect(admin_url)
        await conn.execute(f'DROP DATABASE "{name}"')
        await conn.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--communities", type=int, default=3000, help="and a fifth as many committees, as many posts")
    args = parser.parse_args()
    asyncio.run(main(args.postgres, args.communities))

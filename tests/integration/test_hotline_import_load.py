"""A large 12345 import does not hold up other callers (issue #18): the spreadsheet is parsed in
a thread, as a stream that stops at the row limit, while intake goes on answering."""

from __future__ import annotations

import asyncio
import time

import grpc
from fengqiao.intake.v1 import intake_pb2

from tests.helpers import CASEWORKER, CENTER, hotline_xlsx, md
from tests.integration.conftest import Intake, expect_status


async def test_another_request_stays_fast_while_a_large_import_is_parsed(intake: Intake) -> None:
    # 100,000 orders in 130 KB: read whole on the event loop this took most of a minute.
    export = intake_pb2.ImportHotlineOrdersRequest(content=hotline_xlsx(100_000), file_name="12345.xlsx")
    started = time.perf_counter()
    importing = asyncio.ensure_future(intake.stub.ImportHotlineOrders(export, metadata=md(CASEWORKER)))
    await asyncio.sleep(0.05)  # the import has begun
    slowest = 0.0
    reads = 0
    while not importing.done():
        asked = time.perf_counter()
        await intake.stub.ListCases(intake_pb2.ListCasesRequest(page_size=10), metadata=md(CENTER))
        slowest = max(slowest, time.perf_counter() - asked)
        reads += 1
        await asyncio.sleep(0.02)
    await expect_status(importing, grpc.StatusCode.INVALID_ARGUMENT, "at most 5000 rows")
    assert slowest < 1.0, f"a case list took {slowest:.2f} s while the import was parsed"
    assert reads >= 3, "the import ended before the reads could overlap it"
    assert time.perf_counter() - started < 30  # it stopped at the row limit, not at row 100,000

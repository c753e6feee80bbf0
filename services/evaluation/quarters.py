"""Quarters as the review names them ("2026Q4") and their bounds in Asia/Shanghai time."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from services.common.clock import SHANGHAI
from services.common.errors import InvalidInput

_QUARTER = re.compile(r"^(\d{4})Q([1-4])$")


def parse(quarter: str) -> tuple[int, int]:
    """(year, quarter number) of "2026Q4"; InvalidInput naming the field otherwise."""
    match = _QUARTER.match(quarter or "")
    if match is None:
        raise InvalidInput(f"quarter must look like 2026Q4; got {quarter!r}", field="quarter")
    return int(match.group(1)), int(match.group(2))


def bounds(quarter: str) -> tuple[datetime, datetime]:
    """[start, end) of the quarter in UTC."""
    year, q = parse(quarter)
    start = datetime(year, 3 * q - 2, 1, tzinfo=SHANGHAI)
    end = datetime(year + 1, 1, 1, tzinfo=SHANGHAI) if q == 4 else datetime(year, 3 * q + 1, 1, tzinfo=SHANGHAI)
    return start.astimezone(UTC), end.astimezone(UTC)


def key(quarter: str) -> int:
    """Sortable number of a quarter: 2026Q4 → 20264."""
    year, q = parse(quarter)
    return year * 10 + q


def previous(quarter: str) -> str:
    year, q = parse(quarter)
    return f"{year - 1}Q4" if q == 1 else f"{year}Q{q - 1}"

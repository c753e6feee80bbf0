"""Reads a 12345 hotline export (CSV or Excel) into rows of complaint fields through a column map.
No I/O beyond the bytes it is given; filing the rows is the servicer's job."""

from __future__ import annotations

import csv
import io
from collections.abc import Generator
from contextlib import closing
from dataclasses import dataclass
from datetime import date, datetime

from services.common.clock import SHANGHAI
from services.common.errors import InvalidInput
from services.common.workbook import open_workbook

# Fields a column may map to.
FIELDS = ("external_ref", "received_at", "content", "address", "phone", "name", "community", "category")
# Column headers of the hotline's usual export; a request's column_map is merged over this.
DEFAULT_COLUMN_MAP = {
    "工单编号": "external_ref",
    "来电时间": "received_at",
    "诉求内容": "content",
    "地址": "address",
    "联系电话": "phone",
    "来电人": "name",
    "小区": "community",
}
REQUIRED_FIELDS = ("external_ref", "content", "address", "phone")
MAX_ROWS = 5000
# Columns read per row; an export has about ten.
MAX_COLUMNS = 64
# What an .xlsx may unpack to (a zip bomb is small packed and huge unpacked).
MAX_UNPACKED_BYTES = 64 * 1024 * 1024
# Below gRPC's default 4 MB message cap; a 5,000-row export is well under 1 MB.
MAX_BYTES = 3 * 1024 * 1024
ANONYMOUS_CALLER = "12345来电人"
_TIME_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y-%m-%dT%H:%M:%S")


@dataclass(frozen=True)
class HotlineRow:
    """One data row: its line in the file and its mapped fields as text."""

    row: int
    fields: dict[str, str]


def column_map(overrides: dict[str, str]) -> dict[str, str]:
    """The default map with the request's entries merged over it; an empty value drops a header."""
    merged = dict(DEFAULT_COLUMN_MAP)
    for header, field in overrides.items():
        if not field:
            merged.pop(header, None)
            continue
        if field not in FIELDS:
            raise InvalidInput(
                f"column_map[{header!r}] = {field!r} is not one of {', '.join(FIELDS)}", field="column_map"
            )
        merged = {h: f for h, f in merged.items() if f != field}
        merged[header] = field
    return merged


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.strftime("%Y-%m-%d 00:00:00")
    if isinstance(value, float) and value.is_integer():
        # Excel stores long numbers (phones, order numbers) as floats.
        return str(int(value))
    return str(value).strip()


def _decode_csv(content: bytes) -> str:
    """UTF-8 (with or without BOM) first; hotline systems often export GB18030."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InvalidInput("the CSV file is neither UTF-8 nor GB18030 text", field="file")


def _csv_rows(content: bytes) -> Generator[list[str]]:
    for row in csv.reader(io.StringIO(_decode_csv(content))):
        yield [c.strip() for c in row[:MAX_COLUMNS]]


def _xlsx_rows(content: bytes) -> Generator[list[str]]:
    """The first sheet's rows, read as a stream (openpyxl read-only), never more than MAX_COLUMNS
    cells a row: a sheet's declared dimension (A1:XFD1048576) would otherwise pad every row."""
    workbook = open_workbook(content, MAX_UNPACKED_BYTES)
    try:
        sheet = workbook.worksheets[0]
        for row in sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True):
            yield [_cell_text(c) for c in row]
    except Exception as exc:
        raise InvalidInput(f"the Excel file cannot be read: {exc}", field="file") from exc
    finally:
        workbook.close()


def _table(content: bytes, file_name: str) -> Generator[list[str]]:
    name = file_name.lower()
    if name.endswith(".csv"):
        return _csv_rows(content)
    if name.endswith(".xlsx"):
        return _xlsx_rows(content)
    raise InvalidInput(f"file {file_name!r} must be a .csv or .xlsx export", field="file")


def read_rows(content: bytes, file_name: str, overrides: dict[str, str]) -> list[HotlineRow]:
    """Data rows with their mapped fields; refuses a file whose header lacks a required column, and
    stops reading at the first row beyond MAX_ROWS (a 100,000-row file costs what 5,001 rows do).
    CPU-bound: callers on an event loop run it in a thread."""
    if not content:
        raise InvalidInput("the file is empty", field="file")
    if len(content) > MAX_BYTES:
        raise InvalidInput(f"the file is larger than {MAX_BYTES} bytes", field="file")
    mapping = column_map(overrides)
    with closing(_table(content, file_name)) as table:
        return _mapped_rows(table, mapping)


def _mapped_rows(table: Generator[list[str]], mapping: dict[str, str]) -> list[HotlineRow]:
    header = next(table, None)
    if header is None:
        raise InvalidInput("the file has no header row", field="file")
    index = {mapping[h]: i for i, h in enumerate(header) if h in mapping}
    missing = [f for f in REQUIRED_FIELDS if f not in index]
    if missing:
        wanted = {f: h for h, f in mapping.items()}
        names = ", ".join(f"{wanted.get(f, '?')} ({f})" for f in missing)
        raise InvalidInput(f"the header lacks the column(s) {names}", field="column_map")
    rows: list[HotlineRow] = []
    for number, cells in enumerate(table, start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(rows) == MAX_ROWS:
            raise InvalidInput(f"at most {MAX_ROWS} rows per import; the file has more", field="file")
        fields = {f: (cells[i].strip() if i < len(cells) else "") for f, i in index.items()}
        rows.append(HotlineRow(number, fields))
    return rows


def parse_received_at(text: str) -> datetime | None:
    """The hotline's 来电时间 (Beijing time) as an aware datetime; None when the cell is empty."""
    if not text:
        return None
    for fmt in _TIME_FORMATS:
        try:
            return datetime.strptime(text, fmt).replace(tzinfo=SHANGHAI)
        except ValueError:
            continue
    raise InvalidInput(f"received_at {text!r} is not a time like 2026-11-28 09:15:00", field="received_at")

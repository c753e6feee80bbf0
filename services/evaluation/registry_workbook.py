"""The registry as an Excel workbook: one sheet per kind, Chinese headers, a code column first.

Reading streams each sheet (openpyxl read-only) with a cap on rows, columns and unpacked size, so
a hostile file costs what a small one does. Pure: bytes in, rows out (and back)."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import Any, TypeVar

from openpyxl import Workbook

from services.common.errors import InvalidInput
from services.common.workbook import open_workbook

MAX_ROWS = 5000
MAX_COLUMNS = 16
MAX_UNPACKED_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class Sheet:
    title: str
    # (header, field) in column order.
    columns: tuple[tuple[str, str], ...]

    def header(self, field: str) -> str:
        return next(h for h, f in self.columns if f == field)


NEIGHBOURHOODS = Sheet("社区", (("社区编码", "code"), ("社区名称", "name"), ("所属街道编码", "parent_code")))
COMPANIES = Sheet("物业企业", (("企业编码", "code"), ("企业名称", "name"), ("所属街道编码", "parent_code")))
COMMUNITIES = Sheet(
    "小区",
    (
        ("小区编码", "code"),
        ("小区名称", "name"),
        ("所属社区编码", "neighbourhood_code"),
        ("物业企业编码", "company_code"),
        ("户数", "households"),
        ("人数", "residents"),
        ("楼栋数", "buildings"),
        ("老旧小区", "is_old"),
    ),
)
COMMITTEES = Sheet("业委会", (("业委会编码", "code"), ("业委会名称", "name"), ("所属小区编码", "parent_code")))
APPOINTMENTS = Sheet(
    "任职",
    (
        ("人员编号", "person_id"),
        ("姓名", "person_name"),
        ("党员", "is_party_member"),
        ("任职组织编码", "org_code"),
        ("职务", "post"),
        ("任职日期", "starts_on"),
        ("离任日期", "ends_on"),
    ),
)
# In load order: a community needs its neighbourhood and company, a committee its community.
SHEETS = (NEIGHBOURHOODS, COMPANIES, COMMUNITIES, COMMITTEES, APPOINTMENTS)
_YES = {"是", "y", "yes", "true", "1", "√"}
_NO = {"", "否", "n", "no", "false", "0"}


R = TypeVar("R")


def row_error(sheet: Sheet, row: int, field: str | None, message: str) -> InvalidInput:
    """A bad cell or row, naming the sheet, the row (as Excel numbers it) and the column."""
    column = sheet.header(field) if field and any(f == field for _, f in sheet.columns) else (field or "")
    where = f"工作表「{sheet.title}」第 {row} 行" + (f"「{column}」" if column else "")
    return InvalidInput(f"{where}：{message}", field=field, sheet=sheet.title, row=row, column=column)


@dataclass(frozen=True)
class Row:
    sheet: Sheet
    number: int
    values: dict[str, str]

    def text(self, field: str) -> str:
        return self.values.get(field, "")

    def number_of(self, field: str) -> int:
        text = self.text(field)
        if not text:
            return 0
        try:
            return int(float(text))
        except ValueError:
            raise row_error(self.sheet, self.number, field, f"“{text}”不是数字") from None

    def flag(self, field: str) -> bool:
        text = self.text(field).lower()
        if text in _YES:
            return True
        if text in _NO:
            return False
        raise row_error(self.sheet, self.number, field, f"“{text}”应填 是 或 否")

    def record(self, record: type[R], /, **given: Any) -> R:
        """The dataclass `record` filled from this row's cells by field name, each read as its
        field's type (a number, a 是/否 flag, else text); `given` fields are taken as they are."""
        read: dict[object, Callable[[str], object]] = {"int": self.number_of, "bool": self.flag}
        values = {f.name: read.get(f.type, self.text)(f.name) for f in fields(record) if f.name not in given}  # type: ignore[arg-type]
        return record(**(values | given))


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


def read(content: bytes) -> dict[str, list[Row]]:
    """Every known sheet's non-empty rows by sheet title; a sheet may be left out, not misnamed."""
    workbook = open_workbook(content, MAX_UNPACKED_BYTES)
    try:
        known = {s.title: s for s in SHEETS}
        unknown = [t for t in workbook.sheetnames if t not in known]
        if unknown:
            raise InvalidInput(
                f"不认识的工作表「{'」「'.join(unknown)}」：只能是 {'、'.join(known)} (unknown sheets)", field="file"
            )
        return {
            title: list(_rows(known[title], workbook[title].iter_rows(max_col=MAX_COLUMNS, values_only=True)))
            for title in workbook.sheetnames
        }
    finally:
        workbook.close()


def _rows(sheet: Sheet, cells: Iterator[tuple[object, ...]]) -> Iterator[Row]:
    header = [_cell_text(c) for c in next(cells, ())]
    wanted = [h for h, _ in sheet.columns]
    missing = [h for h in wanted if h not in header]
    if missing:
        raise row_error(sheet, 1, None, f"表头缺少「{'」「'.join(missing)}」（应为 {'、'.join(wanted)}）")
    index = {f: header.index(h) for h, f in sheet.columns}
    count = 0
    for number, raw in enumerate(cells, start=2):
        texts = [_cell_text(c) for c in raw]
        if not any(texts):
            continue
        count += 1
        if count > MAX_ROWS:
            raise row_error(sheet, number, None, f"每个工作表最多 {MAX_ROWS} 行")
        yield Row(sheet, number, {f: texts[i] if i < len(texts) else "" for f, i in index.items()})


def write(sheets: dict[str, list[list[object]]]) -> bytes:
    """A workbook with one sheet per kind (in SHEETS order), headers first, then `sheets[title]`."""
    workbook = Workbook(write_only=True)
    for sheet in SHEETS:
        ws = workbook.create_sheet(sheet.title)
        ws.append([h for h, _ in sheet.columns])
        for row in sheets.get(sheet.title, []):
            ws.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()

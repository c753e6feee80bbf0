"""The registry workbook reader (issue 14): what it refuses, naming the sheet, row and column, and
the cap on rows that keeps a huge file cheap."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import Workbook

from services.common.errors import InvalidInput
from services.evaluation import registry_rules as rules
from services.evaluation import registry_workbook as book


def _xlsx(sheets: dict[str, list[list[object]]]) -> bytes:
    workbook = Workbook(write_only=True)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


HEADER = [h for h, _ in book.COMMUNITIES.columns]


def test_rows_come_back_by_field_and_a_written_workbook_reads_back() -> None:
    content = book.write(
        {
            "小区": [["CM-A", "甲院", "NB-X", "", 10, 28, 1, "是"]],
            "任职": [["P-1", "王", "否", "OC-A", "委员", "2026-01-01", ""]],
        }
    )
    sheets = book.read(content)
    assert list(sheets) == [s.title for s in book.SHEETS]
    (row,) = sheets["小区"]
    assert (row.number, row.text("code"), row.number_of("households"), row.flag("is_old")) == (2, "CM-A", 10, True)
    assert sheets["任职"][0].text("starts_on") == "2026-01-01"


def test_columns_may_come_in_any_order_and_dates_as_dates() -> None:
    header = [*reversed(HEADER)]
    row = ["否", 1, 28, 10, "", "NB-X", "甲院", "CM-A"]
    (read,) = book.read(_xlsx({"小区": [header, row]}))["小区"]
    assert (read.text("name"), read.flag("is_old")) == ("甲院", False)
    posts = [[h for h, _ in book.APPOINTMENTS.columns], ["P-1", "王", "是", "OC-A", "委员", date(2026, 3, 1), None]]
    (post,) = book.read(_xlsx({"任职": posts}))["任职"]
    assert (post.text("starts_on"), post.text("ends_on")) == ("2026-03-01", "")


@pytest.mark.parametrize(
    ("sheets", "message"),
    [
        ({"小区": [HEADER[:-1], ["CM-A"]]}, "工作表「小区」第 1 行：表头缺少「老旧小区」"),
        ({"小区表": [HEADER]}, "不认识的工作表「小区表」"),
    ],
)
def test_a_bad_sheet_is_named(sheets: dict[str, list[list[object]]], message: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        book.read(_xlsx(sheets))
    assert message in refused.value.message


def test_a_bad_cell_names_its_sheet_row_and_column() -> None:
    (row,) = book.read(_xlsx({"小区": [HEADER, ["CM-A", "甲院", "NB-X", "", 10, 28, 1, "也许"]]}))["小区"]
    with pytest.raises(InvalidInput) as refused:
        row.flag("is_old")
    assert refused.value.message == "工作表「小区」第 2 行「老旧小区」：“也许”应填 是 或 否"
    assert refused.value.details == {"field": "is_old", "sheet": "小区", "row": 2, "column": "老旧小区"}


def test_not_a_workbook_and_too_many_rows_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(InvalidInput, match="xlsx"):
        book.read("code,name\nCM-A,甲院\n".encode())
    monkeypatch.setattr(book, "MAX_ROWS", 3)  # the cap, not 5,000 rows of test data
    rows = [HEADER] + [[f"CM-{i}", f"院{i}", "NB-X", "", 1, 1, 1, "否"] for i in range(4)]
    assert len(book.read(_xlsx({"小区": rows[:4]}))["小区"]) == 3
    with pytest.raises(InvalidInput, match="第 5 行：每个工作表最多 3 行"):
        book.read(_xlsx({"小区": rows}))


def test_codes_dates_and_terms() -> None:
    assert rules.check_code(" CM-DFSJ ") == "CM-DFSJ"
    for bad in ("cm-dfsj", "C", "CM DFSJ", "-CM", "X" * 33):
        with pytest.raises(InvalidInput, match="格式不对"):
            rules.check_code(bad)
    assert rules.parse_day("", field="ends_on") is None
    with pytest.raises(InvalidInput) as refused:
        rules.parse_day("2026/01/01", field="starts_on")
    assert refused.value.field == "starts_on"
    today = date(2026, 12, 2)
    rules.check_term(date(2026, 1, 1), date(2026, 1, 1), today)
    with pytest.raises(InvalidInput, match="早于"):
        rules.check_term(date(2026, 1, 2), date(2026, 1, 1), today)
    with pytest.raises(InvalidInput, match="在将来"):
        rules.check_term(date(2062, 1, 1), None, today)
    assert rules.holds_on(None, None, today) and not rules.holds_on(None, date(2026, 12, 1), today)
    assert not rules.holds_on(date(2026, 12, 3), None, today)

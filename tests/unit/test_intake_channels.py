"""Issue #6 intake rules: buildings in addresses, channel facts, duplicates and groups, the
12345 export reader, and the public view."""

from __future__ import annotations

import io
import itertools
import zipfile
from datetime import UTC, datetime, timedelta

import pytest
from openpyxl import Workbook

from services.common.errors import InvalidInput
from services.intake.address import building_in_address, resolve_building
from services.intake.channels import Photo, channel_ref, validate_channel_facts
from services.intake.grouping import DuplicateKey, becomes_group_dispute, households, may_join, window_start
from services.intake.hotline_import import (
    MAX_BYTES,
    MAX_ROWS,
    MAX_UNPACKED_BYTES,
    _mapped_rows,
    column_map,
    parse_received_at,
    read_rows,
)
from services.intake.public_view import open311_status, redact, states_to_statuses, status_notes
from tests.helpers import hotline_xlsx

SHA = "a" * 64


@pytest.mark.parametrize(
    "address,building",
    [
        ("3号楼2单元501", 3),
        ("东方世家12栋", 12),
        ("5幢3单元", 5),
        ("十二号楼", 12),
        ("二十号楼东侧", 20),
        ("１５号楼", 15),
        ("小区东门", 0),
        ("2单元501室", 0),
    ],
)
def test_building_numbers_are_read_from_addresses(address: str, building: int) -> None:
    assert building_in_address(address) == building


def test_a_building_the_community_lacks_is_refused_naming_the_field() -> None:
    assert resolve_building("3号楼", 0, 28, "东方世家") == 3
    assert resolve_building("小区东门", 7, 28, "东方世家") == 7
    with pytest.raises(InvalidInput) as exc:
        resolve_building("29号楼", 0, 28, "东方世家")
    assert exc.value.field == "address" and "1–28" in exc.value.message
    with pytest.raises(InvalidInput) as exc:
        resolve_building("", 40, 28, "东方世家")
    assert exc.value.field == "building"
    with pytest.raises(InvalidInput) as exc:
        resolve_building("3号楼", 4, 28, "东方世家")
    assert exc.value.field == "address"


def photo(**change: object) -> Photo:
    fields: dict[str, object] = dict(
        file_name="p1.jpg", sha256=SHA, size_bytes=1000, content_type="image/jpeg", taken_at=None
    )
    fields.update(change)
    return Photo(**fields)  # type: ignore[arg-type]


def test_channel_facts_of_each_channel() -> None:
    grid = validate_channel_facts(
        "grid_inspection",
        external_ref="",
        location=(36.19, 113.11),
        photos=[photo()],
        fields={"grid_code": "G-07"},
    )
    assert (grid.latitude, grid.longitude, grid.fields) == (36.19, 113.11, (("grid_code", "G-07"),))
    petition = validate_channel_facts("petition", external_ref="XF2026-0012", location=None, photos=[], fields={})
    assert petition.external_ref == "XF2026-0012"
    assert channel_ref("petition", "XF2026-0012") == "petition:XF2026-0012"
    assert channel_ref("online", "") is None


@pytest.mark.parametrize(
    "channel,kwargs,field",
    [
        ("hotline_12345", {}, "external_ref"),
        ("petition", {}, "external_ref"),
        ("petition", {"external_ref": "has space"}, "external_ref"),
        ("grid_inspection", {}, "location"),
        ("online", {"location": (200.0, 10.0)}, "location"),
        ("online", {"location": (0.0, 0.0)}, "location"),
        ("grid_inspection", {"location": (36.1, 113.1), "photos": [photo(sha256="xyz")]}, "photos[0].sha256"),
        ("grid_inspection", {"location": (36.1, 113.1), "photos": [photo(size_bytes=0)]}, "photos[0].size_bytes"),
        (
            "grid_inspection",
            {"location": (36.1, 113.1), "photos": [photo(content_type="text/plain")]},
            "photos[0].content_type",
        ),
        ("grid_inspection", {"location": (36.1, 113.1), "photos": [photo()] * 10}, "photos"),
        ("online", {"fields": {"petition_office": "x"}}, "channel_fields.petition_office"),
        ("online", {"fields": {"email": "not-an-email"}}, "channel_fields.email"),
        ("visit", {"fields": {"reception_point": "长" * 65}}, "channel_fields.reception_point"),
    ],
)
def test_bad_channel_facts_are_refused_naming_the_field(channel: str, kwargs: dict[str, object], field: str) -> None:
    args: dict[str, object] = {"external_ref": "", "location": None, "photos": [], "fields": {}} | kwargs
    with pytest.raises(InvalidInput) as exc:
        validate_channel_facts(channel, **args)  # type: ignore[arg-type]
    assert exc.value.field == field


def test_duplicates_and_groups() -> None:
    assert may_join(DuplicateKey("CM-DFSJ", 3, "leak"))
    assert not may_join(DuplicateKey("CM-DFSJ", 3, "other"))
    now = datetime(2026, 11, 29, tzinfo=UTC)
    assert window_start(now, timedelta(hours=72)) == now - timedelta(days=3)
    assert households(["+8613800138000", "+8613800138000", "+8613900139000", ""]) == 2
    assert becomes_group_dispute(5, 5, already=False)
    assert not becomes_group_dispute(6, 5, already=True)
    assert not becomes_group_dispute(4, 5, already=False)


HEADER = ["工单编号", "来电时间", "来电人", "联系电话", "地址", "诉求内容", "办理状态"]
ROWS = [
    ["GD20261128001", "2026-11-28 09:15:00", "王女士", "13800138001", "东方世家5号楼1单元", "电梯坏了三天", "待办"],
    ["", "", "", "", "", "", ""],
    ["GD20261128002", "2026/11/28 10:02", "", "0355-2345678", "常平苑2号楼", "垃圾没人清运", "待办"],
]


def test_csv_exports_in_utf8_and_gb18030_read_alike() -> None:
    text = "\n".join(",".join(r) for r in [HEADER, *ROWS])
    for encoding in ("utf-8-sig", "gb18030"):
        rows = read_rows(text.encode(encoding), "export.csv", {})
        assert [r.row for r in rows] == [2, 4]
        assert rows[0].fields["external_ref"] == "GD20261128001"
        assert rows[1].fields["name"] == ""
        assert "办理状态" not in rows[0].fields


def test_excel_exports_read_with_numbers_as_text() -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER)
    sheet.append(
        [20261128001, datetime(2026, 11, 28, 9, 15), "王女士", 13800138001, "东方世家5号楼", "电梯坏了", "待办"]
    )
    buffer = io.BytesIO()
    book.save(buffer)
    rows = read_rows(buffer.getvalue(), "export.xlsx", {})
    assert rows[0].fields["external_ref"] == "20261128001"
    assert rows[0].fields["phone"] == "13800138001"
    assert rows[0].fields["received_at"] == "2026-11-28 09:15:00"


def test_the_column_map_is_configurable() -> None:
    text = "单号,反映内容,位置,电话\nA1,漏水,东方世家3号楼,13800138000\n"
    with pytest.raises(InvalidInput) as exc:
        read_rows(text.encode(), "x.csv", {})
    assert exc.value.field == "column_map" and "工单编号" in exc.value.message
    rows = read_rows(
        text.encode(), "x.csv", {"单号": "external_ref", "反映内容": "content", "位置": "address", "电话": "phone"}
    )
    assert rows[0].fields == {
        "external_ref": "A1",
        "content": "漏水",
        "address": "东方世家3号楼",
        "phone": "13800138000",
    }
    with pytest.raises(InvalidInput):
        column_map({"单号": "favourite_colour"})
    assert "地址" not in column_map({"地址": ""})


@pytest.mark.parametrize(
    "content,name,field",
    [(b"", "x.csv", "file"), (b"a,b", "x.txt", "file"), (b"not a zip", "x.xlsx", "file")],
)
def test_unreadable_files_are_refused(content: bytes, name: str, field: str) -> None:
    with pytest.raises(InvalidInput) as exc:
        read_rows(content, name, {})
    assert exc.value.field == field


def test_reading_stops_at_the_first_row_beyond_the_limit() -> None:
    """The rows are a stream: an endless one is refused once MAX_ROWS is passed, never read whole."""
    header = ["工单编号", "诉求内容", "地址", "联系电话"]
    endless = itertools.chain([header], itertools.repeat(["GD1", "漏水", "常平苑1号楼", "13800138000"]))
    with pytest.raises(InvalidInput) as exc:
        _mapped_rows((row for row in endless), column_map({}))
    assert exc.value.field == "file" and f"at most {MAX_ROWS} rows" in exc.value.message
    assert len(read_rows(hotline_xlsx(MAX_ROWS), "x.xlsx", {})) == MAX_ROWS


def test_an_xlsx_that_unpacks_huge_is_refused_unread() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b" " * (MAX_UNPACKED_BYTES + 1))
    assert len(buffer.getvalue()) < MAX_BYTES
    with pytest.raises(InvalidInput, match="unpacks to more than"):
        read_rows(buffer.getvalue(), "x.xlsx", {})


def test_received_at_is_beijing_time() -> None:
    parsed = parse_received_at("2026-11-28 09:15:00")
    assert parsed is not None and parsed.astimezone(UTC).hour == 1
    assert parse_received_at("") is None
    with pytest.raises(InvalidInput) as exc:
        parse_received_at("yesterday")
    assert exc.value.field == "received_at"


def test_public_view_wording_and_redaction() -> None:
    assert open311_status("TRIAGE") == "open" and open311_status("MERGED") == "closed"
    assert status_notes("RESOLVED") == "RESOLVED: 已答复，待回访"
    assert set(states_to_statuses(["closed"])) == {"CLOSED", "MERGED", "REFERRED"}
    assert "RECEIVED" in states_to_statuses(["open"])
    assert redact("请打13800138000或0355-2345678联系我") == "请打138****8000或0355****5678联系我"

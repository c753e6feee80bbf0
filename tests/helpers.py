"""Small helpers shared by the test layers."""

from __future__ import annotations

from services.common.identity import Identity, metadata_for
from services.common.settings import DEV_IDENTITY_KEY as IDENTITY_KEY

CASEWORKER = Identity("xiadong.caseworker", ("caseworker",), ("NB-XIADONG",), "李红")
GRID = Identity("xiadong.grid", ("grid_worker",), ("NB-XIADONG",), "王强")
OTHER_CASEWORKER = Identity("other.caseworker", ("caseworker",), ("NB-FUHOU",), "赵敏")
CENTER = Identity("dongjie.center", ("street_center", "supervisor"), ("SC-DONGJIE",), "陈主任")
COMPANY = Identity("company.admin", ("company",), ("PC-DFSJ",), "孙经理")
OPS = Identity("ops", ("ops",), (), "运维")
SYSTEM = Identity("system:test", ("system",), (), "test")
ADMIN = Identity("admin", ("admin",), ("SD-DONGJIE",), "系统管理员")


def md(identity: Identity, key: str = IDENTITY_KEY) -> list[tuple[str, str]]:
    return list(metadata_for(identity, key))


def hotline_xlsx(rows: int) -> bytes:
    """A 12345 export of `rows` identical orders as a minimal .xlsx (inline strings), written as XML
    directly: openpyxl would take seconds to write 100,000 rows; this packs them into ~100 KB."""
    import io
    import zipfile

    def cells(values: list[str]) -> str:
        return "".join(f'<c t="inlineStr"><is><t>{v}</t></is></c>' for v in values)

    header = cells(["工单编号", "来电时间", "来电人", "联系电话", "地址", "诉求内容"])
    order = cells(["GD1", "2026-11-28 09:00:00", "李先生", "13800138000", "常平苑1号楼", "楼道漏水"])
    sheet = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        f"<row>{header}</row>" + f"<row>{order}</row>" * rows + "</sheetData></worksheet>"
    )
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    parts = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
        ),
        "_rels/.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/>'
            "</sheets></workbook>"
        ),
        "xl/_rels/workbook.xml.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
        ),
        "xl/worksheets/sheet1.xml": sheet,
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()

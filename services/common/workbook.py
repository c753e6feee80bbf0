"""Opening an uploaded .xlsx: a file that is no workbook, is damaged or unpacks too large (a zip
bomb) is refused as invalid input naming the `file` field."""

from __future__ import annotations

import io
import zipfile

from openpyxl import Workbook, load_workbook

from services.common.errors import InvalidInput


def open_workbook(content: bytes, max_unpacked_bytes: int) -> Workbook:
    """The workbook, read-only and with cached values; the caller closes it."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise InvalidInput(
            f"无法读取 Excel 文件（应为 .xlsx）(the Excel file cannot be read: {exc})", field="file"
        ) from exc
    if unpacked > max_unpacked_bytes:
        raise InvalidInput(
            f"Excel 文件解压后超过 {max_unpacked_bytes} 字节 (the Excel file unpacks to more than {max_unpacked_bytes} bytes)",
            field="file",
        )
    try:
        return load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise InvalidInput(f"无法读取 Excel 文件 (the Excel file cannot be read: {exc})", field="file") from exc

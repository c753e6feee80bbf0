"""A file sent to an import endpoint (the registry workbook, the working-day calendar): a
multipart upload in the field `file`, or the file itself as the request body. Read up to the
upload limit, so a larger one is refused without holding it all."""

from __future__ import annotations

from dataclasses import dataclass, field

from fastapi import Request
from starlette.datastructures import UploadFile

from services.gateway.errors import ApiError


@dataclass(frozen=True)
class Upload:
    content: bytes
    filename: str  # "" when the file is the body
    content_type: str  # the part's; the request's when the file is the body
    fields: dict[str, str] = field(default_factory=dict)  # a multipart form's other fields


async def read_upload(request: Request, limit: int) -> Upload:
    """The file; 422 naming `file` when none was sent, 413 over `limit` bytes."""
    content_type = request.headers.get("content-type", "")
    if content_type.lower().startswith("multipart/form-data"):
        form = await request.form(max_files=1, max_fields=5)
        upload = form.get("file")
        fields = {k: v for k, v in form.items() if isinstance(v, str)}
        if isinstance(upload, UploadFile):
            sent = Upload(await upload.read(limit + 1), upload.filename or "", upload.content_type or "", fields)
        else:
            sent = Upload(b"", "", "", fields)
    else:
        sent = Upload(await request.body(), "", content_type)
    if not sent.content:
        message = "请选择要导入的文件 (no file: upload it as `file` or send it as the body)"
        raise ApiError(422, "invalid_argument", message, {"field": "file"})
    if len(sent.content) > limit:
        raise ApiError(413, "payload_too_large", f"文件超过 {limit} 字节 (file over {limit} bytes)", {"field": "file"})
    return sent

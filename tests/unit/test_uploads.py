"""The import endpoints' file: a multipart upload in `file` or the body itself, up to the limit."""

from __future__ import annotations

from typing import Any

import httpx
from fastapi import FastAPI, Request

from services.gateway import errors
from services.gateway.uploads import read_upload

LIMIT = 16


def _app() -> FastAPI:
    app = FastAPI()
    errors.install(app)

    @app.post("/import")
    async def take(request: Request) -> dict[str, Any]:
        upload = await read_upload(request, LIMIT)
        return {
            "content": upload.content.decode(),
            "filename": upload.filename,
            "content_type": upload.content_type,
            "fields": upload.fields,
        }

    return app


async def _post(**kwargs: Any) -> httpx.Response:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=_app()), base_url="http://t") as http:
        return await http.post("/import", **kwargs)


async def test_a_multipart_file_comes_with_its_name_type_and_the_other_fields() -> None:
    reply = await _post(files={"file": ("2027.csv", b"a,b", "text/csv")}, data={"replace": "true"})
    assert reply.json() == {
        "content": "a,b",
        "filename": "2027.csv",
        "content_type": "text/csv",
        "fields": {"replace": "true"},
    }


async def test_a_body_is_the_file_with_the_request_content_type() -> None:
    reply = await _post(content=b"BEGIN:VCALENDAR", headers={"Content-Type": "text/calendar"})
    assert reply.json() == {"content": "BEGIN:VCALENDAR", "filename": "", "content_type": "text/calendar", "fields": {}}


async def test_no_file_is_422_naming_the_field_file() -> None:
    for sent in ({"data": {"replace": "true"}, "files": {"other": ("x", b"x")}}, {"content": b""}):
        reply = await _post(**sent)
        assert reply.status_code == 422, reply.text
        assert reply.json()["error"]["details"] == {"field": "file"}


async def test_a_file_over_the_limit_is_413_as_a_multipart_upload_and_as_a_body() -> None:
    for sent in ({"files": {"file": ("big.csv", b"x" * (LIMIT + 1))}}, {"content": b"x" * (LIMIT + 1)}):
        reply = await _post(**sent)
        assert reply.status_code == 413 and reply.json()["error"]["code"] == "payload_too_large", reply.text
    assert (await _post(content=b"x" * LIMIT)).status_code == 200

"""Text with a NUL character, wherever it enters over HTTP, is a clear 422 and never a 500: the
services refuse it before any handler, the gateway's own tables likewise."""

from __future__ import annotations

import uuid

import httpx

from tests.e2e.test_slice import COMPLAINT, login


async def test_nul_characters_are_refused_with_422_everywhere(http: httpx.AsyncClient) -> None:
    signed_in = await http.post("/api/v1/auth/token", data={"username": "xiadong\x00", "password": "x"})
    assert signed_in.status_code in (401, 422), signed_in.text
    worker = await login(http, "xiadong.caseworker")
    filed = await http.post(
        "/api/v1/complaints",
        json=COMPLAINT | {"content": "楼道漏水\u0000"},
        headers=worker | {"Idempotency-Key": uuid.uuid4().hex},
    )
    assert filed.status_code == 422 and "NUL" in filed.json()["error"]["message"], filed.text
    case = await http.get("/api/v1/cases/DJ-2026-000001%00", headers=worker)
    assert case.status_code in (404, 422), case.text
    saved = await http.put("/api/v1/saved-filters/mine%00", json={"name": "mine\u0000", "view": "mine"}, headers=worker)
    assert saved.status_code == 422, saved.text  # the gateway's own table

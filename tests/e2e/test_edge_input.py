"""Input the services cannot take is refused at the gateway's edge with a 422 naming the field,
never a 500 (issue #18): integers beyond their protobuf field, lone UTF-16 surrogates, a visibility
query Temporal cannot parse; and the connection stays usable after the refusal."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import httpx

from tests.e2e.test_slice import COMPLAINT, login

PHOTO = {"file_name": "a.jpg", "sha256": "c" * 64, "size_bytes": 1, "content_type": "image/jpeg"}
GRID_REPORT = {
    "channel": "grid_inspection",
    "community": "常平苑",
    "address": "东门车棚",
    "content": "车棚里有人飞线充电。",
    "complainant": {"name": "王强", "phone": "13500135000"},
    "location": {"latitude": 36.19, "longitude": 113.11},
}
# JSON with a lone surrogate escape, which json.dumps would not write from a Python str.
SURROGATE = '"\\ud800"'


def _field(reply: httpx.Response) -> str:
    assert reply.status_code == 422, reply.text
    return str(reply.json()["error"]["details"]["field"])


async def test_integers_beyond_the_proto_field_are_refused_naming_the_field(http: httpx.AsyncClient) -> None:
    grid = await login(http, "xiadong.grid")
    big_photo = GRID_REPORT | {"photos": [PHOTO | {"size_bytes": 99999999999999999999}]}
    assert _field(await http.post("/api/v1/complaints", json=big_photo, headers=grid)) == "photos.0.size_bytes"
    claim = await http.post(
        "/api/v1/tasks/no-such-task/claim", json={"expected_version": 18446744073709551616}, headers=grid
    )
    assert _field(claim) == "expected_version"
    department = await login(http, "staff.hb-luzhou")
    score = {"side": "department", "company_code": "PC-DFSJ", "scores": {"service": 9999999999}}
    evaluated = await http.post("/api/v1/reviews/any/evaluations", json=score, headers=department)
    assert _field(evaluated) == "scores.service"


async def test_lone_surrogates_are_refused_on_every_complaint_endpoint(http: httpx.AsyncClient) -> None:
    worker = await login(http, "xiadong.caseworker")
    body = (
        '{"channel":"online","community":"东方世家","address":"1","content":'
        + SURROGATE
        + ',"complainant":{"name":"张三","phone":"13800138000"}}'
    )
    headers = worker | {"Content-Type": "application/json", "Idempotency-Key": uuid.uuid4().hex}
    assert _field(await http.post("/api/v1/complaints", content=body, headers=headers)) == "content"
    public = (
        '{"community":"东方世家","address":"1","content":"漏水","complainant":{"name":'
        + SURROGATE
        + ',"phone":"13800138000"}}'
    )
    refused = await http.post("/api/v1/public/complaints", content=public, headers={"Content-Type": "application/json"})
    assert _field(refused) == "complainant.name" and "Unicode" in refused.json()["error"]["message"]
    # Raw bytes that are no UTF-8 at all are refused the same way, not parsed into a 400 or a 500.
    raw = b'{"content": "\xed\xa0\x80"}'
    assert (
        await http.post("/api/v1/public/complaints", content=raw, headers={"Content-Type": "application/json"})
    ).status_code == 422
    filed = await http.post(
        "/api/v1/complaints", json=COMPLAINT, headers=worker | {"Idempotency-Key": uuid.uuid4().hex}
    )
    assert filed.status_code == 201, filed.text  # nothing was left half-done by the refusals


async def test_a_query_temporal_rejects_is_a_422_and_the_connection_lives_on(http: httpx.AsyncClient) -> None:
    ops = await login(http, "ops")
    for path in ("/api/v1/ops/cases", "/ops/cases"):
        refused = await http.get(path, params={"query": "1=1"}, headers=ops)
        assert refused.status_code == 422, refused.text
        if path.startswith("/api"):
            assert refused.json()["error"]["details"]["field"] == "query"
        # The same keep-alive connection answers the next request.
        assert (
            await http.get("/api/v1/ops/cases", params={"query": "CaseStatus = 'TRIAGE'"}, headers=ops)
        ).status_code == 200


async def _chunks(size: int, first: bytes = b"") -> AsyncIterator[bytes]:
    """A body sent chunked (no Content-Length): `first`, then `size` bytes of filler."""
    yield first
    for _ in range(size // 65536):
        yield b" " * 65536


async def test_chunked_bodies_are_limited_on_the_bytes_received(http: httpx.AsyncClient) -> None:
    public = await http.post(
        "/api/v1/public/complaints",
        content=_chunks(4 * 1024 * 1024, b'{"content": "'),
        headers={"Content-Type": "application/json"},
    )
    assert public.status_code == 413 and public.json()["error"]["code"] == "payload_too_large", public.text
    form = await http.post(
        "/api/v1/auth/token",
        content=_chunks(4 * 1024 * 1024, b"username=admin&password="),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert form.status_code == 413, form.text
    worker = await login(http, "xiadong.caseworker")
    upload = await http.post(
        "/api/v1/intake/hotline-imports",
        content=_chunks(
            8 * 1024 * 1024, b'--b\r\nContent-Disposition: form-data; name="file"; filename="x.csv"\r\n\r\n'
        ),
        headers=worker | {"Content-Type": "multipart/form-data; boundary=b"},
    )
    assert upload.status_code == 413, upload.text


async def test_path_parameters_are_length_checked_before_any_service_call(http: httpx.AsyncClient) -> None:
    worker = await login(http, "xiadong.caseworker")
    long_case = await http.get("/api/v1/cases/" + "D" * 200, headers=worker)
    assert _field(long_case) == "path.case_no"
    huge = await http.get("/api/v1/cases/" + "D" * 10_000, headers=worker)
    assert huge.status_code == 422 and "grpc" not in huge.text.lower(), huge.text
    page = await http.get("/console/cases/" + "D" * 10_000)
    assert page.status_code == 422


async def test_a_public_idempotency_key_never_reveals_another_persons_case(http: httpx.AsyncClient) -> None:
    # Each person speaks from their own address (the stack trusts 127.0.0.1 as its proxy).
    first_person = {"X-Forwarded-For": "198.51.100.21"}
    stranger = {"X-Forwarded-For": "198.51.100.22"}
    key = {"Idempotency-Key": uuid.uuid4().hex}
    mine = {
        "community": "东方世家",
        "address": "5号楼",
        "content": "电梯困人",
        "complainant": {"name": "甲", "phone": "13800138011"},
    }
    theirs = {
        "community": "常平苑",
        "address": "2号楼",
        "content": "路灯不亮",
        "complainant": {"name": "乙", "phone": "13800138012"},
    }
    filed = await http.post("/api/v1/public/complaints", json=mine, headers=first_person | key)
    assert filed.status_code == 201, filed.text
    reused = await http.post("/api/v1/public/complaints", json=theirs, headers=stranger | key)
    assert reused.status_code == 201, reused.text  # their own complaint, filed on its own
    assert filed.json()["case_no"] not in reused.text and filed.json()["receipt_no"] not in reused.text
    resent = await http.post("/api/v1/public/complaints", json=mine, headers=first_person | key)
    assert resent.json()["receipt_no"] == filed.json()["receipt_no"]  # a retry still finds its receipt

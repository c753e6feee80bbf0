"""The gateway's liaison edge: REST with X-API-Key and the public gRPC port with x-api-key (and
mutual TLS as an option), forwarding to the real mediation service; admins create, rotate and
revoke keys (stored hashed, shown once, audited) and set webhook endpoints."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import grpc
import httpx
import pytest
import pytest_asyncio
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from fastapi import FastAPI
from fengqiao.mediation.v1 import liaison_pb2, liaison_pb2_grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc
from sqlmodel import select

from services.common.db import Database
from services.gateway.app import create_app
from services.gateway.models import ApiKey, AuditEntry
from services.gateway.settings import GatewaySettings
from tests.conftest import gateway_with_demo
from tests.helpers import IDENTITY_KEY
from tests.integration.conftest import Liaison, PreparedDatabase
from tests.integration.liaison_probe import LiaisonProbeWorkflow

COURT_KEY = {"X-API-Key": "demo-court-key"}
POLICE_KEY = {"X-API-Key": "demo-police-key"}


@dataclass
class Gateway:
    http: httpx.AsyncClient
    app: FastAPI
    db_url: str

    @property
    def grpc_address(self) -> str:
        return f"127.0.0.1:{self.app.state.liaison_grpc_port}"

    async def admin(self) -> dict[str, str]:
        reply = await self.http.post("/api/v1/auth/token", data={"username": "admin", "password": "fengqiao-demo"})
        return {"Authorization": f"Bearer {reply.json()['access_token']}"}


async def start_gateway(liaison: Liaison, db_url: str, **settings: Any) -> AsyncIterator[Gateway]:
    app = create_app(
        GatewaySettings(
            database_url=db_url,
            identity_key=IDENTITY_KEY,
            mediation_address=liaison.address,
            intake_address=liaison.intake.address,
            temporal_address=liaison.client.service_client.config.target_host,
            liaison_grpc_port=0,
            **settings,
        )
    )
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://gateway", timeout=30) as http:
            yield Gateway(http, app, db_url)


@pytest_asyncio.fixture
async def gateway(liaison: Liaison, db_kind: str, prepared_database: PreparedDatabase) -> AsyncIterator[Gateway]:
    url = await prepared_database(db_kind, "gateway+demo", gateway_with_demo)
    async for gw in start_gateway(liaison, url):
        yield gw


async def test_rest_liaison_flow(liaison: Liaison, gateway: Gateway) -> None:
    http = gateway.http
    referral_id, handle = await liaison.referral("litigation")
    assert (await http.get("/api/v1/liaison/referrals")).status_code == 401
    bad = await http.get("/api/v1/liaison/referrals", headers={"X-API-Key": "demo-open311-key"})
    assert bad.status_code == 401 and bad.json()["error"]["code"] == "unauthenticated"
    listed = (await http.get("/api/v1/liaison/referrals", headers=COURT_KEY)).json()
    [mine] = [r for r in listed["referrals"] if r["referral_id"] == referral_id]
    assert mine["allowed_kinds"] == ["case_filed", "declined"] and mine["purpose"] == "litigation"
    package = await http.get(f"/api/v1/liaison/referrals/{referral_id}", headers=COURT_KEY)
    assert package.status_code == 200 and package.json()["documents"] == ["调解协议书.pdf"]
    denied = await http.get(f"/api/v1/liaison/referrals/{referral_id}", headers=POLICE_KEY)
    assert denied.status_code == 403 and denied.json()["error"]["code"] == "permission_denied"

    body = {
        "message_id": uuid.uuid4().hex,
        "referral_id": referral_id,
        "kind": "case_filed",
        "reference_no": "(2026)晋0403民初123号",
    }
    first = await http.post("/api/v1/liaison/results", json=body, headers=COURT_KEY)
    assert first.status_code == 200, first.text
    assert first.json()["replayed"] is False and first.json()["reference_no"] == "（2026）晋0403民初123号"
    again = await http.post("/api/v1/liaison/results", json=body, headers=COURT_KEY)
    assert again.json()["replayed"] is True and again.json()["received_at"] == first.json()["received_at"]
    conflict = await http.post(
        "/api/v1/liaison/results", json=body | {"reference_no": "（2026）晋0403民初124号"}, headers=COURT_KEY
    )
    assert conflict.status_code == 409 and conflict.json()["error"]["code"] == "already_exists"
    wrong_org = await http.post(
        "/api/v1/liaison/results", json=body | {"message_id": uuid.uuid4().hex}, headers=POLICE_KEY
    )
    assert wrong_org.status_code == 403
    malformed = await http.post(
        "/api/v1/liaison/results",
        json=body | {"message_id": uuid.uuid4().hex, "reference_no": "晋0403民初123号"},
        headers=COURT_KEY,
    )
    assert malformed.status_code == 422 and malformed.json()["error"]["details"]["field"] == "reference_no"
    unknown_kind = await http.post("/api/v1/liaison/results", json=body | {"kind": "approved"}, headers=COURT_KEY)
    assert unknown_kind.status_code == 422 and unknown_kind.json()["error"]["details"]["field"] == "kind"
    assert len(await handle.query(LiaisonProbeWorkflow.received)) == 1
    await handle.signal(LiaisonProbeWorkflow.finish)
    await handle.result()
    late = await http.post(
        "/api/v1/liaison/results",
        json={"message_id": uuid.uuid4().hex, "referral_id": referral_id, "kind": "declined", "reason": "迟到"},
        headers=COURT_KEY,
    )
    assert late.status_code == 409 and "mediation has ended" in late.json()["error"]["message"]


async def test_admin_creates_rotates_and_revokes_keys(liaison: Liaison, gateway: Gateway) -> None:
    http, admin = gateway.http, await gateway.admin()
    name = f"court-{uuid.uuid4().hex[:6]}"
    spec = {"name": name, "purpose": "liaison", "role": "court_liaison", "organisation_code": "CT-LUZHOU"}
    court_user = await http.post("/api/v1/auth/token", data={"username": "court.liaison", "password": "fengqiao-demo"})
    not_admin = {"Authorization": f"Bearer {court_user.json()['access_token']}"}
    assert (await http.post("/api/v1/admin/api-keys", json=spec, headers=not_admin)).status_code == 403
    bad = await http.post("/api/v1/admin/api-keys", json=spec | {"organisation_code": ""}, headers=admin)
    assert bad.status_code == 422 and bad.json()["error"]["details"]["field"] == "organisation_code"
    bad_role = await http.post("/api/v1/admin/api-keys", json=spec | {"role": "admin"}, headers=admin)
    assert bad_role.status_code == 422 and bad_role.json()["error"]["details"]["field"] == "role"
    created = await http.post("/api/v1/admin/api-keys", json=spec, headers=admin)
    assert created.status_code == 201, created.text
    key = created.json()["key"]
    assert key.startswith("fqk_") and created.json()["organisations"] == ["CT-LUZHOU"]
    assert (await http.post("/api/v1/admin/api-keys", json=spec, headers=admin)).status_code == 409
    listed = (await http.get("/api/v1/admin/api-keys", headers=admin)).json()["api_keys"]
    assert name in {k["name"] for k in listed} and all("key" not in k for k in listed)
    db = Database(gateway.db_url)
    try:
        async with db.session() as session:
            row = (await session.exec(select(ApiKey).where(ApiKey.name == name))).one()
        assert key not in row.key_hash and len(row.key_hash) == 64
    finally:
        await db.dispose()
    assert (await http.get("/api/v1/liaison/referrals", headers={"X-API-Key": key})).status_code == 200

    rotated = await http.post(f"/api/v1/admin/api-keys/{name}/rotate", headers=admin)
    new_key = rotated.json()["key"]
    assert new_key != key
    assert (await http.get("/api/v1/liaison/referrals", headers={"X-API-Key": key})).status_code == 401
    assert (await http.get("/api/v1/liaison/referrals", headers={"X-API-Key": new_key})).status_code == 200
    async with grpc.aio.insecure_channel(gateway.grpc_address) as channel:
        stub = liaison_pb2_grpc.LiaisonServiceStub(channel)
        await stub.ListReferrals(liaison_pb2.ListReferralsRequest(), metadata=[("x-api-key", new_key)])
    assert (await http.post(f"/api/v1/admin/api-keys/{name}/revoke", headers=admin)).json()["is_active"] is False
    assert (await http.get("/api/v1/liaison/referrals", headers={"X-API-Key": new_key})).status_code == 401
    assert (await http.post("/api/v1/admin/api-keys/no-such-key/rotate", headers=admin)).status_code == 404

    hook = {"url": "https://court.example/fengqiao", "secret": "court-secret-0123456789"}
    assert (await http.put("/api/v1/admin/liaison/webhooks/CT-LUZHOU", json=hook, headers=admin)).status_code == 200
    plain = await http.put(
        "/api/v1/admin/liaison/webhooks/CT-LUZHOU", json=hook | {"url": "http://court.example/x"}, headers=admin
    )
    assert plain.status_code == 422 and plain.json()["error"]["details"]["field"] == "url"
    assert (await http.delete("/api/v1/admin/liaison/webhooks/CT-LUZHOU", headers=admin)).status_code == 200

    db = Database(gateway.db_url)
    try:
        async with db.session() as session:
            entries = (await session.exec(select(AuditEntry).where(AuditEntry.target.in_([name, "CT-LUZHOU"])))).all()  # type: ignore[attr-defined]
    finally:
        await db.dispose()
    actions = [e.action for e in entries]
    assert actions == [
        "api_key_create",
        "api_key_rotate",
        "api_key_revoke",
        "webhook_endpoint_set",
        "webhook_endpoint_remove",
    ]
    assert all(key not in e.detail and new_key not in e.detail and "court-secret" not in e.detail for e in entries)


async def test_public_grpc_port_authenticates_keys_and_forwards(liaison: Liaison, gateway: Gateway) -> None:
    referral_id, handle = await liaison.referral("police", "PS-DONGJIE")
    async with grpc.aio.insecure_channel(gateway.grpc_address) as channel:
        stub = liaison_pb2_grpc.LiaisonServiceStub(channel)
        for metadata in ([], [("x-api-key", "wrong")], [("x-api-key", "demo-open311-key")]):
            with pytest.raises(grpc.aio.AioRpcError) as info:
                await stub.ListReferrals(liaison_pb2.ListReferralsRequest(), metadata=metadata)
            assert info.value.code() == grpc.StatusCode.UNAUTHENTICATED
        police = [("x-api-key", "demo-police-key")]
        listed = await stub.ListReferrals(liaison_pb2.ListReferralsRequest(), metadata=police)
        assert referral_id in {r.referral_id for r in listed.referrals}
        with pytest.raises(grpc.aio.AioRpcError) as info:
            await stub.GetReferral(
                liaison_pb2.GetReferralRequest(referral_id=referral_id), metadata=[("x-api-key", "demo-court-key")]
            )
        assert info.value.code() == grpc.StatusCode.PERMISSION_DENIED
        request = liaison_pb2.SubmitResultRequest(
            message_id=uuid.uuid4().hex,
            referral_id=referral_id,
            kind=liaison_pb2.LIAISON_RESULT_KIND_POLICE_RESULT,
            reference_no="J14040301000020261129001",
            outcome="resolved",
        )
        with pytest.raises(grpc.aio.AioRpcError) as info:
            await stub.SubmitResult(request, metadata=police)
        assert info.value.code() == grpc.StatusCode.INVALID_ARGUMENT and "incident number" in (
            info.value.details() or ""
        )
        assert '"field": "reference_no"' in dict(info.value.trailing_metadata() or ())["x-error-details"]
        request.reference_no = "J140403010000202611290012"
        assert not (await stub.SubmitResult(request, metadata=police)).replayed
        assert (await stub.SubmitResult(request, metadata=police)).replayed
        health = await health_pb2_grpc.HealthStub(channel).Check(
            health_pb2.HealthCheckRequest(service="fengqiao.mediation.v1.LiaisonService")
        )
        assert health.status == health_pb2.HealthCheckResponse.SERVING
        reflection = reflection_pb2_grpc.ServerReflectionStub(channel)
        async for reply in reflection.ServerReflectionInfo(
            iter([reflection_pb2.ServerReflectionRequest(list_services="")])
        ):
            names = {s.name for s in reply.list_services_response.service}
            break
        assert "fengqiao.mediation.v1.LiaisonService" in names and not any("Admin" in n or "Task" in n for n in names)
    await handle.signal(LiaisonProbeWorkflow.finish)


def _certificate(
    subject: str,
    key: ec.EllipticCurvePrivateKey,
    issuer: tuple[x509.Name, ec.EllipticCurvePrivateKey] | None,
    *,
    ca: bool,
) -> x509.Certificate:
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)])
    issuer_name, issuer_key = issuer or (name, key)
    now = dt.datetime.now(dt.UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(issuer_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if not ca:
        builder = builder.add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
    return builder.sign(issuer_key, hashes.SHA256())


def _pem(item: x509.Certificate | ec.EllipticCurvePrivateKey) -> bytes:
    if isinstance(item, x509.Certificate):
        return item.public_bytes(serialization.Encoding.PEM)
    return item.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


async def test_mutual_tls_admits_only_clients_with_a_certificate_from_the_ca(
    liaison: Liaison, prepared_database: PreparedDatabase, db_kind: str, tmp_path: Path
) -> None:
    ca_key, server_key, client_key, stranger_key = (ec.generate_private_key(ec.SECP256R1()) for _ in range(4))
    ca = _certificate("Fengqiao test CA", ca_key, None, ca=True)
    server = _certificate("localhost", server_key, (ca.subject, ca_key), ca=False)
    client = _certificate("court-client", client_key, (ca.subject, ca_key), ca=False)
    stranger = _certificate("stranger", stranger_key, None, ca=False)
    files = {"ca": _pem(ca), "cert": _pem(server), "key": _pem(server_key)}
    for name, data in files.items():
        (tmp_path / f"{name}.pem").write_bytes(data)
    url = await prepared_database(db_kind, "gateway+demo", gateway_with_demo)
    async for gw in start_gateway(
        liaison,
        url,
        liaison_grpc_host="localhost",
        liaison_tls_cert_path=str(tmp_path / "cert.pem"),
        liaison_tls_key_path=str(tmp_path / "key.pem"),
        liaison_tls_client_ca_path=str(tmp_path / "ca.pem"),
    ):
        address = f"localhost:{gw.app.state.liaison_grpc_port}"
        court = [("x-api-key", "demo-court-key")]
        good = grpc.ssl_channel_credentials(_pem(ca), _pem(client_key), _pem(client))
        async with grpc.aio.secure_channel(address, good) as channel:
            await liaison_pb2_grpc.LiaisonServiceStub(channel).ListReferrals(
                liaison_pb2.ListReferralsRequest(), metadata=court
            )
        for credentials in (
            grpc.ssl_channel_credentials(_pem(ca)),  # no client certificate
            grpc.ssl_channel_credentials(_pem(ca), _pem(stranger_key), _pem(stranger)),  # not from the CA
        ):
            async with grpc.aio.secure_channel(address, credentials) as channel:
                with pytest.raises(grpc.aio.AioRpcError) as info:
                    await liaison_pb2_grpc.LiaisonServiceStub(channel).ListReferrals(
                        liaison_pb2.ListReferralsRequest(), metadata=court, timeout=5
                    )
                assert info.value.code() == grpc.StatusCode.UNAVAILABLE
        async with grpc.aio.insecure_channel(address) as channel:
            with pytest.raises(grpc.aio.AioRpcError):
                await liaison_pb2_grpc.LiaisonServiceStub(channel).ListReferrals(
                    liaison_pb2.ListReferralsRequest(), metadata=court, timeout=5
                )

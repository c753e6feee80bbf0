"""Temporal's remote codec protocol, so Temporal UI can show encrypted payloads to those allowed.

POST /codec/decode and /codec/encode take and return `{"payloads": [{"metadata": {…}, "data": …}]}`
(protobuf JSON, bytes in base64). Decoding reveals what people wrote, so it needs a role in
`codec_roles` (admin by default) and every decode is an audit entry. CORS answers only the
configured Temporal UI origin.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from fastapi import APIRouter, FastAPI, Request, Response
from google.protobuf.json_format import MessageToJson, Parse, ParseError
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from temporalio.api.common.v1 import Payloads

from services.common import scope
from services.common.codec import KEY_ID_KEY, CodecError
from services.gateway import audit
from services.gateway.deps import BackendsDep
from services.gateway.errors import ApiError
from services.gateway.ops.auth import SignedIn, require
from services.gateway.schemas.codec import PayloadsPublic
from services.gateway.schemas.common import refusals

router = APIRouter(prefix="/codec", tags=["ops"])
_PREFIX = "/codec/"
# The handlers parse the body themselves (protobuf JSON), so the document says what they take.
_PAYLOADS: dict[str, Any] = {
    "response_model": PayloadsPublic,
    "responses": refusals(401, 403, 413, 422),
    "openapi_extra": {
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PayloadsPublic"}}},
        }
    },
}


async def _payloads(request: Request) -> Payloads:
    try:
        return Parse(await request.body(), Payloads())
    except (ParseError, UnicodeDecodeError) as exc:
        raise ApiError(
            422, "invalid_argument", f"the body is not a payloads object: {exc}", {"field": "payloads"}
        ) from exc


def _json(payloads: Payloads) -> Response:
    return Response(content=MessageToJson(payloads), media_type="application/json")


@router.post("/decode", **_PAYLOADS)
async def decode(request: Request, backends: BackendsDep, identity: SignedIn) -> Response:
    roles = tuple(r for r in backends.settings.codec_roles.split(",") if r)
    require(identity, roles, "decoding payloads")
    payloads = await _payloads(request)
    namespace = request.headers.get("x-namespace", backends.settings.temporal_namespace)
    codec = backends.temporal.data_converter.payload_codec
    assert codec is not None  # services/common/temporal.py always sets it
    key_ids = sorted({p.metadata[KEY_ID_KEY].decode() for p in payloads.payloads if KEY_ID_KEY in p.metadata})
    # Audited before anything is revealed, so no decode goes unrecorded.
    await audit.append(
        backends.db,
        actor=identity.subject,
        action=audit.CODEC_DECODE,
        target=f"namespace:{namespace}",
        detail={"payloads": len(payloads.payloads), "key_ids": key_ids},
    )
    try:
        decoded = await codec.decode(payloads.payloads)
    except CodecError as exc:
        raise ApiError(422, "invalid_argument", str(exc), {"field": "payloads"}) from exc
    return _json(Payloads(payloads=decoded))


@router.post("/encode", **_PAYLOADS)
async def encode(request: Request, backends: BackendsDep, identity: SignedIn) -> Response:
    require(identity, (scope.OPS, scope.ADMIN), "encoding payloads")
    payloads = await _payloads(request)
    codec = backends.temporal.data_converter.payload_codec
    assert codec is not None
    return _json(Payloads(payloads=await codec.encode(payloads.payloads)))


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def install_cors(app: FastAPI, ui_url: str) -> None:
    """CORS for the codec endpoint only, and only for Temporal UI's origin (credentials allowed,
    so the ops session cookie travels when the UI is set to include cross-origin credentials)."""
    app.add_middleware(_CodecCors, allowed=_origin(ui_url))


class _CodecCors:
    """Pure ASGI: every other request passes straight through (issue #19: as an
    `@app.middleware("http")` function it ran each request of the gateway in a task of its own)."""

    def __init__(self, app: ASGIApp, allowed: str) -> None:
        self.app = app
        self.allowed = allowed

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or not scope["path"].startswith(_PREFIX)
            or Headers(scope=scope).get("origin") != self.allowed
        ):
            await self.app(scope, receive, send)
            return
        headers = {
            "Access-Control-Allow-Origin": self.allowed,
            "Access-Control-Allow-Credentials": "true",
            "Vary": "Origin",
        }
        if scope["method"] == "OPTIONS":
            headers |= {
                "Access-Control-Allow-Methods": "POST, OPTIONS",
                "Access-Control-Allow-Headers": "Content-Type, X-Namespace, Authorization",
                "Access-Control-Max-Age": "600",
            }
            await Response(status_code=204, headers=headers)(scope, receive, send)
            return

        async def with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message).update(headers)
            await send(message)

        await self.app(scope, receive, with_cors)

"""The request at the edge, before any handler sees it: path segments of a bounded length, the body's
size counted on the bytes actually received (a chunked body has no Content-Length to trust), and a JSON body's text checked to be
valid Unicode (a lone UTF-16 surrogate such as "\\ud800" parses as JSON but cannot be encoded for
a proto, a database or a log)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from fastapi import HTTPException
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from services.gateway.errors import error_response

# No id in a path is this long; a longer segment is refused before routing.
MAX_PATH_SEGMENT = 256


def lone_surrogate_at(value: Any, path: str = "") -> str | None:
    """The dotted path of the first text (value or key) in parsed JSON that is not valid Unicode."""
    if isinstance(value, str):
        return None if value.isascii() or _encodes(value) else path
    if isinstance(value, list):
        for i, item in enumerate(value):
            if (found := lone_surrogate_at(item, f"{path}.{i}" if path else str(i))) is not None:
                return found
    if isinstance(value, dict):
        for key, item in value.items():
            where = f"{path}.{key}" if path else key
            if not _encodes(key):
                return path or "(key)"
            if (found := lone_surrogate_at(item, where)) is not None:
                return found
    return None


def _encodes(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _is_json(headers: Headers) -> bool:
    media = headers.get("content-type", "").split(";")[0].strip().lower()
    return media == "application/json" or media.endswith("+json")


class BodyGuard:
    """Pure ASGI middleware. `limit_for(path)` is the most a request to `path` may send."""

    def __init__(self, app: ASGIApp, limit_for: Callable[[str], int]) -> None:
        self.app = app
        self.limit_for = limit_for

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if any(len(segment) > MAX_PATH_SEGMENT for segment in scope["path"].split("/")):
            # Routes check their own parameters (PathKey, 128 characters); this covers every page too.
            message = f"a path segment is longer than {MAX_PATH_SEGMENT} characters"
            await error_response(422, "invalid_argument", message, {"field": "path", "problems": []})(
                scope, receive, send
            )
            return
        limit = self.limit_for(scope["path"])
        headers = Headers(scope=scope)
        length = headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > limit):
            await _too_large(limit)(scope, receive, send)
            return
        if _is_json(headers):
            await self._json(scope, receive, send, limit)
            return
        await self.app(scope, _counting(receive, limit), send)

    async def _json(self, scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        """JSON bodies are small (the limit is 64 KB): read whole, checked, then handed on."""
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away before sending its body
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                await _too_large(limit)(scope, receive, send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        try:
            parsed = json.loads(body)
        except UnicodeDecodeError:
            answer = error_response(
                422, "invalid_argument", "the body must be UTF-8 text", {"field": "", "problems": []}
            )
            await answer(scope, receive, send)
            return
        except ValueError:
            parsed = None  # not JSON: FastAPI's own parse answers 422 for it
        field = lone_surrogate_at(parsed)
        if field is not None:
            message_text = f"{field}: text must be valid Unicode (a lone UTF-16 surrogate is not)"
            answer = error_response(422, "invalid_argument", message_text, {"field": field, "problems": []})
            await answer(scope, receive, send)
            return
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


def _too_large(limit: int) -> ASGIApp:
    return error_response(413, "payload_too_large", f"request bodies are limited to {limit} bytes")


def _counting(receive: Receive, limit: int) -> Receive:
    """`receive`, refusing with 413 once more than `limit` bytes have arrived (uploads, forms)."""
    size = 0

    async def counted() -> Message:
        nonlocal size
        message = await receive()
        if message["type"] == "http.request":
            size += len(message.get("body", b""))
            if size > limit:
                raise HTTPException(413, f"request bodies are limited to {limit} bytes")
        return message

    return counted

"""Open311 GeoReport v2 documents in the specification's two formats (JSON and XML), its error
format, and its W3C date-times. Pure functions, no I/O."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any
from xml.etree import ElementTree as ET

from fastapi.responses import Response

from services.common.clock import SHANGHAI, as_utc

FORMATS = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}
# The element name of a list's items in XML, by the list's own name.
_ITEM_TAG = {
    "services": "service",
    "service_requests": "request",
    "attributes": "attribute",
    "values": "value",
    "errors": "error",
    "endpoints": "endpoint",
    "formats": "format",
}


class Open311Error(Exception):
    """An error answered in the specification's format: [{"code", "description"}]."""

    def __init__(self, code: int, description: str) -> None:
        super().__init__(description)
        self.code, self.description = code, description


def w3c(value: datetime | None) -> str | None:
    """A W3C date-time with the Beijing offset, e.g. 2026-11-29T11:45:00+08:00."""
    if value is None:
        return None
    return as_utc(value).astimezone(SHANGHAI).replace(microsecond=0).isoformat()


def parse_w3c(text: str, name: str) -> datetime:
    """A client's W3C date-time; it must carry a time zone (Z or ±hh:mm)."""
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError as exc:
        raise Open311Error(400, f"{name} {text!r} is not a W3C date-time like 2026-11-29T11:45:00+08:00") from exc
    if value.tzinfo is None:
        raise Open311Error(400, f"{name} {text!r} needs a time zone (Z or +08:00)")
    return value


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _element(tag: str, value: Any) -> ET.Element:
    element = ET.Element(tag)
    if isinstance(value, dict):
        for key, item in value.items():
            element.append(_element(key, item))
    elif isinstance(value, list):
        item_tag = _ITEM_TAG.get(tag, "item")
        for item in value:
            element.append(_element(item_tag, item))
    else:
        element.text = _text(value)
    return element


def to_xml(root: str, body: Any) -> bytes:
    """The document with an XML declaration naming UTF-8, as the specification requires."""
    return ET.tostring(_element(root, body), encoding="utf-8", xml_declaration=True)


def render(fmt: str, root: str, body: Any, status: int = 200) -> Response:
    """`body` as JSON, or as XML under `root` (a list becomes items named after the root)."""
    if fmt == "xml":
        return Response(to_xml(root, body), status_code=status, media_type=FORMATS["xml"])
    return Response(json.dumps(body, ensure_ascii=False).encode(), status_code=status, media_type=FORMATS["json"])


def render_error(fmt: str, error: Open311Error) -> Response:
    return render(
        fmt if fmt in FORMATS else "json",
        "errors",
        [{"code": error.code, "description": error.description}],
        error.code,
    )


def comma_list(text: str | None, name: str, *, limit: int = 200) -> list[str]:
    items = [item.strip() for item in (text or "").split(",") if item.strip()]
    if len(items) > limit:
        raise Open311Error(400, f"{name} lists more than {limit} values")
    return items

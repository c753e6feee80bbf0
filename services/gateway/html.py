"""The gateway's HTML, one way for both rooms (the console and ops): Jinja templates under
templates/<room>/, times in Asia/Shanghai, and the page language and signed-in person in every page."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from google.protobuf.timestamp_pb2 import Timestamp

from services.common.clock import SHANGHAI
from services.gateway.console.i18n import kind_title, outcome_label, translate
from services.gateway.console.session import language

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).resolve().parent / "templates"))


def shanghai_time(value: Timestamp | datetime | None) -> str:
    """A time as people in Changzhi read it: Asia/Shanghai, minutes."""
    if isinstance(value, Timestamp):
        if not value.seconds and not value.nanos:
            return ""
        value = value.ToDatetime(tzinfo=SHANGHAI)
    if value is None:
        return ""
    return value.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M")


TEMPLATES.env.filters["shanghai"] = shanghai_time


def render(request: Request, name: str, context: dict[str, Any], status_code: int = 200) -> HTMLResponse:
    """The template `name` (e.g. "console/inbox.html") with the context and what every page reads."""
    lang = language(request)
    base = {
        "lang": lang,
        "t": lambda key: translate(key, lang),
        "kind_title": lambda kind: kind_title(kind, lang),
        "outcome_label": lambda kind, outcome: outcome_label(kind, outcome, lang),
        "me": getattr(request.state, "identity", None),
    }
    return TEMPLATES.TemplateResponse(request, name, base | context, status_code=status_code)

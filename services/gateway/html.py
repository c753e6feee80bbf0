"""The gateway's HTML, one way for every room (the console, ops and the public pages): Jinja
templates under templates/<room>/, one time format (Asia/Shanghai, services/gateway/timefmt.py),
names instead of codes (services/gateway/names.py), and the page language and signed-in person in
every page."""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

from fastapi import Request, Response
from fastapi.responses import HTMLResponse
from fastapi.routing import APIRoute
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape

from services.gateway.console import vocabulary
from services.gateway.console.i18n import kind_title, outcome_label, translate
from services.gateway.console.session import language
from services.gateway.errors import ApiError
from services.gateway.names import Names, load_names
from services.gateway.timefmt import TimeLike, as_datetime, due_text, shanghai_time

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).resolve().parent / "templates"))
TEMPLATES.env.filters["shanghai"] = shanghai_time


def deadline(value: TimeLike, lang: str) -> Markup:
    """A deadline as every page shows it: local time, then how far it is (red once past)."""
    moment = as_datetime(value)
    if moment is None:
        return Markup("—")
    words = due_text(moment, lang)
    late = " late" if words.startswith(("已超期", "overdue")) else ""
    return Markup('<time datetime="{}">{}</time> <span class="due-rel{}">{}</span>').format(
        moment.isoformat(), shanghai_time(moment), late, escape(words)
    )


# A case number (DJ-2026-000123); other workflows' tasks carry their own reference in its place.
_CASE_NO = re.compile(r"[A-Z]{2,8}-\d{4}-\d{6}")
_QUARTER = re.compile(r"(\d{4})Q([1-4])$")


def task_subject(case_no: str, company_code: str, lang: str, names: Names) -> str:
    """What a task is about, for its row and heading: the case number; for a supervision or takeover
    task (its reference is an internal id such as EV-PC-…-3f2a…) the company's name; for a
    quarterly review's task the quarter."""
    if not case_no or _CASE_NO.fullmatch(case_no):
        return case_no
    if company_code:
        return names.organisation(company_code)
    quarter = _QUARTER.search(case_no)
    if quarter:
        return f"{quarter[1]} Q{quarter[2]}" if lang == "en" else f"{quarter[1]}年第{quarter[2]}季度"
    return ""


def _vocabulary(lang: str, names: Names) -> dict[str, Any]:
    """What templates call to turn a code into what a person reads."""

    def group(code: str) -> str:
        org, _, role = code.partition(":")
        return f"{names.organisation(org)} · {vocabulary.pick(vocabulary.ROLES, role, lang)}"

    return {
        "t": lambda key: translate(key, lang),
        "kind_title": lambda kind: kind_title(kind, lang),
        "outcome_label": lambda kind, outcome: outcome_label(kind, outcome, lang),
        "org_name": names.organisation,
        "person_name": lambda username: names.person(username, lang),
        "community_name": names.community,
        "category_name": lambda code: names.category(code, lang),
        "group_name": group,
        "channel_name": lambda code: vocabulary.pick(vocabulary.CHANNELS, code, lang),
        "choice_name": lambda code: vocabulary.bilingual(vocabulary.pick(vocabulary.CHOICES, code, lang), lang),
        "event_label": lambda kind: vocabulary.event_label(kind, lang),
        "say": lambda text: vocabulary.bilingual(text, lang),
        "tell": lambda text: vocabulary.humanise(text, lang, names.organisation),
        "due_text": lambda value: due_text(value, lang),
        "deadline": lambda value: deadline(value, lang),
        "task_subject": lambda case_no, company="": task_subject(case_no, company, lang, names),
    }


def render(request: Request, name: str, context: dict[str, Any], status_code: int = 200) -> HTMLResponse:
    """The template `name` (e.g. "console/inbox.html") with the context and what every page reads."""
    lang = language(request)
    names: Names = getattr(request.state, "names", None) or Names()
    base = {"lang": lang, "me": getattr(request.state, "identity", None), "names": names} | _vocabulary(lang, names)
    return TEMPLATES.TemplateResponse(request, name, base | context, status_code=status_code)


class PageRoute(APIRoute, ABC):
    """A room's page route: the names a page shows are loaded before its handler runs, and a
    refusal the room answers itself (`refusals`) becomes its HTML page instead of the API's JSON."""

    refusals: tuple[type[Exception], ...] = (ApiError,)

    @abstractmethod
    def refusal_page(self, request: Request, refused: Exception) -> Response:
        """The room's answer to one of its `refusals`."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def handle(request: Request) -> Response:
            await load_names(request)
            try:
                return await handler(request)
            except self.refusals as refused:
                return self.refusal_page(request, refused)

        return handle

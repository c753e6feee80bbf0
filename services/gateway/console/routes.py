"""The web console's pages: landing, sign-in, inbox, task, case search and case, community,
property company. Chinese first (an English switch in a cookie), times in Asia/Shanghai.

This module is the console's router: the landing page, sign-in and the language switch, and the
pages of inbox_pages, task_pages and case_pages."""

from __future__ import annotations

from urllib.parse import urlsplit

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from services.gateway import sessions
from services.gateway.console import (
    case_pages,
    category_pages,
    inbox_pages,
    intake_pages,
    manage_pages,
    takeover_pages,
    task_pages,
)
from services.gateway.console.i18n import LANGUAGES
from services.gateway.console.pages import ConsoleRoute, error_page
from services.gateway.console.session import LANGUAGE_COOKIE, SESSION_COOKIE
from services.gateway.deps import BackendsDep
from services.gateway.errors import ApiError
from services.gateway.html import render
from services.gateway.public import client_of
from services.gateway.signin import Password, Username, set_session_cookie, sign_in, signed_out

router = APIRouter(include_in_schema=False, route_class=ConsoleRoute)


@router.get("/", response_class=HTMLResponse)
async def home(request: Request, backends: BackendsDep) -> Response:
    return render(request, "console/home.html", {"temporal_ui": backends.settings.temporal_ui_url})


@router.get("/console/login", response_class=HTMLResponse)
async def login_page(request: Request) -> Response:
    return render(request, "console/login.html", {"failed": False})


@router.post("/console/login", response_class=HTMLResponse)
async def login(
    request: Request,
    backends: BackendsDep,
    username: Username,
    password: Password,
) -> Response:
    try:
        identity = await sign_in(backends, username, password, client_of(request, backends))
    except ApiError:
        return render(request, "console/login.html", {"failed": True, "username": username}, 401)
    response = RedirectResponse("/console/inbox", status_code=303)
    set_session_cookie(response, backends, SESSION_COOKIE, identity, samesite="strict")
    return response


@router.post("/console/logout")
async def logout(request: Request, backends: BackendsDep) -> Response:
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        await sessions.revoke(backends, token)  # the token ends here, not only the cookie
    return signed_out(SESSION_COOKIE, "/console/login")


@router.get("/console/lang/{lang}")
async def switch_language(lang: str, request: Request, backends: BackendsDep) -> Response:
    # Back to the page the switch was clicked on — its path only, never another site.
    referer = urlsplit(request.headers.get("referer", ""))
    target = (
        (referer.path + (f"?{referer.query}" if referer.query else ""))
        if referer.path.startswith("/") and not referer.path.startswith("//")
        else ""
    )
    response = RedirectResponse(target or "/console/inbox", status_code=303)
    if lang in LANGUAGES:
        response.set_cookie(
            LANGUAGE_COOKIE,
            lang,
            max_age=365 * 86400,
            samesite="lax",
            secure=backends.settings.environment == "production",
        )
    return response


for pages in (inbox_pages, task_pages, category_pages, case_pages, takeover_pages, intake_pages, manage_pages):
    router.include_router(pages.router)


# Last, so every real page matches first: an unknown console address is a Chinese 404 page, not JSON.
@router.get("/console/{rest:path}", response_class=HTMLResponse)
async def not_found(request: Request, rest: str) -> Response:
    return error_page(request, 404, f"no console page at /console/{rest}")

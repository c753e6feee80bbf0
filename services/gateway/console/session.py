"""Who is signed in to the console: the same JWT as the API, carried in an HttpOnly, SameSite=Strict cookie."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from services.common.identity import Identity
from services.gateway import sessions
from services.gateway.console.i18n import DEFAULT_LANGUAGE, LANGUAGES
from services.gateway.deps import Backends, BackendsDep
from services.gateway.errors import ApiError

SESSION_COOKIE = "fq_session"
LANGUAGE_COOKIE = "fq_lang"


async def identity_from_cookie(request: Request, backends: Backends) -> Identity | None:
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return None
    try:
        return await sessions.identity_of_token(backends, token)
    except ApiError:
        return None


def language(request: Request) -> str:
    lang = request.cookies.get(LANGUAGE_COOKIE, DEFAULT_LANGUAGE)
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


class SignInFirst(ApiError):
    def __init__(self) -> None:
        super().__init__(401, "unauthenticated", "sign in first")


async def signed_in(request: Request, backends: BackendsDep) -> Identity:
    """The cookie's identity, kept on the request for the templates; SignInFirst without one."""
    identity = await identity_from_cookie(request, backends)
    if identity is None:
        raise SignInFirst()
    request.state.identity = identity
    return identity


Me = Annotated[Identity, Depends(signed_in)]

"""Who is signed in to the console: the same JWT as the API, carried in an HttpOnly, SameSite=Strict cookie."""

from __future__ import annotations

from typing import Annotated

import jwt
from fastapi import Depends, Request

from services.common.identity import Identity
from services.gateway.console.i18n import DEFAULT_LANGUAGE, LANGUAGES
from services.gateway.deps import BackendsDep
from services.gateway.errors import ApiError
from services.gateway.security import read_token

SESSION_COOKIE = "fq_session"
LANGUAGE_COOKIE = "fq_lang"


def identity_from_cookie(request: Request, secret: str) -> Identity | None:
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return None
    try:
        return read_token(token, secret)
    except jwt.InvalidTokenError:
        return None


def language(request: Request) -> str:
    lang = request.cookies.get(LANGUAGE_COOKIE, DEFAULT_LANGUAGE)
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


class SignInFirst(ApiError):
    def __init__(self) -> None:
        super().__init__(401, "unauthenticated", "sign in first")


def signed_in(request: Request, backends: BackendsDep) -> Identity:
    """The cookie's identity, kept on the request for the templates; SignInFirst without one."""
    identity = identity_from_cookie(request, backends.settings.jwt_secret)
    if identity is None:
        raise SignInFirst()
    request.state.identity = identity
    return identity


Me = Annotated[Identity, Depends(signed_in)]

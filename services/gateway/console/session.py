"""Console sign-in: the same JWT as the API, carried in an HttpOnly, SameSite=Strict cookie."""

from __future__ import annotations

import jwt
from fastapi import Request

from services.common.identity import Identity
from services.gateway.console.i18n import DEFAULT_LANGUAGE, LANGUAGES
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

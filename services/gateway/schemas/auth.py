"""Sign-in's answer and the caller as the API sees them."""

from __future__ import annotations

from pydantic import BaseModel


class TokenPublic(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int


class MePublic(BaseModel):
    username: str
    display_name: str
    roles: list[str]
    organisations: list[str]

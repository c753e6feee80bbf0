"""Gateway tables: the people who log in, with their roles and organisations."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel
from sqlmodel import Field, SQLModel

metadata = SQLModel.metadata


class User(SQLModel, table=True):
    __tablename__ = "app_user"

    username: str = Field(primary_key=True, max_length=64)
    display_name: str = Field(max_length=64)
    password_hash: str = Field(max_length=200)
    roles: str = Field(max_length=200)  # comma-separated role identifiers
    organisations: str = Field(max_length=400)  # comma-separated organisation codes
    is_active: bool = True
    # Demo identities log in only in development (DESIGN.md).
    is_demo: bool = False
    created_at: datetime


class UserPublic(BaseModel):
    username: str
    display_name: str
    roles: list[str]
    organisations: list[str]


class Token(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int


class SavedFilter(SQLModel, table=True):
    """An inbox view with its filters, saved on the server under a name, per user (issue #4)."""

    __tablename__ = "saved_filter"

    username: str = Field(primary_key=True, max_length=64)
    name: str = Field(primary_key=True, max_length=60)
    view: str = Field(max_length=16)
    query_json: str = Field(max_length=2000)  # the filter parameters, as the inbox takes them
    created_at: datetime


class AuditEntry(SQLModel, table=True):
    """Append-only record of sensitive reads (personal data revealed). Written only by audit.py."""

    __tablename__ = "audit_entry"

    seq: int | None = Field(default=None, primary_key=True)
    actor: str = Field(index=True, max_length=64)
    action: str = Field(max_length=40)
    subject: str = Field(index=True, max_length=120)
    detail: str = Field(default="", max_length=500)
    occurred_at: datetime

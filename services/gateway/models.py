"""Gateway tables: the people who log in, with their roles and organisations."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger
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


class AuditEntry(SQLModel, table=True):
    """One audited action. Rows are only ever inserted (database triggers refuse UPDATE and
    DELETE); each row's hash covers its content and the previous row's hash, so a changed or
    deleted row breaks the chain (services/gateway/audit.py verifies it)."""

    __tablename__ = "audit_entry"

    seq: int = Field(primary_key=True)
    occurred_at: datetime
    actor: str = Field(max_length=64)
    action: str = Field(max_length=64, index=True)
    target: str = Field(max_length=200)
    detail: str  # canonical JSON
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)


class ApiKey(SQLModel, table=True):
    """A system's API key (Open311 clients, liaison systems). Only its SHA-256 is stored: keys
    are long random strings, so a fast hash suffices and a leaked table reveals no key."""

    __tablename__ = "api_key"

    key_hash: str = Field(primary_key=True, max_length=64)
    name: str = Field(unique=True, max_length=64)
    # What the key is for: "open311" (POST requests) or a liaison purpose.
    purpose: str = Field(index=True, max_length=32)
    roles: str = Field(max_length=200)  # comma-separated role identifiers
    organisations: str = Field(default="", max_length=400)  # comma-separated organisation codes
    is_active: bool = True
    # Demo keys work in development only (DESIGN.md).
    is_demo: bool = False
    created_at: datetime


class SavedFilter(SQLModel, table=True):
    """An inbox view with its filters, saved on the server under a name, per user (issue #4)."""

    __tablename__ = "saved_filter"

    username: str = Field(primary_key=True, max_length=64)
    name: str = Field(primary_key=True, max_length=60)
    view: str = Field(max_length=16)
    query_json: str = Field(max_length=2000)  # the filter parameters, as the inbox takes them
    created_at: datetime


class EdgeCounter(SQLModel, table=True):
    """How many times `key` happened in the fixed window starting at `window_start` (epoch seconds):
    public requests per client, failed sign-ins per account and per client. In the gateway's
    database so that every replica counts against one limit (issue #18)."""

    __tablename__ = "edge_counter"

    key: str = Field(primary_key=True, max_length=200)
    window_start: int = Field(primary_key=True, sa_type=BigInteger)
    count: int = 0
    expires_at: datetime = Field(index=True)


class RevokedToken(SQLModel, table=True):
    """A signed-out session token (its jti), refused until it would have expired anyway."""

    __tablename__ = "revoked_token"

    jti: str = Field(primary_key=True, max_length=64)
    expires_at: datetime = Field(index=True)

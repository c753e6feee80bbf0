"""Settings shared by every process. Each process has one validated Settings class built on this."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any, Literal

from pydantic import AliasChoices, Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from services.common import secret_strength

ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = ROOT / ".data"

# Development-only secrets. A process outside development refuses to start with them.
DEV_IDENTITY_KEY = "dev-identity-key-change-me-0123456789"
DEV_JWT_SECRET = "dev-jwt-secret-change-me-0123456789"
# Key ring of the payload codec: `<key id>:<base64 of 32 bytes>`, comma-separated (services/common/codec.py).
DEV_PAYLOAD_KEYS = "dev-1:ZGV2LXBheWxvYWQta2V5LWNoYW5nZS1tZS0wMTIzNDU="


def sqlite_url(name: str) -> str:
    """The embedded default database of a service: a SQLite file under .data/."""
    return f"sqlite+aiosqlite:///{DATA_DIR / name}.db"


class CommonSettings(BaseSettings):
    """What every process needs: environment, identity key, Temporal, service addresses."""

    model_config = SettingsConfigDict(env_prefix="FENGQIAO_", extra="ignore", populate_by_name=True)

    environment: Literal["development", "test", "production"] = "development"
    log_level: str = "INFO"
    # HMAC key with which the gateway signs the caller's identity for the services.
    identity_key: str = DEV_IDENTITY_KEY

    temporal_address: str = "127.0.0.1:7233"
    temporal_namespace: str = "default"
    temporal_task_queue: str = "fengqiao-cases"
    temporal_tls: bool = False
    temporal_tls_ca_path: str | None = None
    temporal_tls_cert_path: str | None = None
    temporal_tls_key_path: str | None = None
    # Temporal Cloud (issue 12): the namespace's API key (a secret; turns TLS on by itself), and the
    # name the server's certificate carries when it differs from the address's host.
    temporal_api_key: str | None = None
    temporal_tls_server_name: str | None = None
    # How long a process waits for Temporal to answer at start before it refuses to start.
    temporal_connect_seconds: float = Field(default=10.0, gt=0)
    temporal_ui_url: str = "http://127.0.0.1:8233"

    # Payload encryption (DESIGN.md invariant 6): every key that may still open a payload, and the
    # one that seals new payloads. Rotate by adding a key and making it current; keep the old one.
    payload_keys: str = DEV_PAYLOAD_KEYS
    payload_key_id: str = "dev-1"
    # OpenTelemetry: spans go to this OTLP/gRPC collector (e.g. http://127.0.0.1:4317) when set.
    otlp_endpoint: str | None = None

    # The gateway as the outside world reaches it: links in webhooks sent to liaison systems.
    public_url: str = "http://127.0.0.1:8000"

    intake_address: str = "127.0.0.1:50051"
    mediation_address: str = "127.0.0.1:50052"
    evaluation_address: str = "127.0.0.1:50053"

    # Where the gRPC servers, the worker's health port and /metrics listen: this machine only by
    # default; 0.0.0.0 in a container, where the pod's network is the boundary (deploy/k8s).
    bind_host: str = "127.0.0.1"

    @model_validator(mode="after")
    def _refuse_dev_secrets(self) -> CommonSettings:
        if self.environment == "production" and self.identity_key == DEV_IDENTITY_KEY:
            raise ValueError("FENGQIAO_IDENTITY_KEY must be set outside development")
        if self.environment == "production" and self.payload_keys == DEV_PAYLOAD_KEYS:
            raise ValueError("FENGQIAO_PAYLOAD_KEYS must be set outside development")
        if self.environment == "production":
            refuse_weak_secret("FENGQIAO_IDENTITY_KEY", self.identity_key.encode())
            for part in filter(None, (p.strip() for p in self.payload_keys.split(","))):
                kid, _, encoded = part.partition(":")
                key = base64.b64decode(encoded + "=" * (-len(encoded) % 4), validate=False)
                refuse_weak_secret(f"FENGQIAO_PAYLOAD_KEYS (key {kid!r})", key)
            self._refuse_missing_database_url()
        return self

    def _refuse_missing_database_url(self) -> None:
        """In production a process with a database names it: the SQLite file under .data/ is the
        single-machine default, never what a cluster meant."""
        field = type(self).model_fields.get("database_url")
        if field is None or "database_url" in self.model_fields_set:
            return
        alias = field.validation_alias
        names = [c for c in alias.choices if isinstance(c, str)] if isinstance(alias, AliasChoices) else []
        raise ValueError(f"{names[0] if names else 'FENGQIAO_DATABASE_URL'} must be set in production")


def refuse_weak_secret(setting: str, secret: bytes) -> None:
    """ValueError naming the setting when its secret is too weak for production."""
    problem = secret_strength.weakness(secret)
    if problem is not None:
        raise ValueError(f"{setting} {problem}")


def service_field(service: str, name: str, default: object, **constraints: Any) -> Any:
    """A field read from FENGQIAO_<SERVICE>_<NAME>, so one environment can hold every process's."""
    alias = AliasChoices(f"FENGQIAO_{service}_{name}".upper(), name)
    return Field(default=default, validation_alias=alias, **constraints)

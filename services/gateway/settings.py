from __future__ import annotations

from pydantic import model_validator

from services.common.settings import DEV_JWT_SECRET, CommonSettings, service_field, sqlite_url


class GatewaySettings(CommonSettings):
    host: str = service_field("gateway", "host", "127.0.0.1")
    port: int = service_field("gateway", "port", 8000)
    database_url: str = service_field("gateway", "database_url", sqlite_url("gateway"))
    jwt_secret: str = service_field("gateway", "jwt_secret", DEV_JWT_SECRET)
    token_minutes: int = service_field("gateway", "token_minutes", 480)
    # Bodies larger than this are refused before parsing.
    max_body_bytes: int = 65536
    rpc_timeout_seconds: float = 15.0
    # Roles allowed to decode Temporal payloads through /codec/decode (comma-separated).
    codec_roles: str = service_field("gateway", "codec_roles", "admin")
    # Ops pages describe at most this many running workflows to find failing activities.
    ops_describe_limit: int = service_field("gateway", "ops_describe_limit", 500)

    @model_validator(mode="after")
    def _refuse_dev_jwt_secret(self) -> GatewaySettings:
        if self.environment == "production" and self.jwt_secret == DEV_JWT_SECRET:
            raise ValueError("FENGQIAO_GATEWAY_JWT_SECRET must be set outside development")
        return self

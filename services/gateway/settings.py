from __future__ import annotations

from pydantic import model_validator

from services.common.settings import DEV_JWT_SECRET, CommonSettings, refuse_weak_secret, service_field, sqlite_url


class GatewaySettings(CommonSettings):
    host: str = service_field("gateway", "host", "127.0.0.1")
    port: int = service_field("gateway", "port", 8000)
    database_url: str = service_field("gateway", "database_url", sqlite_url("gateway"))
    jwt_secret: str = service_field("gateway", "jwt_secret", DEV_JWT_SECRET)
    # How long a session token lives (minutes); signing out ends it sooner (issue #18).
    token_minutes: int = service_field("gateway", "token_minutes", 480, gt=0)
    # Issue #19: how long a replica reuses what it read for a session token (its user, roles and
    # organisations; whether it was signed out). A sign-out on another replica, or a user disabled,
    # takes effect here within this many seconds; on the replica that signed it out, at once.
    # 0 reads the database on every request.
    identity_cache_seconds: float = service_field("gateway", "identity_cache_seconds", 2.0, ge=0, le=30)
    # Bodies larger than this are refused before parsing.
    max_body_bytes: int = 65536
    rpc_timeout_seconds: float = 15.0
    # Roles allowed to decode Temporal payloads through /codec/decode (comma-separated).
    codec_roles: str = service_field("gateway", "codec_roles", "admin")
    # Ops pages describe at most this many running workflows to find failing activities.
    ops_describe_limit: int = service_field("gateway", "ops_describe_limit", 100)
    # The ops overview's visibility counts may be this many seconds old (ops/counts.py); 0 counts on every view.
    ops_counts_max_age_seconds: float = service_field("gateway", "ops_counts_max_age_seconds", 5.0, ge=0)
    # Issue #6: uploads (the 12345 export) may be larger than other bodies; below gRPC's 4 MB message cap.
    max_upload_bytes: int = service_field("gateway", "max_upload_bytes", 3 * 1024 * 1024)
    # Public complaints per client per minute (the online form, and its burst), and tracking look-ups.
    public_filings_per_minute: float = service_field("gateway", "public_filings_per_minute", 5.0)
    public_lookups_per_minute: float = service_field("gateway", "public_lookups_per_minute", 60.0)
    # Issue #18: peers whose X-Forwarded-For is believed (comma-separated addresses or networks,
    # e.g. "10.0.0.0/8,127.0.0.1"); from any other peer the header is ignored. Empty: none.
    trusted_proxies: str = service_field("gateway", "trusted_proxies", "")
    # Failed sign-ins allowed per account and per client in a window of sign_in_window_minutes;
    # beyond them sign-in is refused (429) until the window ends or an admin lifts the lockout.
    sign_in_failures_per_account: int = service_field("gateway", "sign_in_failures_per_account", 10)
    sign_in_failures_per_client: int = service_field("gateway", "sign_in_failures_per_client", 50)
    sign_in_window_minutes: int = service_field("gateway", "sign_in_window_minutes", 15)
    # Open311 GeoReport v2: this endpoint's one jurisdiction and the agency it names.
    open311_jurisdiction_id: str = service_field("gateway", "open311_jurisdiction_id", "dongjie.luzhou.changzhi")
    open311_agency: str = service_field("gateway", "open311_agency", "潞州区东街街道")

    # Issue #5: LiaisonService for court and police systems over gRPC, authenticated by x-api-key
    # metadata (-1 turns the port off, 0 picks a free one). With cert and key set it serves TLS;
    # with a client CA too, mutual TLS: only clients with a certificate from that CA connect.
    liaison_grpc_host: str = service_field("gateway", "liaison_grpc_host", "127.0.0.1")
    liaison_grpc_port: int = service_field("gateway", "liaison_grpc_port", 50060)
    liaison_tls_cert_path: str = service_field("gateway", "liaison_tls_cert_path", "")
    liaison_tls_key_path: str = service_field("gateway", "liaison_tls_key_path", "")
    liaison_tls_client_ca_path: str = service_field("gateway", "liaison_tls_client_ca_path", "")

    @model_validator(mode="after")
    def _refuse_dev_jwt_secret(self) -> GatewaySettings:
        if self.environment == "production" and self.jwt_secret == DEV_JWT_SECRET:
            raise ValueError("FENGQIAO_GATEWAY_JWT_SECRET must be set outside development")
        if self.environment == "production":
            refuse_weak_secret("FENGQIAO_GATEWAY_JWT_SECRET", self.jwt_secret.encode())
        return self

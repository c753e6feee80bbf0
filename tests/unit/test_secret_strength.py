"""Production refuses weak secrets, naming the setting (issue #18): shorter than 32 bytes or low in
entropy, not only the development defaults."""

from __future__ import annotations

import base64
import secrets

import pytest
from pydantic import ValidationError

from services.common.secret_strength import weakness
from services.gateway.settings import GatewaySettings

STRONG = secrets.token_urlsafe(32)
STRONG_PAYLOAD_KEYS = "k1:" + base64.b64encode(secrets.token_bytes(32)).decode()


def production(**change: str) -> GatewaySettings:
    values = {
        "identity_key": STRONG,
        "jwt_secret": secrets.token_hex(32),
        "payload_keys": STRONG_PAYLOAD_KEYS,
        "database_url": "postgresql+asyncpg://gateway@db/gateway",
    }
    return GatewaySettings(environment="production", payload_key_id="k1", **(values | change))  # type: ignore[arg-type]


def test_strong_secrets_start_and_weak_ones_are_named() -> None:
    assert production().jwt_secret
    for setting, value, named, why in [
        ("identity_key", "x", "FENGQIAO_IDENTITY_KEY", "shorter than 32 bytes"),
        ("jwt_secret", "y", "FENGQIAO_GATEWAY_JWT_SECRET", "shorter than 32 bytes"),
        ("jwt_secret", "a" * 64, "FENGQIAO_GATEWAY_JWT_SECRET", "low in entropy"),
        ("identity_key", "password" * 6, "FENGQIAO_IDENTITY_KEY", "low in entropy"),
        ("payload_keys", "k1:" + base64.b64encode(b"\0" * 32).decode(), "FENGQIAO_PAYLOAD_KEYS (key 'k1')", "low"),
    ]:
        with pytest.raises(ValidationError) as refused:
            production(**{setting: value})
        assert named in str(refused.value) and why in str(refused.value), str(refused.value)


def test_development_keeps_its_defaults() -> None:
    assert GatewaySettings(environment="development", jwt_secret="y").jwt_secret == "y"


@pytest.mark.parametrize(
    "secret", [secrets.token_bytes(32), secrets.token_hex(32).encode(), secrets.token_urlsafe(32).encode()]
)
def test_random_secrets_of_32_bytes_pass(secret: bytes) -> None:
    assert weakness(secret) is None


def test_token_lifetime_is_a_positive_setting() -> None:
    assert GatewaySettings(token_minutes=30).token_minutes == 30
    with pytest.raises(ValidationError):
        GatewaySettings(token_minutes=0)

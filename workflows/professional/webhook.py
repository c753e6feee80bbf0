"""The outbound webhook's wire format: a JSON body signed with the organisation's secret.

Signature: hex HMAC-SHA256, keyed by the secret, of "<timestamp>.<delivery id>." followed by the
raw body bytes; sent as `X-Fengqiao-Signature: sha256=<hex>`. Covering the timestamp and delivery
id lets a receiver refuse stale or repeated deliveries (README: liaison integrators).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

DELIVERY_HEADER = "X-Fengqiao-Delivery"
TIMESTAMP_HEADER = "X-Fengqiao-Timestamp"
SIGNATURE_HEADER = "X-Fengqiao-Signature"
ATTEMPT_HEADER = "X-Fengqiao-Attempt"
EVENT_REFERRAL_CREATED = "referral.created"


def body(
    *,
    delivery_id: str,
    referral_id: str,
    case_no: str,
    organisation_code: str,
    purpose: str,
    summary: str,
    public_url: str,
) -> bytes:
    base = public_url.rstrip("/")
    content: dict[str, Any] = {
        "event": EVENT_REFERRAL_CREATED,
        "delivery_id": delivery_id,
        "referral_id": referral_id,
        "case_no": case_no,
        "organisation_code": organisation_code,
        "purpose": purpose,
        "summary": summary,
        "links": {
            "referral": f"{base}/api/v1/liaison/referrals/{referral_id}",
            "referrals": f"{base}/api/v1/liaison/referrals",
            "results": f"{base}/api/v1/liaison/results",
        },
    }
    return json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def signature(secret: str, timestamp: int, delivery_id: str, raw_body: bytes) -> str:
    signed = f"{timestamp}.{delivery_id}.".encode() + raw_body
    return "sha256=" + hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


def headers(secret: str, timestamp: int, delivery_id: str, attempt: int, raw_body: bytes) -> dict[str, str]:
    return {
        "Content-Type": "application/json; charset=utf-8",
        DELIVERY_HEADER: delivery_id,
        TIMESTAMP_HEADER: str(timestamp),
        SIGNATURE_HEADER: signature(secret, timestamp, delivery_id, raw_body),
        ATTEMPT_HEADER: str(attempt),
    }

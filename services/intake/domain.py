"""Intake rules with no I/O: what a valid complaint is, case and receipt numbers, fingerprints."""

from __future__ import annotations

import hashlib
import json
import re
import secrets
import unicodedata
from dataclasses import asdict, dataclass

from contracts.case import CASE_STATUSES
from services.common.errors import InvalidInput
from services.intake.catalogue import categories
from services.intake.channels import CHANNELS

STATUSES = CASE_STATUSES

MAX_CONTENT = 2000
MAX_ADDRESS = 200
MAX_NAME = 50
MAX_COMMUNITY = 64
MAX_IDEMPOTENCY_KEY = 128
_IDEMPOTENCY_KEY = re.compile(r"^[\x21-\x7e]{1,128}$")
# Receipt numbers are shown to the public on /track; no lookalike letters, not guessable.
_RECEIPT_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
_RECEIPT_NO = re.compile(r"^SL[0-9]{8}-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}$")


@dataclass(frozen=True)
class ComplaintDraft:
    """A complaint that passed validation, normalised (phone in E.164, text NFC and trimmed)."""

    channel: str
    community: str
    address: str
    content: str
    complainant_name: str
    complainant_phone: str
    category: str

    def fingerprint(self) -> str:
        """Same complaint, same fingerprint: tells an idempotent retry from a different request."""
        body = json.dumps(asdict(self), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(body.encode()).hexdigest()

    def fingerprint_with(self, facts: object) -> str:
        """The fingerprint of the complaint together with its channel-specific facts."""
        body = self.fingerprint() + repr(facts)
        return hashlib.sha256(body.encode()).hexdigest()


def _text(value: str, field: str, *, required: bool, max_len: int, multiline: bool = False) -> str:
    text = unicodedata.normalize("NFC", value).strip()
    if required and not text:
        raise InvalidInput(f"{field} is required", field=field)
    if len(text) > max_len:
        raise InvalidInput(f"{field} is {len(text)} characters long; at most {max_len} are allowed", field=field)
    allowed = {"\n", "\t"} if multiline else set()
    for ch in text:
        if ch not in allowed and unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn"):
            raise InvalidInput(f"{field} contains a control or unassigned character (U+{ord(ch):04X})", field=field)
    return text


def normalise_phone(raw: str) -> str:
    """A Chinese mobile or landline number in E.164, or InvalidInput naming the field."""
    text = raw.strip()
    if not text:
        raise InvalidInput("complainant.phone is required", field="complainant.phone")
    import phonenumbers  # here, not at import: intake's start-up does not pay for it (issue 19)

    try:
        number = phonenumbers.parse(text, "CN")
    except phonenumbers.NumberParseException as exc:
        raise InvalidInput(f"complainant.phone {text!r} is not a phone number", field="complainant.phone") from exc
    if not phonenumbers.is_valid_number(number) or number.country_code != 86:
        raise InvalidInput(f"complainant.phone {text!r} is not a valid Chinese phone number", field="complainant.phone")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def validate_complaint(
    *, channel: str, community: str, address: str, content: str, name: str, phone: str, category: str
) -> ComplaintDraft:
    """Checks every field of a complaint; the first fault raises InvalidInput naming the field."""
    if channel not in CHANNELS:
        raise InvalidInput(f"channel must be one of {', '.join(CHANNELS)}; got {channel!r}", field="channel")
    if category and category not in categories():
        raise InvalidInput(f"category {category!r} is not in the category catalogue", field="category")
    return ComplaintDraft(
        channel=channel,
        community=_text(community, "community", required=True, max_len=MAX_COMMUNITY),
        address=_text(address, "address", required=True, max_len=MAX_ADDRESS),
        content=_text(content, "content", required=True, max_len=MAX_CONTENT, multiline=True),
        complainant_name=_text(name, "complainant.name", required=True, max_len=MAX_NAME),
        complainant_phone=normalise_phone(phone),
        category=category,
    )


def validate_idempotency_key(key: str) -> str:
    if key and not _IDEMPOTENCY_KEY.match(key):
        raise InvalidInput(
            f"Idempotency-Key must be 1–{MAX_IDEMPOTENCY_KEY} printable ASCII characters", field="idempotency_key"
        )
    return key


def format_case_no(prefix: str, year: int, serial: int) -> str:
    """DJ-2026-000001: subdistrict prefix, year of receipt (Asia/Shanghai), serial within the year."""
    return f"{prefix}-{year}-{serial:06d}"


def new_receipt_no(year: int, month: int, day: int) -> str:
    suffix = "".join(secrets.choice(_RECEIPT_ALPHABET) for _ in range(8))
    return f"SL{year:04d}{month:02d}{day:02d}-{suffix}"


def new_token() -> str:
    """An Open311 token: public, random, and unrelated to the receipt number."""
    return "TK" + "".join(secrets.choice(_RECEIPT_ALPHABET) for _ in range(14))


def check_receipt_no(receipt_no: str) -> str:
    if not _RECEIPT_NO.match(receipt_no):
        raise InvalidInput("receipt_no looks like SL20261129-ABCD2345", field="receipt_no")
    return receipt_no


def check_status(status: str) -> str:
    if status not in STATUSES:
        raise InvalidInput(f"status must be one of {', '.join(STATUSES)}", field="status")
    return status

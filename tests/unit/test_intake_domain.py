import pytest

from services.common.errors import InvalidInput
from services.intake.domain import (
    MAX_CONTENT,
    format_case_no,
    new_receipt_no,
    validate_complaint,
    validate_idempotency_key,
)

GOOD = dict(
    channel="online",
    community="东方世家",
    address="3号楼2单元",
    content="楼道漏水",
    name="张三",
    phone="13800138000",
    category="",
)


def test_a_good_complaint_is_normalised() -> None:
    draft = validate_complaint(**{**GOOD, "content": "  楼道漏水\n三天了 ", "phone": "138 0013 8000"})
    assert draft.content == "楼道漏水\n三天了"
    assert draft.complainant_phone == "+8613800138000"


def test_landline_numbers_are_accepted() -> None:
    assert validate_complaint(**{**GOOD, "phone": "0355-2345678"}).complainant_phone == "+863552345678"


@pytest.mark.parametrize(
    "change,field",
    [
        ({"channel": "fax"}, "channel"),
        ({"community": "  "}, "community"),
        ({"address": ""}, "address"),
        ({"content": ""}, "content"),
        ({"content": "漏" * (MAX_CONTENT + 1)}, "content"),
        ({"content": "bad\x00byte"}, "content"),
        ({"name": ""}, "complainant.name"),
        ({"phone": "12345"}, "complainant.phone"),
        ({"phone": "not a phone"}, "complainant.phone"),
        ({"phone": "+1 202 555 0143"}, "complainant.phone"),
        ({"category": "weather"}, "category"),
    ],
)
def test_each_bad_field_is_named(change: dict[str, str], field: str) -> None:
    with pytest.raises(InvalidInput) as err:
        validate_complaint(**{**GOOD, **change})
    assert err.value.field == field


def test_same_complaint_same_fingerprint() -> None:
    a = validate_complaint(**GOOD)
    b = validate_complaint(**{**GOOD, "content": "楼道漏水 "})
    c = validate_complaint(**{**GOOD, "content": "电梯坏了"})
    assert a.fingerprint() == b.fingerprint() != c.fingerprint()


def test_numbers() -> None:
    assert format_case_no("DJ", 2026, 1) == "DJ-2026-000001"
    receipt = new_receipt_no(2026, 11, 29)
    assert receipt.startswith("SL20261129-") and len(receipt) == 19
    assert new_receipt_no(2026, 11, 29) != receipt


def test_idempotency_key_rules() -> None:
    assert validate_idempotency_key("") == ""
    assert validate_idempotency_key("abc-123") == "abc-123"
    with pytest.raises(InvalidInput):
        validate_idempotency_key("has space")
    with pytest.raises(InvalidInput):
        validate_idempotency_key("x" * 129)

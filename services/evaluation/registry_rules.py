"""Rules of registry management with no I/O: codes, names, counts and dates, each refusal naming
its field in Chinese first and English second (the console shows the message as it is)."""

from __future__ import annotations

import re
from datetime import date

from fengqiao.evaluation.v1 import registry_admin_pb2

from services.common.errors import InvalidInput

NEIGHBOURHOOD = "neighbourhood"
COMMUNITY = "community"
PROPERTY_COMPANY = "property_company"
OWNERS_COMMITTEE = "owners_committee"

KIND_OF_PB = {
    registry_admin_pb2.REGISTRY_KIND_NEIGHBOURHOOD: NEIGHBOURHOOD,
    registry_admin_pb2.REGISTRY_KIND_COMMUNITY: COMMUNITY,
    registry_admin_pb2.REGISTRY_KIND_PROPERTY_COMPANY: PROPERTY_COMPANY,
    registry_admin_pb2.REGISTRY_KIND_OWNERS_COMMITTEE: OWNERS_COMMITTEE,
}
PB_OF_KIND = {kind: pb for pb, kind in KIND_OF_PB.items()}
KIND_ZH = {NEIGHBOURHOOD: "社区", COMMUNITY: "小区", PROPERTY_COMPANY: "物业企业", OWNERS_COMMITTEE: "业委会"}
# Organisations this API keeps (communities have their own table); and what each hangs under.
ORGANISATION_KINDS = (NEIGHBOURHOOD, PROPERTY_COMPANY, OWNERS_COMMITTEE)

_CODE = re.compile(r"^[A-Z0-9][A-Z0-9-]{1,31}$")
MAX_NAME = 128
MAX_POST = 64
MAX_COUNT = 1_000_000


def refuse(zh: str, en: str, *, field: str) -> InvalidInput:
    return InvalidInput(f"{zh} ({en})", field=field)


def check_code(code: str, *, field: str = "code") -> str:
    """A code as stored: 2–32 capital letters, digits and hyphens, e.g. CM-DFSJ."""
    code = code.strip()
    if not _CODE.match(code):
        raise refuse(
            f"编码“{code}”格式不对：应为 2–32 位大写字母、数字或连字符",
            f"code {code!r} must be 2-32 capital letters, digits or hyphens",
            field=field,
        )
    return code


def check_name(name: str, *, field: str = "name", limit: int = MAX_NAME) -> str:
    name = " ".join(name.split())
    if not name:
        raise refuse("名称不能为空", f"{field} is required", field=field)
    if len(name) > limit:
        raise refuse(f"名称超过 {limit} 个字", f"{field} is longer than {limit} characters", field=field)
    return name


def check_count(value: int, *, field: str) -> int:
    if not 0 <= value <= MAX_COUNT:
        raise refuse(f"数量应在 0 到 {MAX_COUNT} 之间", f"{field} must be 0 to {MAX_COUNT}", field=field)
    return value


def parse_day(text: str, *, field: str) -> date | None:
    """An ISO date (YYYY-MM-DD), or None for an empty field."""
    text = text.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise refuse(
            f"日期“{text}”格式不对，应为 年-月-日", f"{field} {text!r} is not a YYYY-MM-DD date", field=field
        ) from None


def check_term(starts_on: date | None, ends_on: date | None, today: date) -> None:
    """A post's dates make sense: it ends on or after it starts, and does not start in the future
    by more than a year (a typed 2062 for 2026)."""
    if starts_on and ends_on and ends_on < starts_on:
        raise refuse(
            f"离任日期 {ends_on} 早于任职日期 {starts_on}",
            f"ends_on {ends_on} is before starts_on {starts_on}",
            field="ends_on",
        )
    if starts_on and starts_on.year > today.year + 1:
        raise refuse(
            f"任职日期 {starts_on} 在将来", f"starts_on {starts_on} is too far in the future", field="starts_on"
        )


def holds_on(starts_on: date | None, ends_on: date | None, day: date) -> bool:
    """Whether a post with these dates is held on `day`."""
    return (starts_on is None or starts_on <= day) and (ends_on is None or day <= ends_on)

"""Rules of liaison results with no I/O: which kinds fit a referral, and the real formats of court
case numbers (案号) and police incident numbers (警情编号)."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass
from datetime import date

from contracts.professional import (
    CASE_FILED,
    DECLINED,
    JC_ACCEPTED,
    JC_APPLIED,
    JC_INVALID,
    JC_VALID,
    KINDS_FOR_PURPOSE,
    POLICE_OUTCOME_RESOLVED,
    POLICE_RESULT,
    RESULT_KINDS,
)
from services.common.errors import InvalidInput

# Referral statuses: only a waiting referral takes results.
WAITING, ANSWERED, WITHDRAWN, CLOSED = "waiting", "answered", "withdrawn", "closed"
CLOSURE_STATUSES = (ANSWERED, WITHDRAWN, CLOSED)

# Province-level abbreviations used as the first character of a court code (法院代字), plus 兵
# (the Xinjiang Production and Construction Corps courts).
PROVINCES = "京津冀晋蒙辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川贵云藏陕甘青宁新兵"
# Case-type codes (类型代字) of the Supreme People's Court's rules on case numbers that a
# referral may be answered with. Judicial confirmation of a mediation agreement is a special
# procedure case (民特); a case filed after a litigation referral is a first-instance civil case.
JC_CASE_TYPES = ("民特",)
FILED_CASE_TYPES = ("民初",)
_ALL_CASE_TYPES = "民初|民终|民再|民申|民特|民催|民督|民破|民辖|民监|民诉前调|执恢|执保|执异|执复|执监|执|行初|刑初"

# （2026）晋0403民初123号: year, province + court digits (none for a high court, 2 for an
# intermediate court, 4 for a basic court), case type, a number without leading zeros, 号.
COURT_CASE_NO = re.compile(
    rf"^[（(](?P<year>\d{{4}})[）)](?P<court>[{PROVINCES}](?:\d{{2}}|\d{{4}})?)"
    rf"(?P<type>{_ALL_CASE_TYPES})(?P<number>[1-9]\d{{0,5}})号$"
)
# Police incident number (警情编号) as the Dongjie station's system issues it: J, the 12-digit
# public-security organ code (its first 6 digits the administrative division, e.g. 140403 for
# Luzhou District), the date of the report YYYYMMDD and a 4-digit daily serial.
POLICE_INCIDENT_NO = re.compile(r"^J(?P<organ>\d{12})(?P<day>\d{8})(?P<serial>\d{4})$")
# Provinces' leading two digits in administrative division codes (GB/T 2260).
_DIVISION_PROVINCES = {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46}
_DIVISION_PROVINCES |= {50, 51, 52, 53, 54, 61, 62, 63, 64, 65}

POLICE_OUTCOMES = (
    POLICE_OUTCOME_RESOLVED,
    "warning",
    "administrative_penalty",
    "criminal_case",
    "no_offence",
    "returned",
)
MESSAGE_ID = re.compile(r"^[A-Za-z0-9._:-]{1,100}$")
MAX_REASON = 1000


def court_case_no(text: str, *, case_types: tuple[str, ...], this_year: int, field: str = "reference_no") -> str:
    """The court case number, checked and written with full-width parentheses; raises InvalidInput."""
    match = COURT_CASE_NO.match(text.strip())
    if match is None:
        raise InvalidInput(f"{field} {text!r} is not a court case number like （2026）晋0403民初123号", field=field)
    year = int(match["year"])
    if not 1990 <= year <= this_year + 1:
        raise InvalidInput(f"{field}: the year {year} of the case number is not plausible", field=field)
    if match["type"] not in case_types:
        raise InvalidInput(
            f"{field}: a {match['type']} case number does not fit this result; expected {'/'.join(case_types)}",
            field=field,
        )
    return f"（{year}）{match['court']}{match['type']}{match['number']}号"


def police_incident_no(text: str, *, today: date, field: str = "reference_no") -> str:
    """The police incident number, checked; raises InvalidInput naming what is wrong."""
    value = text.strip()
    match = POLICE_INCIDENT_NO.match(value)
    if match is None:
        raise InvalidInput(
            f"{field} {text!r} is not a police incident number: J + 12-digit organ code + YYYYMMDD + 4-digit serial",
            field=field,
        )
    if int(match["organ"][:2]) not in _DIVISION_PROVINCES:
        raise InvalidInput(f"{field}: the organ code {match['organ']} names no province", field=field)
    day = match["day"]
    try:
        reported = date(int(day[:4]), int(day[4:6]), int(day[6:]))
    except ValueError as exc:
        raise InvalidInput(f"{field}: {day} in the incident number is not a date", field=field) from exc
    if reported > today:
        raise InvalidInput(f"{field}: the incident date {reported.isoformat()} is in the future", field=field)
    if match["serial"] == "0000":
        raise InvalidInput(f"{field}: the serial of the incident number starts at 0001", field=field)
    return value


@dataclass(frozen=True)
class ResultSubmission:
    """A liaison result as checked: what is hashed for idempotency and what is signalled."""

    message_id: str
    referral_id: str
    kind: str
    reference_no: str = ""
    outcome: str = ""
    reason: str = ""

    def payload_hash(self) -> str:
        """Same id + same payload (after normalising) is a replay; anything else is a conflict."""
        body = json.dumps(asdict(self), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(body.encode()).hexdigest()


# Control characters other than tab, line feed and carriage return: never text a person wrote
# (PostgreSQL refuses NUL in text outright).
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

# Referral ids are made by the workflow from case numbers and purposes: letters, digits, . _ : -
REFERRAL_ID = re.compile(r"[A-Za-z0-9._:-]{1,120}")


def check_referral_id(referral_id: str) -> str:
    """Refuses an id no referral can have before it reaches the database (a NUL byte there is
    an error of the driver, not a missing row)."""
    if not REFERRAL_ID.fullmatch(referral_id):
        raise InvalidInput(
            "referral_id is required: 1–120 characters of letters, digits and . _ : -", field="referral_id"
        )
    return referral_id


def check_message_id(message_id: str) -> str:
    if not MESSAGE_ID.match(message_id):
        raise InvalidInput(
            "message_id is required: 1–100 characters of letters, digits and . _ : -", field="message_id"
        )
    return message_id


def check_result(
    *,
    message_id: str,
    referral_id: str,
    kind: str,
    reference_no: str,
    outcome: str,
    reason: str,
    purpose: str,
    today: date,
) -> ResultSubmission:
    """Checks one result against its referral's purpose; returns it normalised. No I/O."""
    check_message_id(message_id)
    if kind not in RESULT_KINDS:
        raise InvalidInput(f"kind must be one of {', '.join(RESULT_KINDS)}", field="kind")
    allowed = KINDS_FOR_PURPOSE.get(purpose, ())
    if kind not in allowed:
        raise InvalidInput(
            f"a {purpose} referral takes {', '.join(allowed)}; {kind} does not fit", field="kind", allowed=list(allowed)
        )
    reference_no, outcome, reason = reference_no.strip(), outcome.strip(), reason.strip()
    if CONTROL.search(reason):
        raise InvalidInput("reason must not contain control characters (line breaks and tabs are fine)", field="reason")
    if len(reason) > MAX_REASON:
        raise InvalidInput(f"reason is limited to {MAX_REASON} characters", field="reason")
    if kind == DECLINED:
        if not reason:
            raise InvalidInput("declining needs a reason", field="reason")
        reference_no, outcome = "", ""
    elif kind == CASE_FILED:
        if not reference_no:
            raise InvalidInput("a filed case needs the court's case number (民初)", field="reference_no")
        reference_no = court_case_no(reference_no, case_types=FILED_CASE_TYPES, this_year=today.year)
    elif kind in (JC_ACCEPTED, JC_VALID, JC_INVALID):
        if not reference_no:
            raise InvalidInput("judicial confirmation needs the court's case number (民特)", field="reference_no")
        reference_no = court_case_no(reference_no, case_types=JC_CASE_TYPES, this_year=today.year)
    elif kind == JC_APPLIED and reference_no:
        # The application may come before the court numbers the case; a number given must be right.
        reference_no = court_case_no(reference_no, case_types=JC_CASE_TYPES, this_year=today.year)
    elif kind == POLICE_RESULT:
        if not reference_no:
            raise InvalidInput("a police result needs the incident number", field="reference_no")
        reference_no = police_incident_no(reference_no, today=today)
        if outcome not in POLICE_OUTCOMES:
            raise InvalidInput(f"outcome must be one of {', '.join(POLICE_OUTCOMES)}", field="outcome")
    if kind != POLICE_RESULT and outcome:
        raise InvalidInput("outcome is only for police results", field="outcome")
    return ResultSubmission(message_id, referral_id, kind, reference_no, outcome, reason)

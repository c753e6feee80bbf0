"""Liaison result rules: kinds per purpose, court case numbers and police incident numbers."""

from __future__ import annotations

from datetime import date

import pytest

from services.common.errors import InvalidInput
from services.mediation.liaison import domain as rules

TODAY = date(2026, 11, 29)


def check(
    kind: str, purpose: str, reference_no: str = "", outcome: str = "", reason: str = ""
) -> rules.ResultSubmission:
    return rules.check_result(
        message_id="m-1",
        referral_id="r-1",
        kind=kind,
        reference_no=reference_no,
        outcome=outcome,
        reason=reason,
        purpose=purpose,
        today=TODAY,
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("（2026）晋0403民初123号", "（2026）晋0403民初123号"),
        ("(2026)晋0403民初123号", "（2026）晋0403民初123号"),
        (" (2025)晋04民初7号 ", "（2025）晋04民初7号"),
        ("（2026）京民初1号", "（2026）京民初1号"),
        ("（2026）兵0102民初88号", "（2026）兵0102民初88号"),
    ],
)
def test_court_case_numbers_in_their_real_format(text: str, expected: str) -> None:
    assert rules.court_case_no(text, case_types=("民初",), this_year=2026) == expected


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("2026晋0403民初123号", "not a court case number"),
        ("（2026）晋0403民初123", "not a court case number"),
        ("（2026）晋0403民初0123号", "not a court case number"),
        ("（2026）晋403民初123号", "not a court case number"),
        ("（2026）港0403民初123号", "not a court case number"),
        ("（2026）晋0403民初1234567号", "not a court case number"),
        ("（2026）晋0403刁初1号", "not a court case number"),
        ("（1989）晋0403民初1号", "year 1989"),
        ("（2031）晋0403民初1号", "year 2031"),
        ("（2026）晋0403民特5号", "民特 case number does not fit"),
    ],
)
def test_malformed_court_case_numbers_are_refused(text: str, why: str) -> None:
    with pytest.raises(InvalidInput, match=why) as info:
        rules.court_case_no(text, case_types=("民初",), this_year=2026)
    assert info.value.field == "reference_no"


def test_police_incident_numbers() -> None:
    assert rules.police_incident_no("J140403010000202611290012", today=TODAY) == "J140403010000202611290012"
    for bad, why in [
        ("140403010000202611290012", "not a police incident number"),
        ("J14040301000020261129001", "not a police incident number"),
        ("J990403010000202611290012", "names no province"),
        ("J140403010000202602300012", "not a date"),
        ("J140403010000202612010012", "in the future"),
        ("J140403010000202611290000", "starts at 0001"),
    ]:
        with pytest.raises(InvalidInput, match=why):
            rules.police_incident_no(bad, today=TODAY)


def test_kinds_must_fit_the_purpose() -> None:
    with pytest.raises(InvalidInput, match="does not fit") as info:
        check("case_filed", "police", "（2026）晋0403民初1号")
    assert info.value.field == "kind"
    with pytest.raises(InvalidInput, match="kind must be one of"):
        check("approved", "litigation")
    with pytest.raises(InvalidInput, match="message_id"):
        rules.check_result(
            message_id="has space",
            referral_id="r",
            kind="declined",
            reference_no="",
            outcome="",
            reason="x",
            purpose="litigation",
            today=TODAY,
        )


def test_each_kind_needs_what_the_court_or_station_must_give() -> None:
    assert check("case_filed", "litigation", "(2026)晋0403民初9号").reference_no == "（2026）晋0403民初9号"
    with pytest.raises(InvalidInput, match="case number"):
        check("case_filed", "litigation")
    for kind in ("judicial_confirmation_accepted", "judicial_confirmation_valid", "judicial_confirmation_invalid"):
        assert check(kind, "judicial_confirmation", "（2026）晋0403民特3号").reference_no == "（2026）晋0403民特3号"
        with pytest.raises(InvalidInput, match="民特"):
            check(kind, "judicial_confirmation")
        with pytest.raises(InvalidInput, match="does not fit this result"):
            check(kind, "judicial_confirmation", "（2026）晋0403民初3号")
    assert check("judicial_confirmation_applied", "judicial_confirmation").reference_no == ""
    police = check("police_result", "police", "J140403010000202611290012", outcome="resolved")
    assert police.outcome == "resolved"
    with pytest.raises(InvalidInput, match="outcome must be one of"):
        check("police_result", "police", "J140403010000202611290012", outcome="done")
    with pytest.raises(InvalidInput, match="incident number"):
        check("police_result", "police", outcome="resolved")
    with pytest.raises(InvalidInput, match="needs a reason") as info:
        check("declined", "litigation")
    assert info.value.field == "reason"
    with pytest.raises(InvalidInput, match="only for police"):
        check("case_filed", "litigation", "（2026）晋0403民初9号", outcome="resolved")


def test_payload_hash_sees_normalised_payloads_as_equal() -> None:
    ascii_form = check("case_filed", "litigation", "(2026)晋0403民初9号")
    full_width = check("case_filed", "litigation", "（2026）晋0403民初9号")
    other = check("case_filed", "litigation", "（2026）晋0403民初10号")
    assert ascii_form.payload_hash() == full_width.payload_hash() != other.payload_hash()


def test_ids_and_text_with_control_characters_are_refused_before_the_database() -> None:
    assert rules.check_referral_id("DJ-2026-000123-p4-litigation-1") == "DJ-2026-000123-p4-litigation-1"
    for bad in ("", "x\x00", "a/b", "x" * 121, "案件"):
        with pytest.raises(InvalidInput, match="referral_id"):
            rules.check_referral_id(bad)
    with pytest.raises(InvalidInput, match="control characters"):
        check("declined", "litigation", reason="不予受理\x00")
    assert check("declined", "litigation", reason="不予受理\n理由见附件").reason == "不予受理\n理由见附件"

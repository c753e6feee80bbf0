"""Scoring, standings, star rating, quarters and weights of the quarterly review: pure rules."""

from __future__ import annotations

import random

import pytest

from contracts.review import quarter_of
from services.common.errors import InvalidInput
from services.evaluation import catalogue, policy, quarters, scoring, standing
from services.evaluation.domain import check_scores
from services.evaluation.scoring import CaseFacts

WEIGHTS = policy.weights_for("2026Q4")


def test_catalogues_have_10_12_and_18_aspects_and_5_case_facts() -> None:
    assert [len(catalogue.CATALOGUES[s]) for s in catalogue.SIDES] == [10, 12, 18]
    assert len(catalogue.scored_by_people(catalogue.DEPARTMENT)) == 13
    assert {a.code for a in catalogue.DEPARTMENT_ASPECTS} >= catalogue.CASE_FACT_ASPECTS


def test_trimmed_mean_drops_ten_percent_at_each_end() -> None:
    # 20 scores: two 1s (grudges) and eighteen 4s → both 1s and two 4s dropped.
    assert scoring.trimmed_mean({1: 2, 4: 18}, 0.1) == 4.0
    # 9 scores: floor(0.9) = 0 dropped, so the plain mean.
    assert scoring.trimmed_mean({1: 1, 5: 8}, 0.1) == pytest.approx(41 / 9)
    assert scoring.trimmed_mean({}, 0.1) is None
    assert scoring.trimmed_mean({2: 3, 3: 4, 5: 3}, 0.2) == pytest.approx((2 + 3 * 4 + 5) / 6)
    assert scoring.to_percent(5) == 100.0 and scoring.to_percent(1) == 0.0


def histograms(value: int, n: int) -> dict[tuple[str, str], dict[int, int]]:
    return {(side, a): {value: n} for side in catalogue.SIDES for a in catalogue.scored_by_people(side)}


def test_below_the_minimum_sample_an_aspect_has_insufficient_data() -> None:
    hist = histograms(4, 20)
    hist[(catalogue.RESIDENT, "greening")] = {5: WEIGHTS.min_sample[catalogue.RESIDENT] - 1}
    s = scoring.score_company("PC-X", hist, CaseFacts(households=1000), WEIGHTS)
    greening = next(a for a in s.aspects if a.aspect == "greening")
    assert greening.score is None and greening.samples == 9
    assert s.sides[catalogue.RESIDENT] == 75.0  # the others still score
    empty = scoring.score_company("PC-Y", {}, CaseFacts(), WEIGHTS)
    assert empty.combined is None and empty.grade == scoring.INSUFFICIENT
    assert "样本不足" in empty.assessment


def test_case_facts_feed_the_department_side() -> None:
    facts = CaseFacts(
        cases=10, responded=9, resolved=8, satisfied=6, answered=8, households=2000, overdue_rectification_orders=1
    )
    fact_scores = scoring.case_fact_scores(facts)
    assert fact_scores == {
        "response_rate": 90.0,
        "resolution_rate": 80.0,
        "satisfaction_rate": 75.0,
        "complaints_per_1000": 75.0,  # 5 per 1,000 households
        "rectification_on_time": 75.0,
    }
    s = scoring.score_company("PC-X", histograms(5, 20), facts, WEIGHTS)
    assert s.sides[catalogue.DEPARTMENT] is not None and s.sides[catalogue.DEPARTMENT] < 100
    assert [w.aspect for w in s.weakest][:1] in (
        ["satisfaction_rate"],
        ["complaints_per_1000"],
        ["rectification_on_time"],
    )


def test_combined_grade_weakest_and_advice() -> None:
    hist = histograms(5, 20)
    hist[(catalogue.RESIDENT, "timeliness")] = {2: 20}
    hist[(catalogue.PEER, "safety")] = {3: 20}
    s = scoring.score_company("PC-X", hist, CaseFacts(households=500), WEIGHTS)
    assert [w.aspect for w in s.weakest] == ["timeliness", "safety"]
    assert s.weakest[0].advice == catalogue.ASPECTS["timeliness"].advice
    assert s.combined is not None and 90 <= s.combined < 100 and s.grade == "EXCELLENT"
    assert "响应及时25.0分" in s.assessment
    assert scoring.grade_of(79.99) == "PASS" and scoring.grade_of(59.0) == "FAIL"


def test_ranks_share_ties_and_skip_unscored() -> None:
    a = scoring.score_company("A", histograms(5, 20), CaseFacts(households=1), WEIGHTS)
    b = scoring.score_company("B", histograms(5, 20), CaseFacts(households=1), WEIGHTS)
    c = scoring.score_company("C", histograms(3, 20), CaseFacts(households=1), WEIGHTS)
    d = scoring.score_company("D", {}, CaseFacts(), WEIGHTS)
    assert scoring.rank([c, a, b, d]) == {"A": 1, "B": 1, "C": 3}


def test_list_rules_black_wins_and_red_needs_balance() -> None:
    rules = policy.list_rules()
    good = scoring.score_company("A", histograms(5, 20), CaseFacts(households=1), WEIGHTS)
    assert standing.quarterly_standing(good, rules).standing == standing.RED
    assert standing.quarterly_standing(good, rules, serious_events=1).standing == standing.NONE
    poor_rates = CaseFacts(cases=20, responded=20, resolved=20, satisfied=5, answered=20, households=1)
    bad = scoring.score_company("B", histograms(5, 20), poor_rates, WEIGHTS)
    verdict = standing.quarterly_standing(bad, rules)
    assert verdict.standing == standing.BLACK and "满意率" in verdict.reasons[0]
    low = scoring.score_company("C", histograms(2, 20), CaseFacts(households=1), WEIGHTS)
    assert standing.quarterly_standing(low, rules).standing == standing.BLACK
    with pytest.raises(InvalidInput, match="event_kind"):
        standing.check_serious_event("gossip", rules)


def test_star_rating_needs_party_building_for_the_top_stars() -> None:
    top = scoring.score_company("A", histograms(5, 20), CaseFacts(households=1), WEIGHTS)
    assert standing.star_rating(top, standing.PartyBuilding(True, 1), standing.RED) == 5
    assert standing.star_rating(top, standing.PartyBuilding(True, 0), standing.RED) == 4
    assert standing.star_rating(top, standing.PartyBuilding(False, 0), standing.RED) == 3  # party scores alone
    assert standing.star_rating(top, standing.PartyBuilding(True, 1), standing.BLACK) == 1
    empty = scoring.score_company("B", {}, CaseFacts(), WEIGHTS)
    assert standing.star_rating(empty, standing.PartyBuilding(True, 1), standing.NONE) == 0


def test_quarters_and_versioned_weights() -> None:
    assert quarters.parse("2026Q4") == (2026, 4)
    with pytest.raises(InvalidInput, match="quarter"):
        quarters.parse("2026-Q4")
    start, end = quarters.bounds("2026Q4")
    assert start.isoformat() == "2026-09-30T16:00:00+00:00" and end.isoformat() == "2026-12-31T16:00:00+00:00"
    assert quarter_of(end) == "2027Q1" and quarters.previous("2027Q1") == "2026Q4"
    assert policy.weights_for("2026Q1").version == "2026.1"
    with pytest.raises(InvalidInput):
        policy.weights_for("2025Q4")
    assert sum(WEIGHTS.sides.values()) == pytest.approx(1.0)


def test_forms_must_cover_every_aspect_with_1_to_5() -> None:
    full = dict.fromkeys(catalogue.scored_by_people(catalogue.RESIDENT), 3)
    assert check_scores(catalogue.RESIDENT, full) == full
    with pytest.raises(InvalidInput, match="missing"):
        check_scores(catalogue.RESIDENT, {**full, "timeliness": 3} | {"bogus": 2})
    with pytest.raises(InvalidInput, match="out of range: attitude"):
        check_scores(catalogue.RESIDENT, {**full, "attitude": 6})
    with pytest.raises(InvalidInput, match="missing"):
        check_scores(
            catalogue.DEPARTMENT,
            dict.fromkeys((*catalogue.scored_by_people(catalogue.DEPARTMENT), "response_rate"), 3),
        )


def test_score_company_is_the_rules_as_written_to_the_last_bit() -> None:
    """The lean scorer (inlined arithmetic, looked-up plan) against the reference, over random
    histograms as counts and as dicts, sparse and missing aspects, samples under the minimum,
    and case facts with and without cases."""
    rng = random.Random(19)
    plan = scoring.aspect_plan(WEIGHTS)
    for n in range(400):
        hist: dict[tuple[str, str], tuple[int, ...] | dict[int, int]] = {}
        for side in catalogue.SIDES:
            for a in catalogue.scored_by_people(side):
                if rng.random() < 0.1:
                    continue
                counts = tuple(rng.choice((0, 0, rng.randint(0, 4), rng.randint(0, 60))) for _ in range(5))
                hist[(side, a)] = counts if n % 2 else {k + 1: c for k, c in enumerate(counts) if c}
        cases = rng.choice((0, rng.randint(1, 80)))
        facts = CaseFacts(cases, cases // 2, cases // 3, cases // 4, cases // 2, rng.choice((0, 300)), n % 4)
        expected = scoring.score_company_reference("PC-R", hist, facts, WEIGHTS)
        assert scoring.score_company("PC-R", hist, facts, WEIGHTS, plan) == expected
        assert scoring.score_company("PC-R", hist, facts, WEIGHTS) == expected

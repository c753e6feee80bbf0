"""Red and black list (红黑名单) and star rating (红色物业星级评定): rules with no I/O."""

from __future__ import annotations

from dataclasses import dataclass

from services.common.errors import InvalidInput
from services.evaluation.policy import ListRules
from services.evaluation.scoring import CompanyScore

RED, BLACK, NONE = "RED", "BLACK", "NONE"
STANDINGS = (RED, BLACK, NONE)
STANDING_NAMES = {RED: "红榜", BLACK: "黑榜", NONE: "未上榜"}


@dataclass(frozen=True)
class Verdict:
    standing: str
    reasons: tuple[str, ...]


def quarterly_standing(score: CompanyScore, rules: ListRules, *, serious_events: int = 0) -> Verdict:
    """The standing a quarter's score earns. Black rules win over red; insufficient data is NONE."""
    facts = score.facts
    black: list[str] = []
    if score.combined is not None and score.combined < rules.black["max_combined"]:
        black.append(f"综合得分{score.combined:.1f}低于{rules.black['max_combined']:.0f}")
    if (
        facts.answered >= rules.black["min_cases_for_rate"]
        and facts.satisfaction_rate < rules.black["max_satisfaction_rate"]
    ):
        black.append(f"满意率{facts.satisfaction_rate:.0%}过低")
    if facts.overdue_rectification_orders >= rules.black["min_overdue_rectification_orders"]:
        black.append(f"超期整改单{facts.overdue_rectification_orders}件")
    if black:
        return Verdict(BLACK, tuple(black))
    if score.combined is None:
        return Verdict(NONE, ("样本不足",))
    sides = [v for v in score.sides.values() if v is not None]
    red_ok = (
        score.combined >= rules.red["min_combined"]
        and len(sides) == len(score.sides)
        and min(sides) >= rules.red["min_side"]
        and facts.overdue_rectification_orders <= rules.red["max_overdue_rectification_orders"]
        and (facts.answered == 0 or facts.satisfaction_rate >= rules.red["min_satisfaction_rate"])
        and serious_events == 0
    )
    if red_ok:
        return Verdict(RED, (f"综合得分{score.combined:.1f}，各方评价均衡",))
    return Verdict(NONE, ())


def check_serious_event(kind: str, rules: ListRules) -> str:
    """The event's name, or InvalidInput listing the kinds the rules know."""
    if kind not in rules.serious_events:
        raise InvalidInput(
            f"event_kind must be one of {', '.join(rules.serious_events)}; got {kind!r}", field="event_kind"
        )
    return rules.serious_events[kind]


@dataclass(frozen=True)
class PartyBuilding:
    """Party-building criteria of the red property star rating."""

    has_party_branch: bool
    cross_appointments: int

    def criteria_met(self, score: CompanyScore) -> int:
        peer = score.aspect_score("party_building")
        dept = score.aspect_score("party_work")
        return sum(
            (
                self.has_party_branch,
                self.cross_appointments > 0,
                peer is not None and peer >= 80.0,
                dept is not None and dept >= 80.0,
            )
        )


def star_rating(score: CompanyScore, party: PartyBuilding, standing: str) -> int:
    """1–5 stars; 0 when the score is insufficient. The score sets a ceiling (≥90 → 5, ≥80 → 4,
    ≥70 → 3, ≥60 → 2, else 1) that party building must back: 5 stars need all four criteria
    (a party branch, a cross-appointment, peers' and departments' party scores ≥ 80), 4 stars
    three, 3 stars one. A black-listed company has 1 star."""
    if score.combined is None:
        return 0
    if standing == BLACK:
        return 1
    c = score.combined
    stars = 5 if c >= 90 else 4 if c >= 80 else 3 if c >= 70 else 2 if c >= 60 else 1
    met = party.criteria_met(score)
    needed = {5: 4, 4: 3, 3: 1}
    while stars > 2 and met < needed[stars]:
        stars -= 1
    return stars

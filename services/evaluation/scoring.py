"""Scoring of the quarterly review, with no I/O.

Aggregation is robust: people score each aspect on a 1–5 scale, and an aspect's score is the
**trimmed mean** of its scores — the lowest and highest ``trim_fraction`` (10 % by default, rounded
down) are dropped on each side, so a handful of grudge or favour ballots cannot move it — mapped to
0–100 as (mean − 1) / 4 × 100. An aspect with fewer scores than the side's ``min_sample`` has no
score and says "insufficient data". Because scores are small integers, the service aggregates them
in the database as histograms (score → count) and the trimmed mean is computed from those, which
keeps scoring 200,000 evaluations fast.

Case-fact aspects of the department side are computed from the quarter's closed cases: the three
rates ×100, complaints per 1,000 households (100 − 5 per complaint per 1,000, floored at 0) and
overdue rectification orders (100 − 25 each, floored at 0).

A side's score is the weighted mean of its aspects with data, provided they carry at least half of
the side's weight; the combined score is the side-weighted mean of the sides with data, provided
they carry at least 60 % of the weight. Otherwise the score is "insufficient data".
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from services.evaluation import catalogue
from services.evaluation.policy import WeightSet

Histogram = Mapping[int, int]  # score 1–5 → how many gave it
Counts = tuple[int, ...]  # how many gave 1, 2, 3, 4 and 5: a histogram as the tallies store it
# Per side: (side, minimum sample, its aspects as (code, from case facts, weight)).
AspectPlan = tuple[tuple[str, int, tuple[tuple[str, bool, float], ...]], ...]
SCALE = (1, 5)
MIN_SIDE_WEIGHT_SHARE = 0.5
MIN_COMBINED_WEIGHT_SHARE = 0.6
WEAKEST_COUNT = 3

GRADES = (  # (lowest combined score, code, name)
    (90.0, "EXCELLENT", "优秀"),
    (80.0, "GOOD", "良好"),
    (70.0, "PASS", "合格"),
    (60.0, "BASIC", "基本合格"),
    (0.0, "FAIL", "不合格"),
)
INSUFFICIENT = "INSUFFICIENT"
GRADE_NAMES = {code: name for _, code, name in GRADES} | {INSUFFICIENT: "数据不足"}


def trimmed_mean(histogram: Histogram, trim_fraction: float) -> float | None:
    """Mean of the scores after dropping floor(n × trim_fraction) from each end; None when empty."""
    n = sum(histogram.values())
    if n == 0:
        return None
    k = int(n * trim_fraction)
    low, high = k, n - k  # keep the scores ranked [low, high)
    total, kept, rank = 0.0, 0, 0
    for score in sorted(histogram):
        count = histogram[score]
        take = max(0, min(rank + count, high) - max(rank, low))
        total += take * score
        kept += take
        rank += count
    return total / kept


def counts_of(histogram: Histogram | Counts) -> Counts:
    """The histogram as counts of 1 … 5."""
    if isinstance(histogram, tuple):
        return histogram
    return tuple(histogram.get(score, 0) for score in range(SCALE[0], SCALE[1] + 1))


def trimmed_mean_of_counts(counts: Counts, trim_fraction: float) -> float | None:
    """trimmed_mean over counts of 1 … 5, without building a histogram: the scoring loop's form
    (35,000 aspects a quarter)."""
    n = sum(counts)
    if n == 0:
        return None
    k = int(n * trim_fraction)
    low, high = k, n - k  # keep the scores ranked [low, high); trim_fraction < 0.5 keeps some
    total = rank = 0
    for score, count in enumerate(counts, start=SCALE[0]):
        if count:
            take = min(rank + count, high) - max(rank, low)
            if take > 0:
                total += take * score
            rank += count
    return total / (high - low)


def to_percent(mean: float) -> float:
    lo, hi = SCALE
    return round((mean - lo) / (hi - lo) * 100, 2)


@dataclass(frozen=True)
class CaseFacts:
    """A company's closed cases in the quarter, and the households it manages."""

    cases: int = 0
    responded: int = 0
    resolved: int = 0
    satisfied: int = 0
    answered: int = 0
    households: int = 0
    overdue_rectification_orders: int = 0

    @property
    def complaints_per_1000(self) -> float:
        return round(self.cases / self.households * 1000, 2) if self.households else 0.0

    @property
    def response_rate(self) -> float:
        return round(self.responded / self.cases, 4) if self.cases else 0.0

    @property
    def resolution_rate(self) -> float:
        return round(self.resolved / self.cases, 4) if self.cases else 0.0

    @property
    def satisfaction_rate(self) -> float:
        return round(self.satisfied / self.answered, 4) if self.answered else 0.0


def case_fact_scores(facts: CaseFacts) -> dict[str, float | None]:
    """0–100 scores of the case-fact aspects; None where there is nothing to measure."""
    return {
        "response_rate": round(facts.response_rate * 100, 2) if facts.cases else None,
        "resolution_rate": round(facts.resolution_rate * 100, 2) if facts.cases else None,
        "satisfaction_rate": round(facts.satisfaction_rate * 100, 2) if facts.answered else None,
        "complaints_per_1000": max(0.0, round(100 - 5 * facts.complaints_per_1000, 2)) if facts.households else None,
        "rectification_on_time": max(0.0, 100.0 - 25.0 * facts.overdue_rectification_orders),
    }


class AspectScore(NamedTuple):
    """One aspect's score (a named tuple: 35,000 of them a quarter, made four times faster than
    a frozen dataclass)."""

    side: str
    aspect: str
    samples: int
    score: float | None  # None: insufficient data


@dataclass(frozen=True)
class Weakness:
    aspect: str
    name: str
    score: float
    advice: str


@dataclass(frozen=True)
class CompanyScore:
    company_code: str
    aspects: tuple[AspectScore, ...]
    sides: dict[str, float | None]
    combined: float | None
    grade: str
    weakest: tuple[Weakness, ...]
    facts: CaseFacts = field(default_factory=CaseFacts)

    def aspect_score(self, code: str) -> float | None:
        return next((a.score for a in self.aspects if a.aspect == code), None)

    @property
    def assessment(self) -> str:
        """The guiding assessment (指导性评价) in one paragraph, zh-CN."""
        if self.combined is None:
            return "本季度有效评价样本不足，暂不作综合评定。"
        parts = [f"综合得分{self.combined:.1f}分，评定为“{GRADE_NAMES[self.grade]}”。"]
        side_text = "，".join(
            f"{catalogue.SIDE_NAMES[s]}{v:.1f}分" if v is not None else f"{catalogue.SIDE_NAMES[s]}样本不足"
            for s, v in self.sides.items()
        )
        parts.append(side_text + "。")
        if self.weakest:
            parts.append("薄弱项：" + "".join(f"{w.name}{w.score:.1f}分——{w.advice}" for w in self.weakest))
        return "".join(parts)


def grade_of(combined: float | None) -> str:
    if combined is None:
        return INSUFFICIENT
    return next(code for low, code, _ in GRADES if combined >= low)


def _weighted(items: list[tuple[float | None, float]], min_share: float) -> float | None:
    total = sum(w for _, w in items)
    have = [(v, w) for v, w in items if v is not None]
    weight = sum(w for _, w in have)
    if not have or total == 0 or weight < min_share * total:
        return None
    return round(sum(v * w for v, w in have) / weight, 2)


def aspect_plan(weights: WeightSet) -> AspectPlan:
    """Per side: its minimum sample and its aspects as (code, from case facts, weight), in catalogue
    order: what score_company looks up for every aspect of every company, looked up once."""
    return tuple(
        (
            side,
            weights.min_sample.get(side, 1),
            tuple(
                (a.code, a.code in catalogue.CASE_FACT_ASPECTS, weights.aspect_weight(a.code))
                for a in catalogue.CATALOGUES[side]
            ),
        )
        for side in catalogue.SIDES
    )


_by_score_then_code = operator.itemgetter(3, 1)  # (score, aspect) of an AspectScore


def _company_score(
    company_code: str, aspects: list[AspectScore], sides: dict[str, float | None], facts: CaseFacts, weights: WeightSet
) -> CompanyScore:
    """The combined score, grade and weakest aspects from the aspects and sides."""
    combined = _weighted([(sides[s], weights.sides[s]) for s in catalogue.SIDES], MIN_COMBINED_WEIGHT_SHARE)
    scored = sorted((a for a in aspects if a.score is not None), key=_by_score_then_code)
    weakest = tuple(
        Weakness(a.aspect, catalogue.ASPECTS[a.aspect].name, a.score, catalogue.ASPECTS[a.aspect].advice)
        for a in scored[:WEAKEST_COUNT]
        if a.score is not None and a.score < 90.0
    )
    return CompanyScore(company_code, tuple(aspects), sides, combined, grade_of(combined), weakest, facts)


def percent_of_counts(counts: Counts, trim_fraction: float) -> float | None:
    """The trimmed mean of counts of 1 … 5 mapped to 0–100, before rounding; None when empty.
    trimmed_mean_of_counts and to_percent in their order of operations, so round(…, 2) of it is
    their score to the last bit; review_store.aspect_percents computes the same doubles in SQL."""
    samples = sum(counts)
    if not samples:
        return None
    k = int(samples * trim_fraction)
    low, high = k, samples - k
    total = rank = 0
    for value, count in enumerate(counts, start=1):
        if count:
            take = min(rank + count, high) - max(rank, low)
            if take > 0:
                total += take * value
            rank += count
    return (total / (high - low) - 1) / 4 * 100


def plan_aspects(plan: AspectPlan) -> list[tuple[str, str]]:
    """Every (side, aspect) of the plan, in its order: the order of score_from_percents' lists."""
    return [(side, code) for side, _, side_aspects in plan for code, _, _ in side_aspects]


def percents_of(
    histograms: Mapping[tuple[str, str], Histogram | Counts], trim_fraction: float, plan: AspectPlan
) -> tuple[list[int], list[float | None]]:
    """(samples, unrounded percent) of every aspect of the plan, in its order, from histograms."""
    samples: list[int] = []
    percents: list[float | None] = []
    for key in plan_aspects(plan):
        counts = counts_of(histograms.get(key, ()))
        samples.append(sum(counts))
        percents.append(percent_of_counts(counts, trim_fraction))
    return samples, percents


def score_company(
    company_code: str,
    histograms: Mapping[tuple[str, str], Histogram | Counts],
    facts: CaseFacts,
    weights: WeightSet,
    plan: AspectPlan | None = None,
) -> CompanyScore:
    """Scores one company from its (side, aspect) histograms and its case facts. `plan` is
    aspect_plan(weights), passed in when scoring many companies with one weight set."""
    plan = plan or aspect_plan(weights)
    samples, percents = percents_of(histograms, weights.trim_fraction, plan)
    return score_from_percents(company_code, samples, percents, facts, weights, plan)


def score_from_percents(
    company_code: str,
    samples: Sequence[int],
    percents: Sequence[float | None],
    facts: CaseFacts,
    weights: WeightSet,
    plan: AspectPlan,
) -> CompanyScore:
    """Scores one company from the samples and unrounded percents of the plan's aspects, in
    plan_aspects order (case-fact aspects' entries are ignored): the scoring loop of 1,000
    companies a quarter, fed by the database. The arithmetic is _weighted inlined, in its order of
    operations, so the scores are the reference's to the last bit."""
    fact_scores = case_fact_scores(facts)
    aspects: list[AspectScore] = []
    sides: dict[str, float | None] = {}
    index = 0
    for side, min_sample, side_aspects in plan:
        total_weight = have_weight = weighted = 0.0
        have = False
        for code, from_facts, weight in side_aspects:
            score: float | None
            if from_facts:
                score = fact_scores[code]
                n = facts.cases
            else:
                n = samples[index]
                percent = percents[index]
                score = _rounded(percent) if percent is not None and n >= min_sample else None
            index += 1
            aspects.append(_aspect_score(AspectScore, (side, code, n, score)))
            total_weight += weight
            if score is not None:
                have = True
                have_weight += weight
                weighted += score * weight
        ok = have and total_weight != 0 and have_weight >= MIN_SIDE_WEIGHT_SHARE * total_weight
        sides[side] = round(weighted / have_weight, 2) if ok else None
    return _company_score(company_code, aspects, sides, facts, weights)


# A quarter's 35,000 percents take a few hundred distinct values, and round(x, 2) (correctly
# rounded through decimal digits) costs a microsecond each.
_rounded = functools.lru_cache(maxsize=4096)(functools.partial(round, ndigits=2))
# tuple.__new__ skips AspectScore.__new__'s Python frame: a third of the loop's time.
_aspect_score = tuple.__new__


def score_company_reference(
    company_code: str,
    histograms: Mapping[tuple[str, str], Histogram | Counts],
    facts: CaseFacts,
    weights: WeightSet,
) -> CompanyScore:
    """Scores one company from its (side, aspect) histograms and its case facts, the rules as
    written, one aspect at a time: the specification score_company is tested against, and the
    scoring benchmark's anchor."""
    fact_scores = case_fact_scores(facts)
    aspects: list[AspectScore] = []
    sides: dict[str, float | None] = {}
    trim, (lo, hi) = weights.trim_fraction, SCALE
    fact_aspects, aspect_weight = catalogue.CASE_FACT_ASPECTS, weights.aspect_weight
    for side in catalogue.SIDES:
        items: list[tuple[float | None, float]] = []
        min_sample = weights.min_sample.get(side, 1)
        for aspect in catalogue.CATALOGUES[side]:
            code = aspect.code
            score: float | None
            if code in fact_aspects:
                score = fact_scores[code]
                samples = facts.cases
            else:
                counts = counts_of(histograms.get((side, code), ()))
                samples = sum(counts)
                mean = trimmed_mean_of_counts(counts, trim) if samples >= min_sample else None
                score = None if mean is None else round((mean - lo) / (hi - lo) * 100, 2)  # to_percent, inlined
            aspects.append(AspectScore(side, code, samples, score))
            items.append((score, aspect_weight(code)))
        sides[side] = _weighted(items, MIN_SIDE_WEIGHT_SHARE)
    return _company_score(company_code, aspects, sides, facts, weights)


def rank(scores: list[CompanyScore]) -> dict[str, int]:
    """1-based rank by combined score (ties share a rank); unscored companies are not ranked."""
    ordered = sorted((s for s in scores if s.combined is not None), key=lambda s: -(s.combined or 0.0))
    ranks: dict[str, int] = {}
    previous: float | None = None
    position = 0
    for index, s in enumerate(ordered, start=1):
        if s.combined != previous:
            position, previous = index, s.combined
        ranks[s.company_code] = position
    return ranks

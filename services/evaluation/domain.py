"""Rules of the evaluation service that need no I/O."""

from __future__ import annotations

from dataclasses import dataclass

from services.common.errors import InvalidInput

SATISFACTIONS = ("satisfied", "fairly_satisfied", "unsatisfied", "no_answer")


@dataclass(frozen=True)
class Rates:
    """The three rates of 接诉即办. Satisfaction counts satisfied and fairly satisfied among answered
    callbacks; a company with no cases has rates of 0 and says so by cases == 0."""

    cases: int
    response_rate: float
    resolution_rate: float
    satisfaction_rate: float


@dataclass(frozen=True)
class Form:
    """One filled-in evaluation form: who (`rater`) scored which company on which side, per aspect."""

    evaluation_id: str
    side: str
    company_code: str
    rater: str
    submitted_by: str
    scores: dict[str, int]


def evaluation_id(review_id: str, side: str, rater: str, company_code: str) -> str:
    """The key of a form: one per rater per company per review, so a second is a replay or a conflict."""
    return f"{review_id}:{side[0]}:{rater}:{company_code}"


def rates(cases: int, responded: int, resolved: int, satisfied: int, answered: int) -> Rates:
    def ratio(part: int, whole: int) -> float:
        return round(part / whole, 4) if whole else 0.0

    return Rates(cases, ratio(responded, cases), ratio(resolved, cases), ratio(satisfied, answered))


def check_satisfaction(value: str) -> str:
    if value not in SATISFACTIONS:
        raise InvalidInput(f"satisfaction must be one of {', '.join(SATISFACTIONS)}", field="satisfaction")
    return value


def check_scores(side: str, scores: dict[str, int]) -> dict[str, int]:
    """The form's scores if they cover exactly the aspects people score on `side`, each 1–5."""
    from services.evaluation import catalogue  # local: catalogue is data, domain stays importable alone

    expected = set(catalogue.scored_by_people(side))
    given = set(scores)
    if given != expected:
        missing, extra = sorted(expected - given), sorted(given - expected)
        raise InvalidInput(
            f"scores must cover the {len(expected)} {side.lower()} aspects; missing {missing}, unknown {extra}",
            field="scores",
        )
    bad = sorted(k for k, v in scores.items() if not 1 <= v <= 5)
    if bad:
        raise InvalidInput(f"scores are 1–5; out of range: {', '.join(bad)}", field="scores")
    return dict(scores)

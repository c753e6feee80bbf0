"""Demo data of 共同管 and 公开评 for Dongjie: committees, party branches, people and their
cross-appointments, contracts, verified households, and a published review of 2026Q3 with the
evaluations and case outcomes behind it.

Literal data plus a deterministic generator (scores come from a hash of the form and aspect, not
from a random source), so every seed produces the same board.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, timedelta

from services.evaluation import catalogue
from services.evaluation.demo_data import COMMUNITIES, SUBDISTRICT_CODE, Org
from services.evaluation.domain import Form, evaluation_id
from services.evaluation.models import Household

DEMO_QUARTER = "2026Q3"
DEMO_REVIEW_ID = f"{SUBDISTRICT_CODE}-{DEMO_QUARTER}"
DEMO_APPROVER = "dongjie.center"

BODIES: tuple[Org, ...] = (
    Org("OC-DFSJ", "东方世家业主委员会", "owners_committee", "CM-DFSJ"),
    Org("OC-CPY", "常平苑业主委员会", "owners_committee", "CM-CPY"),
    Org("OC-FHJY", "府后嘉园业主委员会", "owners_committee", "CM-FHJY"),
    Org("MGC-TDJ", "土地局小区物业管理委员会", "management_committee", "CM-TDJ"),
    Org("MGC-OLD-002", "工商局家属院物业管理委员会", "management_committee", "CM-OLD-002"),
    Org("PB-CM-DFSJ", "东方世家小区党支部", "party_branch", "CM-DFSJ"),
    Org("PB-DFSJ", "东方物业党支部", "party_branch", "PC-DFSJ"),
    Org("PB-CPY", "常平物业党支部", "party_branch", "PC-CPY"),
    Org("PB-TAIHANG", "太行物业党支部", "party_branch", "PC-TAIHANG"),
    Org("PB-SHANGDANG", "上党物业党支部", "party_branch", "PC-SHANGDANG"),
)

# (person id, name, party member, ((organisation, post), ...))
PEOPLE: tuple[tuple[str, str, bool, tuple[tuple[str, str], ...]], ...] = (
    ("P-001", "王建国", True, (("PB-DFSJ", "书记"), ("OC-DFSJ", "委员"), ("PB-CM-DFSJ", "委员"))),
    ("P-002", "李淑芬", True, (("NB-XIADONG", "社区党委委员"), ("OC-DFSJ", "主任"))),
    ("P-003", "张志强", True, (("PB-CPY", "书记"), ("OC-CPY", "委员"))),
    ("P-004", "刘芳", True, (("PB-TAIHANG", "委员"), ("MGC-TDJ", "委员"))),
    ("P-005", "陈明", False, (("OC-FHJY", "主任"),)),
    ("P-006", "赵丽", True, (("NB-FUHOU", "社区书记"), ("MGC-OLD-002", "主任"))),
)

# Mean form score (1–5) and the two aspects each company is weakest at.
QUALITY: dict[str, tuple[float, tuple[str, ...]]] = {
    "PC-DFSJ": (4.7, ("fee_transparency", "energy_saving")),
    "PC-CPY": (4.5, ("greening", "innovation")),
    "PC-TAIHANG": (4.3, ("repairs", "facility_investment")),
    "PC-SHANGDANG": (4.1, ("timeliness", "maintenance")),
    "PC-ANJU": (3.9, ("cleanliness", "staff_quality")),
    "PC-ZHANGZE": (3.6, ("security", "safety")),
    "PC-HUIFENG": (2.2, ("complaint_handling", "emergency_response")),
}
RESIDENT_FORMS_PER_COMPANY = 40
DEPARTMENT_RATERS = ("staff.hb-luzhou", "staff.cmb-luzhou", "staff.msb-luzhou", "dongjie.center")
# Cases per company in the quarter: (cases, responded on time, resolved, satisfied, answered, overdue orders)
CASES: dict[str, tuple[int, int, int, int, int, int]] = {
    "PC-DFSJ": (12, 12, 12, 11, 12, 0),
    "PC-CPY": (8, 8, 8, 7, 8, 0),
    "PC-TAIHANG": (9, 8, 9, 7, 9, 0),
    "PC-SHANGDANG": (14, 12, 13, 10, 13, 1),
    "PC-ANJU": (11, 9, 10, 7, 10, 1),
    "PC-ZHANGZE": (16, 12, 13, 9, 15, 2),
    "PC-HUIFENG": (25, 14, 17, 8, 22, 4),
}


def _jitter(key: str) -> int:
    """-1, 0 or +1, from a hash: the same key always jitters the same way."""
    return (hashlib.sha256(key.encode()).digest()[0] % 5) - 2 if key else 0


def _score(company: str, aspect: str, key: str) -> int:
    mean, weak = QUALITY[company]
    value = mean - (1.2 if aspect in weak else 0.0) + max(-1, min(1, _jitter(key)))
    return max(1, min(5, round(value)))


def households() -> list[Household]:
    """Verified households: the first RESIDENT_FORMS_PER_COMPANY of each company's communities."""
    rows: list[Household] = []
    for company in QUALITY:
        managed = [c for c in COMMUNITIES if c.company_code == company]
        n = 0
        while n < RESIDENT_FORMS_PER_COMPANY:
            community = managed[n % len(managed)]
            building, unit, floor = n // 8 % community.buildings + 1, n % 2 + 1, n % 6 + 1
            label = f"{building}号楼{unit}单元{floor:02d}0{n % 4 + 1}"
            code = f"{community.code}-{building:02d}-{unit}-{floor:02d}0{n % 4 + 1}"
            rows.append(
                Household(code=code, community_code=community.code, label=label, verified=True, verified_by="seed")
            )
            n += 1
    return list({r.code: r for r in rows}.values())


def forms() -> list[Form]:
    """Every form of the demo review: residents, peers (never themselves) and departments."""
    out: list[Form] = []
    by_company: dict[str, list[Household]] = {}
    company_of = {c.code: c.company_code for c in COMMUNITIES}
    for h in households():
        by_company.setdefault(company_of[h.community_code], []).append(h)
    for company, rows in by_company.items():
        for h in rows:
            out.append(_form(catalogue.RESIDENT, company, h.code, "xiadong.caseworker"))
    for rater in QUALITY:
        for company in QUALITY:
            if rater != company:
                out.append(_form(catalogue.PEER, company, rater, f"staff.{rater.lower()}"))
    for staff in DEPARTMENT_RATERS:
        for company in QUALITY:
            out.append(_form(catalogue.DEPARTMENT, company, staff, staff))
    return out


def _form(side: str, company: str, rater: str, submitted_by: str) -> Form:
    key = evaluation_id(DEMO_REVIEW_ID, side, rater, company)
    scores = {a: _score(company, a, f"{key}/{a}") for a in catalogue.scored_by_people(side)}
    return Form(key, side, company, rater, submitted_by, scores)


def contracts() -> list[tuple[str, str, str, date, date]]:
    """(id, community, company, starts on, ends on) for every managed community."""
    return [
        (f"MC-{c.code}", c.code, c.company_code, date(2024, 1, 1), date(2026, 12, 31))
        for c in COMMUNITIES
        if c.company_code
    ]


def case_moment(index: int) -> datetime:
    """A moment inside 2026Q3 for the demo case outcomes."""
    return datetime(2026, 7, 3, 2, 0, tzinfo=UTC).replace(day=1 + index % 28, month=7 + index % 3)


def form_moment(form: Form) -> datetime:
    """When a demo form came in: the last fortnight of 2026Q3 (the review's forms window), spread
    by a hash of the form so every seed gives the same moments."""
    offset = hashlib.sha256(form.evaluation_id.encode()).digest()[0] % 14
    return datetime(2026, 9, 16, 2, 0, tzinfo=UTC) + timedelta(days=offset)

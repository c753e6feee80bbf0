"""Roles and organisation scope: who may see and act on which case or task. Pure rules, no I/O."""

from __future__ import annotations

from collections.abc import Collection

from services.common.identity import Identity

# Roles (GLOSSARY.md / DESIGN.md "Who uses it").
CASEWORKER = "caseworker"
GRID_WORKER = "grid_worker"
STREET_CENTER = "street_center"
DISTRICT_CENTER = "district_center"
SUPERVISOR = "supervisor"
COMPANY = "company"
MEDIATOR = "mediator"
COURT_LIAISON = "court_liaison"
POLICE_LIAISON = "police_liaison"
OPS = "ops"
ADMIN = "admin"
SYSTEM = "system"
# A member of the public: the online form, the tracking page, Open311 clients (issue #6).
RESIDENT = "resident"

ALL_ROLES = (
    CASEWORKER,
    GRID_WORKER,
    STREET_CENTER,
    DISTRICT_CENTER,
    SUPERVISOR,
    COMPANY,
    MEDIATOR,
    COURT_LIAISON,
    POLICE_LIAISON,
    OPS,
    ADMIN,
)

# Roles that see every case of the subdistrict (the street and district centres, ops, admin).
WIDE_ROLES = (STREET_CENTER, DISTRICT_CENTER, OPS, ADMIN, SYSTEM)
# Roles that may file a complaint on a resident's behalf.
FILING_ROLES = (CASEWORKER, GRID_WORKER, STREET_CENTER, DISTRICT_CENTER, ADMIN)


def sees_case(
    identity: Identity, *, neighbourhood_code: str, company_code: str, participants: Collection[str] = ()
) -> bool:
    """A caseworker sees her neighbourhood's cases, a company its own, the centres all, and a
    mediator the cases whose professional mediation panel her organisation sits on."""
    if identity.has_role(*WIDE_ROLES):
        return True
    if identity.has_role(MEDIATOR) and set(participants) & set(identity.organisations):
        return True
    if identity.has_role(CASEWORKER, GRID_WORKER) and neighbourhood_code in identity.organisations:
        return True
    return bool(identity.has_role(COMPANY) and company_code and company_code in identity.organisations)


def owns_personal_data(identity: Identity, *, neighbourhood_code: str) -> bool:
    """Who may read a complainant's name and phone in clear: the handling neighbourhood's staff."""
    if identity.has_role(SYSTEM):
        return True
    return identity.has_role(CASEWORKER, GRID_WORKER) and neighbourhood_code in identity.organisations


def may_file(identity: Identity) -> bool:
    return identity.has_role(*FILING_ROLES)


def mask_name(name: str) -> str:
    return name[:1] + "*" * max(len(name) - 1, 1) if name else ""


def mask_phone(phone: str) -> str:
    """+8613800138000 → +86138****8000: the carrier prefix and last four digits stay readable."""
    keep = 6 if phone.startswith("+86") else 3
    return phone[:keep] + "****" + phone[-4:] if len(phone) >= keep + 6 else "*" * len(phone)


# Issue #7: government department staff who score companies (部门综合评), and the public board's
# read-only caller, which sees published review results only.
DEPARTMENT = "department"
PUBLIC = "public"

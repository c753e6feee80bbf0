"""Drawing a professional mediation panel (专业调): rules with no I/O beyond loading the roster.

A panel is drawn from the roster members who serve the dispute's type, in roster order, up to the
panel size. Anyone holding a post in an organisation involved in the dispute (the property company,
owners' committee, management committee or party branch of the community) is excluded and the
reason recorded: a cross-appointment (交叉任职) is a conflict of interest. A member whose own
organisation is involved is excluded too. The panel always has a mediator from the committee, since
sessions are the committee's tasks.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from services.common.errors import InvalidInput

POLICY_DIR = Path(__file__).resolve().parents[1] / "policy"


@dataclass(frozen=True)
class RosterMember:
    person_id: str
    name: str
    org_code: str
    role: str
    case_types: tuple[str, ...]

    def serves(self, case_type: str) -> bool:
        return "*" in self.case_types or case_type in self.case_types


@dataclass(frozen=True)
class Roster:
    version: str
    panel_size: int
    members: tuple[RosterMember, ...]


@dataclass(frozen=True)
class Post:
    person_id: str
    org_code: str
    org_kind: str
    post: str


@dataclass(frozen=True)
class Exclusion:
    member: RosterMember
    reason: str


@dataclass(frozen=True)
class DrawnPanel:
    members: tuple[RosterMember, ...]
    excluded: tuple[Exclusion, ...]
    roster_version: str


def draw(roster: Roster, case_type: str, involved_orgs: Iterable[str], posts: Iterable[Post]) -> DrawnPanel:
    if not case_type or len(case_type) > 32:
        raise InvalidInput("case_type is required (at most 32 characters)", field="case_type")
    involved = set(involved_orgs)
    posts_by_person: dict[str, list[Post]] = {}
    for post in posts:
        if post.org_code in involved:
            posts_by_person.setdefault(post.person_id, []).append(post)
    members: list[RosterMember] = []
    excluded: list[Exclusion] = []
    for member in roster.members:
        if not member.serves(case_type):
            continue
        conflicts = posts_by_person.get(member.person_id, [])
        if conflicts:
            held = "; ".join(f"{p.post} of {p.org_code} ({p.org_kind})" for p in conflicts)
            excluded.append(Exclusion(member, f"交叉任职 · holds a post in a party to the dispute: {held}"))
        elif member.org_code in involved:
            excluded.append(Exclusion(member, f"所在单位 {member.org_code} 为纠纷当事方 · works for a party"))
        elif len(members) < roster.panel_size:
            members.append(member)
    if not any(m.role == "mediator" for m in members):
        raise InvalidInput(
            f"no mediator on the roster can serve a {case_type!r} dispute without a conflict", field="case_type"
        )
    return DrawnPanel(tuple(members), tuple(excluded), roster.version)


def load_roster(path: Path = POLICY_DIR / "roster.json") -> Roster:
    data = json.loads(path.read_text(encoding="utf-8"))
    return Roster(
        version=str(data["version"]),
        panel_size=int(data["panel_size"]),
        members=tuple(
            RosterMember(m["person_id"], m["name"], m["org_code"], m["role"], tuple(m["case_types"]))
            for m in data["members"]
        ),
    )


def load_methods(path: Path = POLICY_DIR / "methods.json") -> tuple[str, ...]:
    return tuple(json.loads(path.read_text(encoding="utf-8"))["methods"])

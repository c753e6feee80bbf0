"""Registry management on one session: who may change which subdistrict, and the checked writes of
neighbourhoods, companies, committees, communities and posts. The caller commits (or rolls back
everything: an import is one session)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from services.common import scope
from services.common.clock import SHANGHAI, utcnow
from services.common.errors import Conflict, NotFound, PermissionDenied, PreconditionFailed
from services.common.identity import Identity
from services.evaluation import registry_rules as rules
from services.evaluation.models import Appointment, Community, Organisation, Person

M = TypeVar("M", Organisation, Community, Person, Appointment)


@dataclass(frozen=True)
class Reach:
    """The subdistricts a caller may change: None for everywhere (district center, admin)."""

    subdistricts: frozenset[str] | None

    def check(self, subdistrict: str, what: str, field: str | None = None) -> None:
        if self.subdistricts is not None and subdistrict not in self.subdistricts:
            raise PermissionDenied(
                f"{what} 不在本街道，街道物业服务中心只能管理本街道的名录 ({what} is outside your subdistrict)",
                field=field,
            )

    def sees(self, subdistrict: str) -> bool:
        return self.subdistricts is None or subdistrict in self.subdistricts


async def reach_of(session: AsyncSession, identity: Identity) -> Reach:
    """District center and admin: everywhere; a street center: the subdistricts of its centres."""
    if identity.has_role(scope.DISTRICT_CENTER, scope.ADMIN):
        return Reach(None)
    if identity.has_role(scope.STREET_CENTER):
        stmt = select(Organisation.parent_code).where(
            col(Organisation.code).in_(identity.organisations), Organisation.kind == "street_center"
        )
        return Reach(frozenset((await session.exec(stmt)).all()))
    raise PermissionDenied(
        "名录由区物管中心、街道物业服务中心和管理员维护 (the registry is kept by the centres and admins)"
    )


@dataclass
class Preloaded:
    """Every registry row held in memory for one import's session, so a row's checks cost no round
    trip (an initial load is thousands of rows in one transaction)."""

    rows: dict[tuple[type, Any], Any]
    community_names: dict[str, str]


async def preload(session: AsyncSession) -> None:
    """Reads the registry's tables once; the store's look-ups on this session then stay in memory."""
    rows: dict[tuple[type, Any], Any] = {}
    for model in (Organisation, Community, Person, Appointment):
        for row in (await session.exec(select(model))).all():
            rows[_key(row)] = row
    names = {row.name: code for (model, code), row in rows.items() if model is Community}
    session.info["preloaded"] = Preloaded(rows, names)


def _key(row: Any) -> tuple[type, Any]:
    if isinstance(row, Appointment):
        return Appointment, (row.person_id, row.org_code)
    return type(row), row.id if isinstance(row, Person) else row.code


async def find(session: AsyncSession, model: type[M], key: Any) -> M | None:
    """The row of `model` with primary key `key`, from the preloaded rows when the session has them."""
    held: Preloaded | None = session.info.get("preloaded")
    if held is None:
        return await session.get(model, key)
    found: M | None = held.rows.get((model, key))
    return found


def _keep(session: AsyncSession, row: Any, renamed_from: str = "") -> None:
    """Adds or re-adds a row to the session (and to the preloaded rows, when there are)."""
    session.add(row)
    held: Preloaded | None = session.info.get("preloaded")
    if held is not None:
        held.rows[_key(row)] = row
        if isinstance(row, Community):
            held.community_names.pop(renamed_from, None)
            held.community_names[row.name] = row.code


async def _name_holder(session: AsyncSession, name: str, code: str) -> str:
    """The code of another community with this name, or ""."""
    held: Preloaded | None = session.info.get("preloaded")
    if held is not None:
        holder = held.community_names.get(name, "")
        return holder if holder != code else ""
    stmt = select(Community.code).where(Community.name == name, Community.code != code)
    return (await session.exec(stmt)).first() or ""


def today() -> date:
    return utcnow().astimezone(SHANGHAI).date()


async def _code_taken(session: AsyncSession, code: str) -> bool:
    return await find(session, Organisation, code) is not None or await find(session, Community, code) is not None


async def organisation_of_kind(session: AsyncSession, code: str, kind: str, *, field: str) -> Organisation:
    """The organisation `code` of `kind`; NotFound naming `field` otherwise."""
    row = await find(session, Organisation, code)
    if row is None or row.kind != kind:
        zh = rules.KIND_ZH.get(kind, "组织")
        raise NotFound(f"没有编码为 {code} 的{zh} (no {kind} {code!r})", field=field)
    return row


def in_service(row: Organisation | Community, *, field: str) -> None:
    """Refuses a retired organisation or community for new work."""
    if row.retired_at is not None:
        raise PreconditionFailed(f"{row.name}（{row.code}）已停用，不能再选用 ({row.code} is retired)", field=field)


async def subdistrict_of(session: AsyncSession, org: Organisation) -> str:
    """The subdistrict an organisation belongs to ("" for district-level bodies)."""
    for _ in range(4):
        if org.kind == "subdistrict":
            return org.code
        community = await find(session, Community, org.parent_code)
        if community is not None:
            return community.subdistrict_code
        parent = await find(session, Organisation, org.parent_code) if org.parent_code else None
        if parent is None:
            return ""
        org = parent
    return ""


async def subdistrict_map(session: AsyncSession) -> dict[str, str]:
    """Every organisation's subdistrict (as `subdistrict_of` finds it) in two queries, for lists."""
    orgs = {o.code: o for o in (await session.exec(select(Organisation))).all()}
    communities = dict((await session.exec(select(Community.code, Community.subdistrict_code))).all())
    found: dict[str, str] = {}
    for code, org in orgs.items():
        here: Organisation | None = org
        for _ in range(4):
            if here is None:
                break
            if here.kind == "subdistrict":
                found[code] = here.code
                break
            if here.parent_code in communities:
                found[code] = communities[here.parent_code]
                break
            here = orgs.get(here.parent_code)
    return found


def _diff(row: Any, values: dict[str, Any]) -> dict[str, list[Any]]:
    """Sets `values` on `row`; returns field → [before, after] for those that changed."""
    changes = {}
    for name, value in values.items():
        before = getattr(row, name)
        if before != value:
            changes[name] = [before, value]
            setattr(row, name, value)
    return changes


async def save_organisation(
    session: AsyncSession, reach: Reach, *, kind: str, code: str, name: str, parent_code: str, create: bool
) -> tuple[Organisation, dict[str, list[Any]]]:
    if kind not in rules.ORGANISATION_KINDS:
        raise rules.refuse("只能维护社区、物业企业和业委会", f"kind {kind!r} is not kept here", field="kind")
    code = rules.check_code(code)
    name = rules.check_name(name)
    if kind == rules.OWNERS_COMMITTEE:
        community = await find(session, Community, parent_code)
        if community is None:
            raise NotFound(f"没有编码为 {parent_code} 的小区 (no community {parent_code!r})", field="parent_code")
        in_service(community, field="parent_code")
        subdistrict = community.subdistrict_code
    else:
        if not parent_code and reach.subdistricts is not None and len(reach.subdistricts) == 1:
            parent_code = next(iter(reach.subdistricts))
        subdistrict = (await organisation_of_kind(session, parent_code, "subdistrict", field="parent_code")).code
    reach.check(subdistrict, parent_code, "parent_code")
    existing = await find(session, Organisation, code)
    if create:
        if existing is not None or await find(session, Community, code) is not None:
            raise Conflict(f"编码 {code} 已被使用 (code {code} is already taken)", field="code")
        row = Organisation(code=code, name=name, kind=kind, parent_code=parent_code)
        _keep(session, row)
        return row, {"created": [None, code]}
    if existing is None or existing.kind != kind:
        raise NotFound(f"没有编码为 {code} 的{rules.KIND_ZH[kind]} (no {kind} {code!r})", field="code")
    reach.check(await subdistrict_of(session, existing), code)
    changes = _diff(existing, {"name": name, "parent_code": parent_code})
    session.add(existing)
    return existing, changes


@dataclass(frozen=True)
class CommunityFields:
    code: str
    name: str
    neighbourhood_code: str
    company_code: str = ""
    households: int = 0
    residents: int = 0
    buildings: int = 0
    is_old: bool = False


async def save_community(
    session: AsyncSession, reach: Reach, fields: CommunityFields, *, create: bool
) -> tuple[Community, dict[str, list[Any]]]:
    code = rules.check_code(fields.code)
    name = rules.check_name(fields.name)
    counts = {f: rules.check_count(getattr(fields, f), field=f) for f in ("households", "residents", "buildings")}
    neighbourhood = await organisation_of_kind(
        session, fields.neighbourhood_code, rules.NEIGHBOURHOOD, field="neighbourhood_code"
    )
    subdistrict = neighbourhood.parent_code
    existing = await find(session, Community, code)
    if existing is not None and not create:
        reach.check(existing.subdistrict_code, existing.name)
        if existing.subdistrict_code != subdistrict:
            raise rules.refuse(
                f"{neighbourhood.name}属于另一个街道（{subdistrict}），小区{existing.name}属于"
                f" {existing.subdistrict_code}：小区只能调整到本街道的社区",
                f"neighbourhood {neighbourhood.code} is in {subdistrict}, community {code} in"
                f" {existing.subdistrict_code}",
                field="neighbourhood_code",
            )
    reach.check(subdistrict, neighbourhood.name, "neighbourhood_code")
    if fields.company_code and fields.company_code != (existing.company_code if existing else ""):
        company = await organisation_of_kind(session, fields.company_code, rules.PROPERTY_COMPANY, field="company_code")
        in_service(company, field="company_code")
    if fields.neighbourhood_code != (existing.neighbourhood_code if existing else ""):
        in_service(neighbourhood, field="neighbourhood_code")
    holder = await _name_holder(session, name, code)
    if holder:
        raise Conflict(f"小区名称“{name}”已被 {holder} 使用 (name taken by {holder})", field="name")
    values: dict[str, Any] = {
        "name": name,
        "neighbourhood_code": neighbourhood.code,
        "company_code": fields.company_code,
        "is_old": fields.is_old,
        **counts,
    }
    if create:
        if existing is not None or await find(session, Organisation, code) is not None:
            raise Conflict(f"编码 {code} 已被使用 (code {code} is already taken)", field="code")
        status = "TAKEN_OVER" if fields.company_code else "UNMANAGED"
        row = Community(code=code, subdistrict_code=subdistrict, management_status=status, **values)
        _keep(session, row)
        return row, {"created": [None, code]}
    if existing is None:
        raise NotFound(f"没有编码为 {code} 的小区 (no community {code!r})", field="code")
    if not fields.company_code:
        values["management_status"] = "UNMANAGED"
    elif existing.management_status == "UNMANAGED":
        values["management_status"] = "TAKEN_OVER"
    changes = _diff(existing, values)
    _keep(session, existing, renamed_from=changes["name"][0] if "name" in changes else "")
    return existing, changes


async def retire(
    session: AsyncSession, reach: Reach, code: str, now: datetime
) -> tuple[Organisation | Community, bool]:
    """Retires a community or a kept organisation; (row, True) when it was retired already."""
    community = await find(session, Community, code)
    row: Organisation | Community
    if community is not None:
        reach.check(community.subdistrict_code, community.name)
        row = community
    else:
        org = await find(session, Organisation, code)
        if org is None or org.kind not in rules.ORGANISATION_KINDS:
            raise NotFound(f"名录中没有编码为 {code} 的小区、社区、物业企业或业委会 (no entry {code!r})", field="code")
        reach.check(await subdistrict_of(session, org), org.name)
        if org.kind == rules.NEIGHBOURHOOD:
            held = await communities_in_service(session, org.code)
            if held:
                names = "、".join(c.name for c in held[:5])
                raise PreconditionFailed(
                    f"{org.name}还有 {len(held)} 个在用小区（{names}），先把它们调到其他社区或停用 "
                    f"({org.code} still has {len(held)} communities in service)",
                    field="code",
                )
        row = org
    if row.retired_at is not None:
        return row, True
    row.retired_at = now
    session.add(row)
    return row, False


async def communities_in_service(session: AsyncSession, neighbourhood_code: str) -> Sequence[Community]:
    stmt = select(Community).where(
        Community.neighbourhood_code == neighbourhood_code, col(Community.retired_at).is_(None)
    )
    return (await session.exec(stmt.order_by(col(Community.code)))).all()


@dataclass(frozen=True)
class AppointmentFields:
    person_id: str
    person_name: str
    is_party_member: bool
    org_code: str
    post: str
    starts_on: str = ""
    ends_on: str = ""


async def save_appointment(
    session: AsyncSession, reach: Reach, fields: AppointmentFields
) -> tuple[Appointment, Person, bool]:
    """Adds or edits one post; the person is added when new (and renamed when a name is given)."""
    person_id = rules.check_code(fields.person_id, field="person_id")
    post = rules.check_name(fields.post, field="post", limit=rules.MAX_POST)
    starts_on = rules.parse_day(fields.starts_on, field="starts_on")
    ends_on = rules.parse_day(fields.ends_on, field="ends_on")
    rules.check_term(starts_on, ends_on, today())
    org = await find(session, Organisation, fields.org_code)
    if org is None:
        raise NotFound(f"没有编码为 {fields.org_code} 的组织 (no organisation {fields.org_code!r})", field="org_code")
    reach.check(await subdistrict_of(session, org), org.name, "org_code")
    person = await find(session, Person, person_id)
    if person is None:
        name = rules.check_name(fields.person_name, field="person_name", limit=64)
        person = Person(id=person_id, name=name, is_party_member=fields.is_party_member)
    else:
        if fields.person_name.strip():
            person.name = rules.check_name(fields.person_name, field="person_name", limit=64)
        person.is_party_member = fields.is_party_member
    _keep(session, person)
    existing = await find(session, Appointment, (person_id, org.code))
    if existing is None:
        in_service(org, field="org_code")
        row = Appointment(person_id=person_id, org_code=org.code, post=post, starts_on=starts_on, ends_on=ends_on)
    else:
        row = existing
        row.post, row.starts_on, row.ends_on = post, starts_on, ends_on
    _keep(session, row)
    return row, person, existing is None

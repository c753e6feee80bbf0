"""Loading a registry workbook through the same checked writes as the API, in the caller's one
session (so a bad row leaves nothing written), and writing the caller's registry back out."""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from services.common.errors import DomainError, InvalidInput
from services.evaluation import registry_rules as rules
from services.evaluation import registry_store as store
from services.evaluation import registry_workbook as book
from services.evaluation.models import Appointment, Community, Organisation, Person

_ORG_SHEETS = {
    book.NEIGHBOURHOODS.title: rules.NEIGHBOURHOOD,
    book.COMPANIES.title: rules.PROPERTY_COMPANY,
    book.COMMITTEES.title: rules.OWNERS_COMMITTEE,
}


def _at(row: book.Row, exc: DomainError) -> InvalidInput:
    """A store refusal restated with the sheet, row and column it came from."""
    return book.row_error(row.sheet, row.number, exc.field, exc.message)


async def load(session: AsyncSession, reach: store.Reach, content: bytes) -> Counter[str]:
    """Adds the rows whose code is new and edits the others; how many rows of each sheet. A code
    twice in one sheet is refused, naming both rows."""
    sheets = book.read(content)
    await store.preload(session)
    done: Counter[str] = Counter()
    for sheet in book.SHEETS:
        seen: dict[str, int] = {}
        for row in sheets.get(sheet.title, []):
            key = row.text("code") or f"{row.text('person_id')}@{row.text('org_code')}"
            if key in seen:
                raise book.row_error(sheet, row.number, "code", f"编码 {key} 与第 {seen[key]} 行重复")
            seen[key] = row.number
            try:
                await _apply(session, reach, row)
            except DomainError as exc:
                if "sheet" in exc.details:  # a cell's own refusal names its row already
                    raise
                raise _at(row, exc) from exc
            done[sheet.title] += 1
    return done


async def _apply(session: AsyncSession, reach: store.Reach, row: book.Row) -> None:
    title = row.sheet.title
    if title in _ORG_SHEETS:
        code = rules.check_code(row.text("code"))
        await store.save_organisation(
            session,
            reach,
            kind=_ORG_SHEETS[title],
            code=code,
            name=row.text("name"),
            parent_code=row.text("parent_code"),
            create=await store.find(session, Organisation, code) is None,
        )
    elif title == book.COMMUNITIES.title:
        code = rules.check_code(row.text("code"))
        fields = row.record(store.CommunityFields, code=code)
        await store.save_community(session, reach, fields, create=await store.find(session, Community, code) is None)
    else:
        await store.save_appointment(session, reach, row.record(store.AppointmentFields))


def _yes(flag: bool) -> str:
    return "是" if flag else "否"


async def export(session: AsyncSession, reach: store.Reach) -> bytes:
    """The registry entries in service within the caller's reach, as a workbook `load` takes back."""
    orgs = (await session.exec(select(Organisation).where(col(Organisation.retired_at).is_(None)))).all()
    communities = (await session.exec(select(Community).where(col(Community.retired_at).is_(None)))).all()
    communities = sorted((c for c in communities if reach.sees(c.subdistrict_code)), key=lambda c: c.code)
    subdistrict = {c.code: c.subdistrict_code for c in communities}
    kept = [o for o in sorted(orgs, key=lambda o: o.code) if o.kind in rules.ORGANISATION_KINDS]
    sheets: dict[str, list[list[Any]]] = {t: [] for t in (s.title for s in book.SHEETS)}
    for org in kept:
        sub = subdistrict.get(org.parent_code, "") if org.kind == rules.OWNERS_COMMITTEE else org.parent_code
        if sub and reach.sees(sub):
            title = next(t for t, k in _ORG_SHEETS.items() if k == org.kind)
            sheets[title].append([org.code, org.name, org.parent_code])
    for c in communities:
        sheets[book.COMMUNITIES.title].append(
            [
                c.code,
                c.name,
                c.neighbourhood_code,
                c.company_code,
                c.households,
                c.residents,
                c.buildings,
                _yes(c.is_old),
            ]
        )
    people = {p.id: p for p in (await session.exec(select(Person))).all()}
    posts = (await session.exec(select(Appointment).order_by(col(Appointment.person_id)))).all()
    in_service = {o.code for o in orgs}
    subdistricts = await store.subdistrict_map(session)
    for post in posts:
        person, sub = people.get(post.person_id), subdistricts.get(post.org_code, "")
        if person is None or post.org_code not in in_service or not (sub and reach.sees(sub)):
            continue
        sheets[book.APPOINTMENTS.title].append(
            [
                person.id,
                person.name,
                _yes(person.is_party_member),
                post.org_code,
                post.post,
                post.starts_on.isoformat() if post.starts_on else "",
                post.ends_on.isoformat() if post.ends_on else "",
            ]
        )
    return book.write(sheets)

"""Registry management over gRPC on PostgreSQL (issue 14): who may change what, the checks, the
Excel load that writes all rows or none, and the readers that see a change at once."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from dataclasses import dataclass

import grpc
import pytest_asyncio
from fengqiao.evaluation.v1 import registry_admin_pb2 as pb
from fengqiao.evaluation.v1 import registry_admin_pb2_grpc, registry_pb2, registry_pb2_grpc
from openpyxl import Workbook, load_workbook

from services.common.db import Database
from services.common.identity import Identity
from services.evaluation import main as evaluation_main
from services.evaluation.models import Organisation
from services.evaluation.settings import EvaluationSettings
from tests.conftest import evaluation_with_demo
from tests.helpers import ADMIN, CASEWORKER, CENTER, COMPANY, IDENTITY_KEY, md
from tests.integration.conftest import PreparedDatabase, expect_status

# A second subdistrict, with its own street center, neighbourhood and staff.
XIJIE = Identity("xijie.center", ("street_center",), ("SC-XIJIE",), "西街中心")
DISTRICT = Identity("luzhou.district", ("district_center",), ("DC-LUZHOU",), "区中心")
NEIGHBOURHOOD = pb.REGISTRY_KIND_NEIGHBOURHOOD
COMMUNITY = pb.REGISTRY_KIND_COMMUNITY
COMPANY_KIND = pb.REGISTRY_KIND_PROPERTY_COMPANY
COMMITTEE = pb.REGISTRY_KIND_OWNERS_COMMITTEE


@dataclass
class Registry:
    admin: registry_admin_pb2_grpc.RegistryAdminServiceStub
    registry: registry_pb2_grpc.RegistryServiceStub


@pytest_asyncio.fixture
async def registry(prepared_database: PreparedDatabase) -> AsyncIterator[Registry]:
    url = await prepared_database("postgres", "evaluation+demo", evaluation_with_demo)
    db = Database(url)
    async with db.session() as session:
        session.add(Organisation(code="SD-XIJIE", name="西街街道", kind="subdistrict", parent_code="DT-LUZHOU"))
        session.add(
            Organisation(code="SC-XIJIE", name="西街街道物业服务中心", kind="street_center", parent_code="SD-XIJIE")
        )
        session.add(Organisation(code="NB-XIGUAN", name="西关社区", kind="neighbourhood", parent_code="SD-XIJIE"))
    await db.dispose()
    running, service_db = await evaluation_main.start(
        EvaluationSettings(port=0, database_url=url, identity_key=IDENTITY_KEY)
    )
    channel = grpc.aio.insecure_channel(f"127.0.0.1:{running.port}")
    yield Registry(
        registry_admin_pb2_grpc.RegistryAdminServiceStub(channel), registry_pb2_grpc.RegistryServiceStub(channel)
    )
    await channel.close()
    await running.stop()
    await service_db.dispose()


def community(code: str, name: str, neighbourhood: str = "NB-XIADONG", company: str = "") -> pb.SaveCommunityRequest:
    return pb.SaveCommunityRequest(
        code=code, name=name, neighbourhood_code=neighbourhood, company_code=company, households=120, create=True
    )


async def test_only_the_centres_and_admin_change_the_registry_each_in_its_reach(registry: Registry) -> None:
    add = pb.SaveOrganisationRequest(kind=NEIGHBOURHOOD, code="NB-XINHUA", name="新华社区", create=True)
    for outsider in (CASEWORKER, COMPANY):
        await expect_status(
            registry.admin.SaveOrganisation(add, metadata=md(outsider)), grpc.StatusCode.PERMISSION_DENIED, "名录"
        )
        await expect_status(
            registry.admin.SearchRegistry(pb.SearchRegistryRequest(kind=COMMUNITY), metadata=md(outsider)),
            grpc.StatusCode.PERMISSION_DENIED,
        )
    saved = await registry.admin.SaveOrganisation(add, metadata=md(CENTER))  # its one subdistrict by default
    assert (saved.entry.parent_code, saved.entry.subdistrict_code) == ("SD-DONGJIE", "SD-DONGJIE")
    # 西街's centre may neither add to Dongjie nor edit a Dongjie community; the district center may.
    await expect_status(
        registry.admin.SaveCommunity(community("CM-XJ-1", "西街一号院", "NB-XINHUA"), metadata=md(XIJIE)),
        grpc.StatusCode.PERMISSION_DENIED,
        "不在本街道",
    )
    await registry.admin.SaveCommunity(community("CM-XJ-1", "西关一号院", "NB-XIGUAN"), metadata=md(XIJIE))
    await expect_status(
        registry.admin.SaveCommunity(community("CM-XJ-2", "西关二号院", "NB-XIGUAN"), metadata=md(CENTER)),
        grpc.StatusCode.PERMISSION_DENIED,
    )
    await registry.admin.SaveCommunity(community("CM-XJ-2", "西关二号院", "NB-XIGUAN"), metadata=md(DISTRICT))
    # Each centre lists its own subdistrict only; the admin lists both.
    mine = await registry.admin.SearchRegistry(
        pb.SearchRegistryRequest(kind=COMMUNITY, query="西关"), metadata=md(XIJIE)
    )
    theirs = await registry.admin.SearchRegistry(
        pb.SearchRegistryRequest(kind=COMMUNITY, query="西关"), metadata=md(CENTER)
    )
    every = await registry.admin.SearchRegistry(pb.SearchRegistryRequest(kind=COMMUNITY), metadata=md(ADMIN))
    assert [e.code for e in mine.entries] == ["CM-XJ-1", "CM-XJ-2"] and not theirs.entries
    assert len(every.entries) == 82


async def test_bad_changes_are_refused_naming_the_field_and_change_nothing(registry: Registry) -> None:
    admin = md(CENTER)
    await expect_status(
        registry.admin.SaveCommunity(community("CM-DFSJ", "东方世家新区"), metadata=admin),
        grpc.StatusCode.ALREADY_EXISTS,
        "编码 CM-DFSJ 已被使用",
    )
    await expect_status(
        registry.admin.SaveCommunity(community("CM-NEW", "东方世家"), metadata=admin),
        grpc.StatusCode.ALREADY_EXISTS,
        "CM-DFSJ",
    )
    await expect_status(
        registry.admin.SaveCommunity(community("cm new", "新院"), metadata=admin),
        grpc.StatusCode.INVALID_ARGUMENT,
        "格式",
    )
    moved = community("CM-DFSJ", "东方世家", "NB-XIGUAN", "PC-DFSJ")
    moved.create = False
    error = await expect_status(
        registry.admin.SaveCommunity(moved, metadata=md(ADMIN)), grpc.StatusCode.INVALID_ARGUMENT, "另一个街道"
    )
    assert "neighbourhood_code" in dict(error.trailing_metadata() or ())["x-error-details"]
    await expect_status(
        registry.admin.SaveAppointment(
            pb.SaveAppointmentRequest(
                person_id="P-100",
                person_name="周红",
                org_code="OC-DFSJ",
                post="委员",
                starts_on="2026-05-01",
                ends_on="2026-04-01",
            ),
            metadata=admin,
        ),
        grpc.StatusCode.INVALID_ARGUMENT,
        "离任日期 2026-04-01 早于任职日期 2026-05-01",
    )
    await expect_status(
        registry.admin.SaveAppointment(
            pb.SaveAppointmentRequest(
                person_id="P-100", person_name="周红", org_code="OC-DFSJ", post="委员", starts_on="2026-13-01"
            ),
            metadata=admin,
        ),
        grpc.StatusCode.INVALID_ARGUMENT,
        "starts_on",
    )
    await expect_status(
        registry.admin.Retire(pb.RetireRequest(code="NB-XIADONG"), metadata=admin),
        grpc.StatusCode.FAILED_PRECONDITION,
        "在用小区",
    )
    found = await registry.registry.ResolveCommunity(
        registry_pb2.ResolveCommunityRequest(query="CM-DFSJ"), metadata=admin
    )
    assert (found.community.name, found.community.neighbourhood_code) == ("东方世家", "NB-XIADONG")
    appointments = await registry.admin.ListAppointments(pb.ListAppointmentsRequest(org_code="OC-DFSJ"), metadata=admin)
    assert "P-100" not in {a.person_id for a in appointments.appointments}


async def test_a_retired_company_is_never_picked_again_and_readers_see_changes_at_once(registry: Registry) -> None:
    center = md(CENTER)
    retired = await registry.admin.Retire(pb.RetireRequest(code="PC-HUIFENG"), metadata=center)
    again = await registry.admin.Retire(pb.RetireRequest(code="PC-HUIFENG"), metadata=center)
    assert retired.entry.retired_at and not retired.replayed and again.replayed
    await expect_status(
        registry.admin.SaveCommunity(community("CM-NEW", "新建小区", company="PC-HUIFENG"), metadata=center),
        grpc.StatusCode.FAILED_PRECONDITION,
        "已停用",
    )
    await expect_status(
        registry.registry.StartTakeover(
            registry_pb2.StartTakeoverRequest(
                bundle_id="B-1", lead_company_code="PC-HUIFENG", community_codes=["CM-OLD-002"]
            ),
            metadata=center,
        ),
        grpc.StatusCode.FAILED_PRECONDITION,
        "已停用",
    )
    suggested = await registry.registry.SuggestTakeoverCompanies(
        registry_pb2.SuggestTakeoverCompaniesRequest(subdistrict_code="SD-DONGJIE"), metadata=center
    )
    assert "PC-HUIFENG" not in {c.company_code for c in suggested.companies}
    # A rename is what the next look-up answers; a retired community takes no new complaint.
    edit = community("CM-CPY", "常平苑东区", company="PC-CPY")
    edit.create = False
    saved = await registry.admin.SaveCommunity(edit, metadata=center)
    assert '"name": ["常平苑", "常平苑东区"]' in saved.changes_json
    found = await registry.registry.ResolveCommunity(
        registry_pb2.ResolveCommunityRequest(query="常平苑东区"), metadata=center
    )
    assert found.community.code == "CM-CPY"
    await registry.admin.Retire(pb.RetireRequest(code="CM-CPY"), metadata=center)
    await expect_status(
        registry.registry.ResolveCommunity(registry_pb2.ResolveCommunityRequest(query="CM-CPY"), metadata=center),
        grpc.StatusCode.NOT_FOUND,
        "retired",
    )
    # The panel's conflict check reads the community profile: a new post shows, an ended one goes.
    post = pb.SaveAppointmentRequest(
        person_id="P-100", person_name="周红", org_code="OC-DFSJ", post="委员", starts_on="2025-01-01"
    )
    added = await registry.admin.SaveAppointment(post, metadata=center)
    assert added.created and added.appointment.org_name == "东方世家业主委员会"
    await registry.admin.SaveAppointment(
        pb.SaveAppointmentRequest(person_id="P-100", org_code="NB-XIADONG", post="网格员", starts_on="2025-03-01"),
        metadata=center,
    )
    profile = registry_pb2.GetCommunityProfileRequest(community_code="CM-DFSJ")
    people = (await registry.registry.GetCommunityProfile(profile, metadata=center)).people
    assert "P-100" in {p.person.id for p in people}
    cross = await registry.admin.ListAppointments(pb.ListAppointmentsRequest(), metadata=center)
    assert {a.org_code for a in cross.appointments if a.person_id == "P-100"} == {"OC-DFSJ", "NB-XIADONG"}
    post.ends_on = "2025-12-31"
    await registry.admin.SaveAppointment(post, metadata=center)
    people = (await registry.registry.GetCommunityProfile(profile, metadata=center)).people
    assert "P-100" not in {p.person.id for p in people}


def workbook(rows: dict[str, list[list[object]]], template: bytes) -> bytes:
    """The exported workbook with `rows` appended to the named sheets."""
    book = load_workbook(io.BytesIO(template))
    for title, extra in rows.items():
        for row in extra:
            book[title].append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


async def test_excel_loads_all_rows_or_none_and_exports_what_it_loads(registry: Registry) -> None:
    center = md(CENTER)
    template = (await registry.admin.ExportRegistry(pb.ExportRegistryRequest(), metadata=center)).workbook
    exported = load_workbook(io.BytesIO(template))
    assert exported.sheetnames == ["社区", "物业企业", "小区", "业委会", "任职"]
    assert exported["小区"].max_row == 81  # header and the 80 demo communities
    again = await registry.admin.ImportRegistry(pb.ImportRegistryRequest(workbook=template), metadata=center)
    assert (again.neighbourhoods, again.companies, again.communities) == (6, 7, 80)
    good = {
        "社区": [["NB-NANGUAN", "南关社区", "SD-DONGJIE"]],
        "小区": [["CM-NG-01", "南关一号院", "NB-NANGUAN", "PC-DFSJ", 88, 240, 3, "是"]],
        "业委会": [["OC-NG-01", "南关一号院业主委员会", "CM-NG-01"]],
        "任职": [["P-200", "吴刚", "是", "OC-NG-01", "主任", "2026-01-01", ""]],
    }
    bad = {**good, "小区": [*good["小区"], ["CM-NG-02", "南关二号院", "NB-XIGUAN", "", 10, 20, 1, "否"]]}
    error = await expect_status(
        registry.admin.ImportRegistry(pb.ImportRegistryRequest(workbook=workbook(bad, template)), metadata=center),
        grpc.StatusCode.INVALID_ARGUMENT,
        "工作表「小区」第 83 行「所属社区编码」",
    )
    assert "不在本街道" in (error.details() or "")
    nothing = await registry.admin.SearchRegistry(
        pb.SearchRegistryRequest(kind=NEIGHBOURHOOD, query="南关"), metadata=center
    )
    assert not nothing.entries  # the 社区 sheet's good row was rolled back with the bad one
    duplicate = {"小区": [["CM-DFSJ", "东方世家", "NB-XIADONG", "PC-DFSJ", 1, 1, 1, "否"]]}
    await expect_status(
        registry.admin.ImportRegistry(
            pb.ImportRegistryRequest(workbook=workbook(duplicate, template)), metadata=center
        ),
        grpc.StatusCode.INVALID_ARGUMENT,
        "工作表「小区」第 82 行「小区编码」：编码 CM-DFSJ 与第 3 行重复",
    )
    empty = Workbook()
    empty.active.title = "小区表"  # type: ignore[union-attr]
    buffer = io.BytesIO()
    empty.save(buffer)
    await expect_status(
        registry.admin.ImportRegistry(pb.ImportRegistryRequest(workbook=buffer.getvalue()), metadata=center),
        grpc.StatusCode.INVALID_ARGUMENT,
        "不认识的工作表「小区表」",
    )
    loaded = await registry.admin.ImportRegistry(
        pb.ImportRegistryRequest(workbook=workbook(good, template)), metadata=center
    )
    assert (loaded.neighbourhoods, loaded.communities, loaded.committees) == (7, 81, 4)
    members = await registry.admin.ListAppointments(pb.ListAppointmentsRequest(org_code="OC-NG-01"), metadata=center)
    assert [(a.person_name, a.post, a.starts_on) for a in members.appointments] == [("吴刚", "主任", "2026-01-01")]
    found = await registry.registry.ResolveCommunity(
        registry_pb2.ResolveCommunityRequest(query="南关一号院"), metadata=center
    )
    assert (found.community.subdistrict_code, found.community.management_status) == (
        "SD-DONGJIE",
        registry_pb2.MANAGEMENT_STATUS_TAKEN_OVER,
    )

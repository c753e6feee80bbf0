"""Open311 GeoReport v2 at /open311/v2/ over HTTP against the whole stack: every method, every
field of the specification in JSON and XML, and every error in the specification's format."""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, datetime, timedelta
from typing import Any
from xml.etree import ElementTree as ET

import httpx

V2 = "/open311/v2"
KEY = "demo-open311-key"
SERVICE_FIELDS = ["service_code", "service_name", "description", "metadata", "type", "keywords", "group"]
ATTRIBUTE_FIELDS = [
    "variable",
    "code",
    "datatype",
    "required",
    "datatype_description",
    "order",
    "description",
    "values",
]
REQUEST_FIELDS = [
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
]
W3C = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$")
GOOD_POST = {
    "api_key": KEY,
    "service_code": "greening",
    "lat": "36.1953",
    "long": "113.1163",
    "attribute[community]": "CM-CPY",
    "attribute[building]": "4",
    "description": "4号楼前的大树断枝挂在半空，随时可能砸到人。",
    "first_name": "小明",
    "last_name": "刘",
    "phone": "13700137000",
    "email": "liu@example.cn",
    "account_id": "acct-42",
}


def errors_json(reply: httpx.Response, code: int, contains: str = "") -> None:
    assert reply.status_code == code, reply.text
    assert reply.headers["content-type"].startswith("application/json")
    body = reply.json()
    assert isinstance(body, list) and len(body) == 1 and set(body[0]) == {"code", "description"}
    assert body[0]["code"] == code and contains in body[0]["description"], body


def errors_xml(reply: httpx.Response, code: int) -> None:
    assert reply.status_code == code, reply.text
    assert reply.headers["content-type"].startswith("text/xml")
    assert reply.content.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    root = ET.fromstring(reply.content)
    assert root.tag == "errors" and [e.tag for e in root] == ["error"]
    assert [c.tag for c in root[0]] == ["code", "description"] and root[0].findtext("code") == str(code)


def xml(reply: httpx.Response) -> ET.Element:
    assert reply.headers["content-type"].startswith("text/xml"), reply.headers
    assert reply.content.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    return ET.fromstring(reply.content)


async def test_services_and_their_definitions(http: httpx.AsyncClient) -> None:
    services = (await http.get(f"{V2}/services.json")).json()
    assert [s["service_code"] for s in services][:3] == ["leak", "blockage", "elevator"]
    for service in services:
        assert list(service) == SERVICE_FIELDS
        assert service["metadata"] is True and service["type"] == "realtime"
    leak = services[0]
    assert (leak["service_name"], leak["group"]) == ("漏水", "物业管理") and "渗水" in leak["keywords"]
    root = xml(await http.get(f"{V2}/services.xml"))
    assert root.tag == "services" and len(root) == len(services)
    assert [c.tag for c in root[0]] == SERVICE_FIELDS and root[0].findtext("metadata") == "true"

    definition = (await http.get(f"{V2}/services/leak.json")).json()
    assert list(definition) == ["service_code", "attributes"] and definition["service_code"] == "leak"
    community, building = definition["attributes"]
    assert list(community) == ATTRIBUTE_FIELDS and list(building) == ATTRIBUTE_FIELDS
    assert (community["code"], community["datatype"], community["required"], community["order"]) == (
        "community",
        "singlevaluelist",
        True,
        1,
    )
    assert {"key": "CM-DFSJ", "name": "东方世家"} in community["values"] and len(community["values"]) == 80
    assert (building["datatype"], building["required"], building["values"]) == ("number", False, [])
    root = xml(await http.get(f"{V2}/services/leak.xml"))
    assert root.tag == "service_definition" and root.findtext("service_code") == "leak"
    attribute = root.find("attributes/attribute")
    assert attribute is not None and [c.tag for c in attribute] == ATTRIBUTE_FIELDS
    value = attribute.find("values/value")
    assert value is not None and [c.tag for c in value] == ["key", "name"]

    errors_json(await http.get(f"{V2}/services/ufo.json"), 404, "service_code")
    errors_xml(await http.get(f"{V2}/services/ufo.xml"), 404)
    errors_json(await http.get(f"{V2}/services.yaml"), 400, "format")
    errors_json(await http.get(f"{V2}/services.json", params={"jurisdiction_id": "elsewhere"}), 404, "jurisdiction")
    assert (
        await http.get(f"{V2}/services.json", params={"jurisdiction_id": "dongjie.luzhou.changzhi"})
    ).status_code == 200
    discovery = (await http.get(f"{V2}/discovery.json")).json()
    assert discovery["endpoints"][0]["specification"] == "http://wiki.open311.org/GeoReport_v2"


async def test_post_request_errors(http: httpx.AsyncClient) -> None:
    async def post(fmt: str = "json", **change: str | None) -> httpx.Response:
        form = {k: v for k, v in (GOOD_POST | change).items() if v is not None}
        return await http.post(f"{V2}/requests.{fmt}", data=form)

    errors_json(await post(api_key=None), 403, "api_key")
    errors_json(await post(api_key="wrong-key"), 403, "api_key")
    errors_xml(await post("xml", api_key=None), 403)
    errors_json(await post(service_code="ufo"), 404, "service_code")
    errors_json(await post(lat=None, long=None), 400, "location")
    errors_json(await post(long=None), 400, "lat and long")
    errors_json(await post(lat="north"), 400, "lat")
    errors_json(await post(lat="91"), 400, "lat")
    errors_json(await post(**{"attribute[community]": None}), 400, "attribute[community]")
    errors_json(await post(**{"attribute[community]": "CM-NOWHERE"}), 400, "community")
    errors_json(await post(**{"attribute[building]": "four"}), 400, "attribute[building]")
    errors_json(await post(**{"attribute[building]": "40"}), 400, "buildings 1–14")
    errors_json(await post(**{"attribute[colour]": "red"}), 400, "attribute[colour]")
    errors_json(await post(description=None), 400, "description")
    errors_json(await post(phone=None), 400, "phone")
    errors_json(await post(phone="12345"), 400, "phone")
    errors_json(await post(email="not-an-email"), 400, "email")
    errors_json(await post(jurisdiction_id="elsewhere"), 404, "jurisdiction")


async def test_a_request_naming_no_service_code_gets_the_suggested_one(http: httpx.AsyncClient) -> None:
    """Issue #16: no service_code, and intake's model suggests the category from the description."""
    form = {k: v for k, v in GOOD_POST.items() if k != "service_code"}
    form |= {"description": "楼上有人从窗户吊根线下来给电瓶车充电，晚上还冒火花", "attribute[building]": "7"}
    created = await http.post(f"{V2}/requests.json", data=form)
    assert created.status_code == 201, created.text
    [item] = (await http.get(f"{V2}/requests/{created.json()[0]['service_request_id']}.json")).json()
    assert (item["service_code"], item["service_name"]) == ("ev_charging", "充电")


async def test_a_request_posted_then_read_back_in_both_formats(http: httpx.AsyncClient) -> None:
    created = await http.post(f"{V2}/requests.json", data=GOOD_POST)
    assert created.status_code == 201, created.text
    [answer] = created.json()
    assert list(answer) == ["service_request_id", "token", "service_notice", "account_id"]
    case_no, token = answer["service_request_id"], answer["token"]
    assert case_no.startswith("DJ-") and answer["account_id"] == "acct-42" and "回执号 SL" in answer["service_notice"]
    root = xml(await http.post(f"{V2}/requests.xml", data=GOOD_POST | {"phone": "13700137001"}))
    assert root.tag == "service_requests" and root[0].tag == "request"
    # The same matter (community, building, category) joins the open case: the same service request.
    assert root[0].findtext("service_request_id") == case_no and "并入" in (root[0].findtext("service_notice") or "")

    # The case workflow opens triage with a deadline: expected_datetime comes from it.
    item: dict[str, Any] = {}
    for _ in range(100):
        [item] = (await http.get(f"{V2}/requests/{case_no}.json")).json()
        if item["expected_datetime"]:
            break
        await asyncio.sleep(0.1)
    assert list(item) == REQUEST_FIELDS
    assert item["service_request_id"] == case_no and item["status"] == "open"
    assert item["status_notes"] == "TRIAGE: 分流中"
    assert (item["service_code"], item["service_name"]) == ("greening", "绿化")
    assert item["description"] == GOOD_POST["description"]
    assert item["agency_responsible"] == "潞州区东街街道" and item["address"] == "常平苑4号楼"
    assert (item["lat"], item["long"]) == (36.1953, 113.1163)
    assert item["service_notice"] is None and item["address_id"] is None and item["zipcode"] is None
    assert item["media_url"] is None
    for field in ("requested_datetime", "updated_datetime", "expected_datetime"):
        assert W3C.match(item[field]), item[field]
    assert item["expected_datetime"] > item["requested_datetime"]
    assert "刘小明" not in str(item) and "13700137000" not in str(item)

    root = xml(await http.get(f"{V2}/requests/{case_no}.xml"))
    assert root.tag == "service_requests" and [c.tag for c in root[0]] == REQUEST_FIELDS
    assert root[0].findtext("status") == "open" and root[0].findtext("zipcode") == ""
    errors_json(await http.get(f"{V2}/requests/DJ-1999-000001.json"), 404, "service_request_id")
    errors_xml(await http.get(f"{V2}/requests/DJ-1999-000001.xml"), 404)

    tokens = (await http.get(f"{V2}/tokens/{token}.json")).json()
    assert tokens == [{"service_request_id": case_no, "token": token}]
    root = xml(await http.get(f"{V2}/tokens/{token}.xml"))
    assert [c.tag for c in root[0]] == ["service_request_id", "token"]
    errors_json(await http.get(f"{V2}/tokens/TKNOPE.json"), 404, "token")


async def test_get_requests_filters(http: httpx.AsyncClient) -> None:
    created = await http.post(
        f"{V2}/requests.json",
        data=GOOD_POST | {"service_code": "noise", "description": "水泵房噪音太大", "attribute[building]": "9"},
    )
    case_no = created.json()[0]["service_request_id"]

    async def ids(**params: str) -> list[str]:
        reply = await http.get(f"{V2}/requests.json", params=params)
        assert reply.status_code == 200, reply.text
        return [r["service_request_id"] for r in reply.json()]

    assert case_no in await ids()  # the last 90 days by default
    assert case_no in await ids(service_code="noise,leak")
    assert case_no not in await ids(service_code="leak")
    assert case_no in await ids(status="open") and case_no not in await ids(status="closed")
    assert case_no in await ids(status="open,closed")
    now = datetime.now(UTC)
    past = (now - timedelta(days=200)).isoformat()
    assert case_no not in await ids(start_date=past, end_date=(now - timedelta(days=150)).isoformat())
    assert case_no in await ids(start_date=(now - timedelta(hours=1)).isoformat())
    assert case_no in await ids(end_date=(now + timedelta(hours=1)).isoformat())
    assert case_no not in await ids(end_date=(now - timedelta(hours=1)).isoformat())
    # service_request_id wins over every other filter.
    assert await ids(service_request_id=f"{case_no},DJ-1999-000001", service_code="leak", status="closed") == [case_no]
    root = xml(await http.get(f"{V2}/requests.xml", params={"service_request_id": case_no}))
    assert root.tag == "service_requests" and root[0].findtext("service_request_id") == case_no

    errors_json(await http.get(f"{V2}/requests.json", params={"start_date": "yesterday"}), 400, "start_date")
    errors_json(await http.get(f"{V2}/requests.json", params={"start_date": "2026-01-01T00:00:00"}), 400, "time zone")
    errors_json(
        await http.get(f"{V2}/requests.json", params={"start_date": past, "end_date": now.isoformat()}), 400, "90 days"
    )
    errors_json(
        await http.get(f"{V2}/requests.json", params={"start_date": now.isoformat(), "end_date": past}), 400, "before"
    )
    errors_json(await http.get(f"{V2}/requests.json", params={"status": "pending"}), 400, "status")
    errors_xml(await http.get(f"{V2}/requests.xml", params={"status": "pending"}), 400)
    errors_json(await http.get(f"{V2}/requests.json", params={"jurisdiction_id": "x"}), 404, "jurisdiction_id")

"""The gateway's public edge rules: who the client is behind proxies and the Open311 document formats."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from xml.etree import ElementTree as ET

import pytest

from services.gateway.api_keys import hash_api_key
from services.gateway.open311_format import Open311Error, comma_list, parse_w3c, render, render_error, to_xml, w3c
from services.gateway.public import client_address, trusted_networks

PROXIES = trusted_networks("10.0.0.0/8, 127.0.0.1")


def test_forwarded_for_is_believed_only_from_trusted_proxies() -> None:
    # From a peer that is no proxy, the header is the client's own word: ignored.
    assert client_address("203.0.113.9", "198.51.100.1", PROXIES) == "203.0.113.9"
    assert client_address("203.0.113.9", "198.51.100.1", trusted_networks("")) == "203.0.113.9"
    # Through the proxies, the rightmost address that is no proxy is the client; what the client
    # wrote left of it (a made-up address each time) changes nothing.
    assert client_address("127.0.0.1", "198.51.100.1", PROXIES) == "198.51.100.1"
    assert client_address("10.1.2.3", "1.2.3.4, 198.51.100.1, 10.0.0.7", PROXIES) == "198.51.100.1"
    assert client_address("10.1.2.3", "5.6.7.8, 198.51.100.1", PROXIES) == "198.51.100.1"
    assert client_address("127.0.0.1", "", PROXIES) == "127.0.0.1"
    assert client_address("127.0.0.1", "not-an-address", PROXIES) == "not-an-address"


def test_w3c_times_carry_the_beijing_offset_and_need_a_zone() -> None:
    assert w3c(datetime(2026, 11, 29, 3, 45, 12, 999, tzinfo=UTC)) == "2026-11-29T11:45:12+08:00"
    assert w3c(None) is None
    assert parse_w3c("2026-11-29T03:45:00Z", "start_date") == datetime(2026, 11, 29, 3, 45, tzinfo=UTC)
    with pytest.raises(Open311Error) as exc:
        parse_w3c("2026-11-29T03:45:00", "start_date")
    assert exc.value.code == 400 and "time zone" in exc.value.description


def test_xml_documents_name_list_items_as_the_spec_does() -> None:
    body = [{"service_code": "leak", "metadata": True, "keywords": None}]
    root = ET.fromstring(to_xml("services", body))
    assert root.tag == "services" and root[0].tag == "service"
    assert [(c.tag, c.text) for c in root[0]] == [("service_code", "leak"), ("metadata", "true"), ("keywords", None)]
    nested = ET.fromstring(to_xml("service_definition", {"attributes": [{"values": [{"key": "k", "name": "n"}]}]}))
    assert nested.find("attributes/attribute/values/value/key") is not None


def test_errors_in_both_formats() -> None:
    error = Open311Error(403, "api_key was not provided or is invalid")
    as_json = render_error("json", error)
    assert as_json.status_code == 403
    assert json.loads(bytes(as_json.body)) == [{"code": 403, "description": "api_key was not provided or is invalid"}]
    as_xml = render_error("xml", error)
    root = ET.fromstring(bytes(as_xml.body))
    assert (root.tag, root[0].tag, root[0].findtext("code")) == ("errors", "error", "403")
    assert render_error("yaml", error).media_type.startswith("application/json")
    assert render("json", "x", [], status=201).status_code == 201


def test_comma_lists_and_key_hashes() -> None:
    assert comma_list(" a, b ,,c", "x") == ["a", "b", "c"]
    assert comma_list(None, "x") == []
    with pytest.raises(Open311Error):
        comma_list(",".join("x" * 201), "x", limit=200)
    assert hash_api_key("demo-open311-key") == hash_api_key("demo-open311-key") != hash_api_key("other")
    assert len(hash_api_key("k")) == 64

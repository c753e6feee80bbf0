"""The gateway's public edge rules: per-client rate limits and the Open311 document formats."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from xml.etree import ElementTree as ET

import pytest

from services.gateway.api_keys import hash_api_key
from services.gateway.open311_format import Open311Error, comma_list, parse_w3c, render, render_error, to_xml, w3c
from services.gateway.ratelimit import RateLimiter


def test_rate_limits_are_per_client_with_a_burst_and_refill() -> None:
    limiter = RateLimiter(per_minute=6, burst=3)
    assert [limiter.allow("a", now=0)[0] for _ in range(4)] == [True, True, True, False]
    allowed, wait = limiter.allow("a", now=0)
    assert not allowed and wait == pytest.approx(10.0)
    assert limiter.allow("b", now=0)[0]  # another client has its own bucket
    assert limiter.allow("a", now=10.0)[0]  # one token back after 10 s at 6 per minute
    assert not limiter.allow("a", now=10.0)[0]


def test_the_limiter_forgets_the_oldest_clients_beyond_its_bound() -> None:
    limiter = RateLimiter(per_minute=1, burst=1, max_clients=2)
    for client in ("a", "b", "c"):
        assert limiter.allow(client, now=0)[0]
    assert limiter.allow("a", now=0)[0]  # "a" was forgotten, so it starts afresh


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

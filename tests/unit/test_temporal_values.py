"""deploy/temporal/values.yaml (issue 12) against the code: PostgreSQL persistence and SQL
visibility with no password written in, our search attributes within SQL visibility's limits, the
namespace and address the manifests use, and one history shard count written down everywhere."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from services.common import search_attributes
from tests.unit import k8s

ROOT = Path(__file__).resolve().parents[2]
TEMPORAL = ROOT / "deploy" / "temporal"
# Custom search attributes SQL visibility holds per namespace, by type (Temporal server 1.20+).
SQL_VISIBILITY_LIMITS = {"KEYWORD": 10, "DATETIME": 3, "BOOL": 3}


def values() -> dict:  # type: ignore[type-arg]
    return dict(yaml.safe_load((TEMPORAL / "values.yaml").read_text()))


def test_persistence_and_visibility_are_postgresql_with_the_password_from_a_secret() -> None:
    persistence = values()["server"]["config"]["persistence"]
    stores = persistence["datastores"]
    assert set(stores) == {persistence["defaultStore"], persistence["visibilityStore"]}
    for store in stores.values():
        assert set(store) == {"sql"}
        sql = store["sql"]
        assert sql["pluginName"] == "postgres12" and "password" not in sql
        assert sql["existingSecret"] and sql["secretKey"]
    assert "elasticsearch" not in str(values()).lower() and "cassandra" not in str(values()).lower()


def test_search_attributes_are_listed_and_fit_sql_visibility() -> None:
    text = (TEMPORAL / "values.yaml").read_text() + (TEMPORAL / "README.md").read_text()
    per_type: dict[str, int] = {}
    for key in search_attributes.ALL:
        kind = key.indexed_value_type.name
        per_type[kind] = per_type.get(kind, 0) + 1
        listed = re.search(rf"#\s+{kind.capitalize()}:\s+(.*)", (TEMPORAL / "values.yaml").read_text())
        assert listed and key.name in [n.strip() for n in listed.group(1).split(",")], key.name
        assert key.name in text
    assert all(per_type[kind] <= SQL_VISIBILITY_LIMITS[kind] for kind in per_type), per_type


def test_the_manifests_reach_the_namespace_and_frontend_the_chart_makes() -> None:
    (config,) = k8s.of_kind(k8s.rendered("prod"), "ConfigMap")
    namespaces = [n["name"] for n in values()["server"]["config"]["namespaces"]["namespace"]]
    assert config["data"]["FENGQIAO_TEMPORAL_NAMESPACE"] in namespaces
    # The chart's frontend Service is <release>-frontend on port 7233; the release is `temporal`.
    assert config["data"]["FENGQIAO_TEMPORAL_ADDRESS"] == "temporal-frontend.temporal.svc.cluster.local:7233"


def test_one_history_shard_count_written_down_with_its_reason() -> None:
    shards = values()["server"]["config"]["persistence"]["numHistoryShards"]
    assert isinstance(shards, int) and shards > 0 and shards & (shards - 1) == 0  # a power of two
    readme = (TEMPORAL / "README.md").read_text()
    assert f"### numHistoryShards = {shards}," in readme
    assert re.findall(r"numHistoryShards[^\n]*?(\d+)", readme) == [str(shards)]
    capacity = ROOT / "deploy" / "CAPACITY.md"
    if capacity.exists():  # written by the capacity work of issue 12: it must name the same count
        text = capacity.read_text()
        assert "shard" in text.lower() and re.search(rf"\b{shards}\b", text), (
            "deploy/CAPACITY.md names another shard count"
        )

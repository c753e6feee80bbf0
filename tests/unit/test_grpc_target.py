"""Service addresses: one name, or several replicas as IPv4 host:port entries (issue #12)."""

from __future__ import annotations

import pytest

from services.common.grpc_client import target


def test_several_replicas_become_one_ipv4_target() -> None:
    assert target("127.0.0.1:50051, 127.0.0.1:50061") == "ipv4:127.0.0.1:50051,127.0.0.1:50061"


def test_one_address_is_left_as_it_is() -> None:
    assert target("intake.fengqiao.svc.cluster.local:50051") == "intake.fengqiao.svc.cluster.local:50051"


def test_a_list_of_names_is_refused_naming_the_entry() -> None:
    with pytest.raises(ValueError, match=r"'intake-0:50051' is not.*one DNS name"):
        target("intake-0:50051,intake-1:50051")


def test_an_entry_without_a_port_is_refused() -> None:
    with pytest.raises(ValueError, match=r"'127\.0\.0\.1:x' has no port"):
        target("127.0.0.1:50051,127.0.0.1:x")

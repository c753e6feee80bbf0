"""The local stack's replicas (issue #12): every client gets every replica's address; each
replica after the first listens on ports of its own."""

from __future__ import annotations

from pathlib import Path

from deploy.local.stack import StackConfig


def test_two_replicas_each_have_their_own_ports_and_clients_know_both(tmp_path: Path) -> None:
    config = StackConfig.random_ports(tmp_path, replicas=2)
    env = config.env()
    intake = config.ports("intake")
    assert len(set(intake)) == 2 and intake[0] == config.intake_port
    assert env["FENGQIAO_INTAKE_ADDRESS"] == f"127.0.0.1:{intake[0]},127.0.0.1:{intake[1]}"
    assert config.process_names("worker") == ["worker", "worker-2"]
    assert config.replica_env("intake") == {}
    assert config.replica_env("intake-2") == {
        "FENGQIAO_INTAKE_PORT": str(intake[1]),
        "FENGQIAO_INTAKE_METRICS_PORT": str(config.ports("intake_metrics")[1]),
    }
    assert config.replica_env("gateway-2") == {
        "FENGQIAO_GATEWAY_PORT": str(config.ports("gateway")[1]),
        "FENGQIAO_GATEWAY_LIAISON_GRPC_PORT": str(config.ports("liaison")[1]),
    }
    assert config.replica_env("worker-2") == {"FENGQIAO_WORKER_METRICS_PORT": str(config.ports("worker_metrics")[1])}
    assert config.gateway_urls == [f"http://127.0.0.1:{p}" for p in config.ports("gateway")]
    listening = config.listening()
    assert "worker-2" not in listening and listening["mediation-2"] == config.ports("mediation")[1]
    every = [p for key in ("intake", "mediation", "evaluation", "gateway", "liaison") for p in config.ports(key)]
    assert len(set(every)) == len(every)


def test_one_replica_is_the_stack_as_before(tmp_path: Path) -> None:
    config = StackConfig(data_dir=tmp_path)
    assert config.env()["FENGQIAO_MEDIATION_ADDRESS"] == "127.0.0.1:50052"
    assert config.process_names("gateway") == ["gateway"]
    assert config.listening() == {
        "temporal": 7233,
        "evaluation": 50053,
        "mediation": 50052,
        "intake": 50051,
        "gateway": 8000,
    }

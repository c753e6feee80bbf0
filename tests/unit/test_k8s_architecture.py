"""The manifests agree with the code (issue 12): a Deployment for every process deploy/local
starts, probes on the ports and endpoints the processes serve, termination longer than the drain,
and NetworkPolicies that let in exactly the callers the code has."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from deploy.entrypoint import PROCESSES
from services.evaluation.settings import EvaluationSettings
from services.gateway.routes.health import router as health_router
from services.intake.settings import IntakeSettings
from services.mediation.settings import MediationSettings
from tests.unit import k8s
from tests.unit.processes import stack_processes
from workflows.worker import WorkerSettings

ROOT = Path(__file__).resolve().parents[2]
SERVICES = {"intake": IntakeSettings, "mediation": MediationSettings, "evaluation": EvaluationSettings}
# Where each process's code lives: the callers of a service are the processes whose code uses its address.
CODE = {
    "gateway": ROOT / "services" / "gateway",
    "intake": ROOT / "services" / "intake",
    "mediation": ROOT / "services" / "mediation",
    "evaluation": ROOT / "services" / "evaluation",
    "worker": ROOT / "workflows",
}


def by_name(overlay: str, kind: str) -> dict[str, dict[str, Any]]:
    return {o["metadata"]["name"]: o for o in k8s.of_kind(k8s.rendered(overlay), kind)}


def settings_of(overlay: str) -> dict[str, str]:
    (config,) = k8s.of_kind(k8s.rendered(overlay), "ConfigMap")
    return dict(config["data"])


def container(obj: dict[str, Any]) -> dict[str, Any]:
    (only,) = obj["spec"]["template"]["spec"]["containers"]
    return dict(only)


@pytest.mark.parametrize("overlay", k8s.OVERLAYS)
def test_every_local_process_has_a_deployment_running_it(
    overlay: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    processes = stack_processes(tmp_path, monkeypatch)
    assert set(processes) == {"gateway", "intake", "mediation", "evaluation", "worker", "setup"}
    deployments, jobs = by_name(overlay, "Deployment"), by_name(overlay, "Job")
    assert set(deployments) == set(processes) - {"setup"}
    for name, obj in deployments.items():
        assert container(obj)["args"][0] == name and PROCESSES[name] == processes[name]
    assert container(jobs["setup"])["args"][0] == "setup" and PROCESSES["setup"] == processes["setup"]
    assert set(by_name(overlay, "PodDisruptionBudget")) == set(deployments)
    hpas = by_name(overlay, "HorizontalPodAutoscaler")
    assert {h["spec"]["scaleTargetRef"]["name"] for h in hpas.values()} == {"gateway", "worker"}


@pytest.mark.parametrize("overlay", k8s.OVERLAYS)
def test_probes_ask_what_each_process_serves(overlay: str) -> None:
    deployments, env = by_name(overlay, "Deployment"), settings_of(overlay)
    paths = {getattr(r, "path", "") for r in health_router.routes}
    gateway = container(deployments["gateway"])
    assert gateway["readinessProbe"]["httpGet"]["path"] == "/readyz" and "/readyz" in paths
    assert gateway["livenessProbe"]["httpGet"]["path"] == "/healthz" and "/healthz" in paths
    ports = {p["name"]: p["containerPort"] for p in gateway["ports"]}
    assert ports == {
        "http": int(env["FENGQIAO_GATEWAY_PORT"]),
        "liaison-grpc": int(env["FENGQIAO_GATEWAY_LIAISON_GRPC_PORT"]),
    }
    for name in SERVICES:
        c = container(deployments[name])
        port = int(env[f"FENGQIAO_{name.upper()}_PORT"])
        assert c["readinessProbe"]["grpc"]["port"] == port and c["livenessProbe"]["grpc"]["port"] == port
        assert env[f"FENGQIAO_{name.upper()}_ADDRESS"] == f"{name}:{port}"
    worker = container(deployments["worker"])
    health = int(env["FENGQIAO_WORKER_HEALTH_PORT"])
    assert worker["readinessProbe"]["grpc"] == {"port": health}
    assert worker["livenessProbe"]["grpc"] == {"port": health, "service": "liveness"}
    assert env["FENGQIAO_BIND_HOST"] == "0.0.0.0" and env["FENGQIAO_GATEWAY_HOST"] == "0.0.0.0"


@pytest.mark.parametrize("overlay", k8s.OVERLAYS)
def test_termination_outlasts_the_drain(overlay: str) -> None:
    deployments = by_name(overlay, "Deployment")
    for name, settings in SERVICES.items():
        spec = deployments[name]["spec"]["template"]["spec"]
        pause = container(deployments[name])["lifecycle"]["preStop"]["sleep"]["seconds"]
        grace = settings.model_fields["grace_seconds"].default
        assert spec["terminationGracePeriodSeconds"] >= pause + grace + 10, name
    assert WorkerSettings.model_fields["health_port"].default == 0  # off unless the manifests turn it on
    for spec in (d["spec"]["template"]["spec"] for d in deployments.values()):
        assert spec["terminationGracePeriodSeconds"] >= 30


def callers(service: str) -> set[str]:
    """Processes whose code uses the service's address setting."""
    found = set()
    for process, folder in CODE.items():
        if process == service:
            continue
        if any(re.search(rf"\b{service}_address\b", f.read_text()) for f in folder.rglob("*.py")):
            found.add(process)
    return found


def allowed_from(policy: dict[str, Any]) -> tuple[set[str], set[int], bool]:
    """(components allowed in, ports, whether anyone may come in) of a one-rule ingress policy."""
    (rule,) = policy["spec"]["ingress"]
    components = {
        f["podSelector"]["matchLabels"]["app.kubernetes.io/component"] for f in rule["from"] if "podSelector" in f
    }
    anyone = any(f.get("ipBlock", {}).get("cidr") == "0.0.0.0/0" for f in rule["from"])
    return components, {p["port"] for p in rule["ports"]}, anyone


@pytest.mark.parametrize("overlay", k8s.OVERLAYS)
def test_network_policies_let_in_exactly_the_callers_of_the_code(overlay: str) -> None:
    policies = by_name(overlay, "NetworkPolicy")
    deny = policies["default-deny-ingress"]["spec"]
    assert deny == {"podSelector": {}, "policyTypes": ["Ingress"]}
    env = settings_of(overlay)
    assert callers("intake") == {"gateway", "worker", "mediation"}  # DESIGN.md's picture, read from the code
    for service in SERVICES:
        components, ports, anyone = allowed_from(policies[f"{service}-from-callers"])
        assert components == callers(service) and ports == {int(env[f"FENGQIAO_{service.upper()}_PORT"])}
        assert not anyone
    for name in ("intake", "mediation", "evaluation", "gateway"):
        policy = policies[f"{name}-database-from-{name}"]
        assert policy["spec"]["podSelector"]["matchLabels"] == {"fengqiao.io/database": name}
        assert allowed_from(policy)[:2] == ({name, "setup"}, {5432})
    open_to_anyone = {
        p["spec"]["podSelector"]["matchLabels"].get("app.kubernetes.io/component")
        for p in policies.values()
        if p["spec"].get("ingress") and allowed_from(p)[2]
    }
    assert open_to_anyone == {"gateway"}
    assert allowed_from(policies["gateway-from-outside"])[1] == {8000, 50060}

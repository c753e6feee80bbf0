"""deploy/k8s renders and validates offline (issue 12): every overlay through `kubectl kustomize`,
every object against the Kubernetes OpenAPI schema (tests/unit/k8s.py names the version), and the
rules no schema knows: probes, resources, non-root, no secret in the manifests."""

from __future__ import annotations

import copy
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import kubernetes_validate
import pytest

from tests.unit import k8s


@pytest.mark.parametrize("overlay", k8s.OVERLAYS)
def test_every_overlay_renders_and_every_object_is_valid(overlay: str) -> None:
    objects = k8s.rendered(overlay)
    counts = Counter(o["kind"] for o in objects)
    print(f"{overlay}: {len(objects)} objects, Kubernetes {k8s.KUBERNETES_VERSION}: {dict(sorted(counts.items()))}")
    assert k8s.invalid(objects) == []
    assert counts["Deployment"] == 5 and counts["Job"] == 1 and counts["HorizontalPodAutoscaler"] == 2
    assert {o["metadata"]["namespace"] for o in objects if o["kind"] != "Namespace"} == {
        "fengqiao-dev" if overlay == "dev" else "fengqiao"
    }


def test_the_cached_check_agrees_with_kubernetes_validate_itself() -> None:
    """tests/unit/k8s.py loads each schema once; kubernetes-validate's own validate, on one object
    of every kind, must say the same (valid as rendered, refused when broken)."""
    seen: dict[str, dict] = {}  # type: ignore[type-arg]
    for obj in k8s.rendered("prod"):
        seen.setdefault(obj["kind"], obj)
    for kind, obj in seen.items():
        assert kubernetes_validate.validate(obj, k8s.KUBERNETES_VERSION, strict=True), kind
        broken = copy.deepcopy(obj)
        broken["metadata"]["nmae"] = "typo"
        with pytest.raises(kubernetes_validate.ValidationError):
            kubernetes_validate.validate(broken, k8s.KUBERNETES_VERSION, strict=True)
        assert k8s.invalid([broken]), kind


@pytest.mark.parametrize("overlay", k8s.OVERLAYS)
def test_every_container_has_probes_resources_and_runs_as_non_root(overlay: str) -> None:
    assert k8s.container_problems(k8s.rendered(overlay)) == []


@pytest.mark.parametrize("overlay", k8s.OVERLAYS)
def test_no_secret_value_is_in_the_manifests(overlay: str) -> None:
    objects = k8s.rendered(overlay)
    assert k8s.secret_problems(objects) == []
    refs = {
        (env["name"], env["valueFrom"]["secretKeyRef"]["name"])
        for _, spec in k8s.pod_specs(objects)
        for c in spec["containers"]
        for env in c.get("env", [])
        if "secretKeyRef" in env.get("valueFrom", {})
    }
    names = {name for name, _ in refs}
    # The secrets DESIGN.md and issue 12 name: identity key, JWT secret, payload key ring, and the
    # database URLs that carry the passwords.
    assert {
        "FENGQIAO_IDENTITY_KEY",
        "FENGQIAO_PAYLOAD_KEYS",
        "FENGQIAO_GATEWAY_JWT_SECRET",
        "FENGQIAO_INTAKE_DATABASE_URL",
        "FENGQIAO_MEDIATION_DATABASE_URL",
        "FENGQIAO_EVALUATION_DATABASE_URL",
        "FENGQIAO_GATEWAY_DATABASE_URL",
    } <= names
    assert {secret for _, secret in refs} == {"fengqiao-secrets"}


def _copy(tmp_path: Path) -> Path:
    shutil.copytree(k8s.K8S, tmp_path / "k8s")
    return tmp_path / "k8s"


def test_a_broken_manifest_fails(tmp_path: Path) -> None:
    """Each fault planted in a copy of deploy/k8s is caught by the check that the suite runs."""
    tree = _copy(tmp_path)
    intake = tree / "base" / "intake.yaml"
    original = intake.read_text()

    # A misspelt field: the strict schema refuses it.
    intake.write_text(original.replace("  replicas: 2\n", "  replica: 2\n", 1))
    problems = k8s.invalid(k8s.render(tree / "overlays" / "prod"))
    assert any(p.startswith("Deployment/intake: spec:") and "'replica'" in p for p in problems), problems

    # A value of the wrong type.
    intake.write_text(original.replace("grpc: {port: 50051}", "grpc: {port: grpc}", 1))
    problems = k8s.invalid(k8s.render(tree / "overlays" / "prod"))
    assert any("readinessProbe/grpc/port" in p for p in problems), problems

    # A probe taken away; a secret written in as a literal.
    start, end = original.index("          livenessProbe:"), original.index("          startupProbe:")
    no_probe = original[:start] + original[end:]
    literal = no_probe.replace(
        "              valueFrom:\n                secretKeyRef: {name: fengqiao-secrets, key: intake-database-url}",
        "              value: postgresql+asyncpg://intake:hunter2@db/intake",
        1,
    )
    intake.write_text(literal)
    objects = k8s.render(tree / "overlays" / "prod")
    assert k8s.invalid(objects) == []  # the schema alone would let both through
    assert "Deployment/intake/intake: no livenessProbe" in k8s.container_problems(objects)
    assert "Deployment/intake/intake: FENGQIAO_INTAKE_DATABASE_URL is not from a Secret" in k8s.secret_problems(objects)

    # A kustomization naming a file that is not there: the render itself fails.
    intake.unlink()
    with pytest.raises(subprocess.CalledProcessError) as failed:
        k8s.render(tree / "overlays" / "prod")
    assert "intake.yaml" in failed.value.stderr


def test_a_secret_with_data_or_in_the_configmap_is_refused(tmp_path: Path) -> None:
    tree = _copy(tmp_path)
    base = tree / "base" / "kustomization.yaml"
    base.write_text(
        base.read_text().replace(
            "      - FENGQIAO_LOG_LEVEL=INFO\n",
            "      - FENGQIAO_LOG_LEVEL=INFO\n      - FENGQIAO_GATEWAY_JWT_SECRET=not-here\n",
        )
        + "secretGenerator:\n  - name: fengqiao-secrets\n    literals: [identity-key=not-here-either]\n"
    )
    problems = k8s.secret_problems(k8s.render(tree / "overlays" / "dev"))
    assert any("ConfigMap/fengqiao-settings" in p and "FENGQIAO_GATEWAY_JWT_SECRET" in p for p in problems), problems
    assert any(p.startswith("Secret/fengqiao-secrets") for p in problems), problems

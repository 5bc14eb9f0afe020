"""Every installed service's OpenAPI document tells a partner's developer what each
operation needs and how it fails: a secured operation names its scopes and can answer
401 and 403, every error response is problem+json with the shared `Problem` schema, and
every JSON request body has an example that its schema takes, and every import's file
upload an example CSV file and NDJSON line (each read back through the import when the
service builds its routes)."""

import csv
import json
import re

import pytest
from jsonschema import Draft202012Validator

from csp_devtools.kits.auth.operations import Operation, operations
from csp_devtools.testing.platform import installed_services

PROBLEM_JSON = "application/problem+json"
PROBLEM_SCHEMA_REF = "#/components/schemas/Problem"

DOCUMENTS = {service.name: service.openapi() for service in installed_services()}
OPERATIONS = [
    operation for name, document in DOCUMENTS.items() for operation in operations(name, document)
]


def _errors(operation: Operation) -> dict[str, dict]:
    return {
        status: response
        for status, response in operation.spec["responses"].items()
        if status[:1] in ("4", "5")
    }


def test_every_service_is_read() -> None:
    assert {"referral-hub", "marac"} <= set(DOCUMENTS)


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda o: o.id)
def test_secured_operations_name_their_scopes(operation: Operation) -> None:
    if operation.public:
        return
    assert operation.scope_sets, "secured without any security requirement"
    assert all(operation.scope_sets), (
        f"a security requirement without scopes: {operation.spec['security']}"
    )
    assert {"401", "403"} <= set(operation.spec["responses"]), sorted(operation.spec["responses"])


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda o: o.id)
def test_error_responses_are_problem_json(operation: Operation) -> None:
    for status, response in _errors(operation).items():
        content = response.get("content") or {}
        assert list(content) == [PROBLEM_JSON], f"{status}: {sorted(content)}"
        assert content[PROBLEM_JSON].get("schema") == {"$ref": PROBLEM_SCHEMA_REF}, status


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_the_problem_schema_is_the_shared_one(name: str) -> None:
    schemas = DOCUMENTS[name]["components"]["schemas"]
    problem = schemas["Problem"]
    assert {"type", "title", "status"} <= set(problem["required"])
    assert problem.get("additionalProperties") is True
    assert "HTTPValidationError" not in schemas


def _resolved(document: dict, schema: dict) -> dict:
    while "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _body_examples(document: dict, content: dict) -> list:
    """The examples a JSON request body shows: the media type's own, or its schema's
    (an optional body's schema is `anyOf` the model and null)."""
    if "example" in content:
        return [content["example"]]
    if content.get("examples"):
        return [example.get("value") for example in content["examples"].values()]
    schema = _resolved(document, content.get("schema", {}))
    options = [schema, *(_resolved(document, o) for o in schema.get("anyOf", []))]
    for option in options:
        if "example" in option:
            return [option["example"]]
        if option.get("examples"):
            return list(option["examples"])
    return []


JSON_BODIES = [
    operation
    for operation in OPERATIONS
    if "application/json" in operation.spec.get("requestBody", {}).get("content", {})
]


@pytest.mark.parametrize("operation", JSON_BODIES, ids=lambda o: o.id)
def test_request_bodies_have_valid_examples(operation: Operation) -> None:
    """Swagger UI and ReDoc show a partner's developer a body to start from; it must be
    one the service takes (as far as the schema says)."""
    document = DOCUMENTS[operation.service]
    content = operation.spec["requestBody"]["content"]["application/json"]
    examples = _body_examples(document, content)
    assert examples, "the request body has no example"
    validator = Draft202012Validator({**content["schema"], "components": document["components"]})
    for example in examples:
        errors = [
            f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
            for e in validator.iter_errors(example)
        ]
        assert errors == [], example


FILE_BODIES = [
    operation
    for operation in OPERATIONS
    if "text/csv" in operation.spec.get("requestBody", {}).get("content", {})
]
EXAMPLE_FILES = ("text/csv", "application/x-ndjson")


def test_the_imports_of_referral_hub_and_marac_are_read() -> None:
    kinds = {(o.service, o.path.rsplit("/", 1)[-1]) for o in FILE_BODIES}
    assert {
        ("referral-hub", "referrals"),
        ("referral-hub", "hate-reports"),
        ("referral-hub", "hub-cases"),
        ("marac", "meetings"),
        ("marac", "cases"),
        ("marac", "incidents"),
    } <= kinds


@pytest.mark.parametrize(
    "operation",
    [o for o in FILE_BODIES if o.service in ("referral-hub", "marac")],
    ids=lambda o: o.id,
)
def test_import_uploads_have_example_files(operation: Operation) -> None:
    """Swagger UI shows the file to start from: a CSV header of the import's columns and
    a row, and the same row as an NDJSON line."""
    content = operation.spec["requestBody"]["content"]
    examples = {media_type: content[media_type].get("example") for media_type in EXAMPLE_FILES}
    assert all(isinstance(e, str) and e for e in examples.values()), examples
    header, *rows = list(csv.reader(examples["text/csv"].splitlines()))
    assert len(rows) == 1 and len(rows[0]) == len(header), examples["text/csv"]
    listed = operation.spec["description"].split("CSV and XLSX columns", 1)[1]
    columns = set(re.findall(r"`([a-z0-9_.]+)`", listed))
    required = set(re.findall(r"`([a-z0-9_.]+)`\*", listed))
    assert set(header) <= columns, set(header) - columns
    assert required <= set(header), required - set(header)
    lines = examples["application/x-ndjson"].splitlines()
    assert len(lines) == 1 and isinstance(json.loads(lines[0]), dict)

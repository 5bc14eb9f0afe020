"""Every number, string and list a caller sends to referral-hub is bounded at the edge,
in a request or in a row of an import file.

Walks the OpenAPI document: each request body field and query parameter that is a
number has a minimum and a maximum, each string a maximum length (or a fixed set of
values, a pattern of bounded length, or a format that bounds it), each list a maximum
number of items. What the document promises, the models enforce.
"""

from typing import Any

import pytest

from csp_devtools.testing.infra import openapi_document
from referral_hub.app import create_app
from referral_hub.imports.flows import IMPORTS
from referral_hub.settings import ReferralHubSettings

ROW_MODELS = {kind.name: kind.model for kind in IMPORTS.kinds}

BOUNDED_FORMATS = {"uuid", "date", "date-time", "time"}


def _resolve(document: dict, schema: dict) -> dict:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = document["components"]["schemas"][name]
    return schema


def _unbounded(document: dict, schema: dict, where: str, seen: set[str]) -> list[str]:
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        if name in seen:
            return []
        seen = seen | {name}
    schema = _resolve(document, schema)
    found: list[str] = []
    for key in ("anyOf", "oneOf", "allOf"):
        for option in schema.get(key, []):
            found += _unbounded(document, option, where, seen)
    kind = schema.get("type")
    if "enum" in schema or "const" in schema:
        return found
    if kind in ("integer", "number"):
        if "maximum" not in schema and "exclusiveMaximum" not in schema:
            found.append(f"{where}: no maximum")
        if "minimum" not in schema and "exclusiveMinimum" not in schema:
            found.append(f"{where}: no minimum")
    elif kind == "string":
        if "maxLength" not in schema and schema.get("format") not in BOUNDED_FORMATS:
            found.append(f"{where}: no maxLength")
    elif kind == "array":
        if "maxItems" not in schema:
            found.append(f"{where}: no maxItems")
        found += _unbounded(document, schema.get("items", {}), f"{where}[]", seen)
    elif kind == "object":
        for name, field in schema.get("properties", {}).items():
            found += _unbounded(document, field, f"{where}.{name}", seen)
        extra = schema.get("additionalProperties")
        if isinstance(extra, dict):
            if "maxProperties" not in schema:
                found.append(f"{where}: no maxProperties")
            found += _unbounded(document, extra, f"{where}{{}}", seen)
    return found


def _inputs() -> list[tuple[str, dict]]:
    document = openapi_document(create_app, ReferralHubSettings)
    inputs = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            name = f"{method.upper()} {path}"
            for parameter in operation.get("parameters", []):
                if parameter["in"] in ("query", "path"):
                    inputs.append((f"{name} ?{parameter['name']}", parameter["schema"]))
            body = operation.get("requestBody", {}).get("content", {})
            if "application/json" in body:
                inputs.append((f"{name} body", body["application/json"]["schema"]))
    return [(where, {"document": document, "schema": schema}) for where, schema in inputs]


@pytest.mark.parametrize(("where", "spec"), _inputs(), ids=[w for w, _ in _inputs()])
def test_every_input_is_bounded(where: str, spec: dict[str, Any]) -> None:
    assert _unbounded(spec["document"], spec["schema"], where, set()) == []


@pytest.mark.parametrize("kind", sorted(ROW_MODELS))
def test_every_field_of_an_import_row_is_bounded(kind: str) -> None:
    schema = ROW_MODELS[kind].model_json_schema()
    document = {"components": {"schemas": schema.get("$defs", {})}}
    assert _unbounded(document, schema, f"{kind} row", set()) == []

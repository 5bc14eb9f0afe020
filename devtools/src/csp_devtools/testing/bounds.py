"""What a caller may send, bounded: walks an OpenAPI document (or a row model's JSON
schema) for numbers without a minimum and maximum, strings without a maximum length (or
a set of values or a bounding format), lists without a maximum number of items and maps
without a maximum number of keys."""

from typing import Any

BOUNDED_FORMATS = {"uuid", "date", "date-time", "time"}


def _resolve(document: dict, schema: dict) -> dict:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = document["components"]["schemas"][name]
    return schema


def unbounded(
    document: dict, schema: dict, where: str, seen: frozenset[str] = frozenset()
) -> list[str]:
    """Where in `schema` a value has no bound (empty when every value has one)."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        if name in seen:
            return []
        seen = seen | {name}
    schema = _resolve(document, schema)
    found: list[str] = []
    for key in ("anyOf", "oneOf", "allOf"):
        for option in schema.get(key, []):
            found += unbounded(document, option, where, seen)
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
        found += unbounded(document, schema.get("items", {}), f"{where}[]", seen)
    elif kind == "object":
        for name, field in schema.get("properties", {}).items():
            found += unbounded(document, field, f"{where}.{name}", seen)
        extra = schema.get("additionalProperties")
        if isinstance(extra, dict):
            if "maxProperties" not in schema:
                found.append(f"{where}: no maxProperties")
            found += unbounded(document, extra, f"{where}{{}}", seen)
    return found


def request_inputs(document: dict[str, Any]) -> list[tuple[str, dict]]:
    """Each query and path parameter and JSON request body of a document, named."""
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
    return inputs


def unbounded_row_fields(model: Any, where: str) -> list[str]:
    """The same walk over an import row model (a pydantic model class)."""
    schema = model.model_json_schema()
    return unbounded({"components": {"schemas": schema.get("$defs", {})}}, schema, where)

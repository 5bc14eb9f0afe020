"""A service's operations as its OpenAPI document describes them: the scopes each needs,
a well-formed request for it, and the links that lead to it."""

import copy
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import quote

import httpx
import jsonpointer

METHODS = ("get", "put", "post", "delete", "patch")
PREFERRED_MEDIA_TYPES = ("application/json", "application/x-ndjson")


@dataclass(frozen=True)
class Operation:
    service: str
    method: str
    path: str
    spec: dict[str, Any] = field(repr=False, compare=False)
    document: dict[str, Any] = field(repr=False, compare=False)

    @property
    def label(self) -> str:
        return f"{self.method.upper()} {self.path}"

    @property
    def id(self) -> str:
        return f"{self.service} {self.label}"

    @property
    def public(self) -> bool:
        return not self.spec.get("security")

    @property
    def scope_sets(self) -> list[list[str]]:
        """Each set of scopes that is enough for this operation (OpenAPI `security`)."""
        return [
            scopes
            for requirement in self.spec.get("security", [])
            for scopes in requirement.values()
        ]

    @property
    def scopes(self) -> set[str]:
        return {scope for scopes in self.scope_sets for scope in scopes}

    def parameters(self, location: str) -> list[dict[str, Any]]:
        return [p for p in self.spec.get("parameters", []) if p["in"] == location]

    def parameter_location(self, name: str) -> str:
        if "." in name and name.split(".", 1)[0] in ("path", "query", "header"):
            return name.split(".", 1)[0]
        return next(p["in"] for p in self.spec.get("parameters", []) if p["name"] == name)


def operations(service: str, document: dict[str, Any]) -> list[Operation]:
    return [
        Operation(service, method, path, spec, document)
        for path, item in document["paths"].items()
        for method, spec in item.items()
        if method in METHODS
    ]


@dataclass(frozen=True)
class Link:
    source: Operation
    target: Operation
    parameters: dict[str, Any]
    request_body: Any


def links_to(target: Operation) -> Iterator[Link]:
    """The OpenAPI links into `target`, in document order."""
    by_id = {o.spec.get("operationId"): o for o in operations(target.service, target.document)}
    for source in by_id.values():
        for response in source.spec.get("responses", {}).values():
            for link in response.get("links", {}).values():
                if link.get("operationId") == target.spec.get("operationId"):
                    yield Link(source, target, link.get("parameters", {}), link.get("requestBody"))


def _resolve(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = jsonpointer.resolve_pointer(document, schema["$ref"].removeprefix("#"))
    return schema


def _example(document: dict[str, Any], holder: dict[str, Any]) -> Any:
    """The first example of a media type, a parameter or (through $ref, anyOf) its schema."""
    if "example" in holder:
        return holder["example"]
    if holder.get("examples"):
        examples = holder["examples"]
        first = examples[0] if isinstance(examples, list) else next(iter(examples.values()))
        return first.get("value") if isinstance(examples, dict) else first
    schema = _resolve(document, holder.get("schema", holder))
    if schema is not holder and ("example" in schema or schema.get("examples")):
        return _example(document, schema)
    for option in schema.get("anyOf", []):
        if _resolve(document, option).get("type") != "null":
            return _example(document, _resolve(document, option))
    if "enum" in schema:
        return schema["enum"][0]
    if "default" in schema:
        return schema["default"]
    return None


def _placeholder(document: dict[str, Any], parameter: dict[str, Any]) -> Any:
    value = _example(document, parameter)
    if value is not None:
        return value
    schema = _resolve(document, parameter.get("schema", {}))
    if schema.get("format") == "uuid":
        return str(uuid.uuid4())
    return 1 if schema.get("type") == "integer" else "x"


@dataclass(frozen=True)
class Request:
    """One well-formed call of an operation (what the document says it takes)."""

    operation: Operation
    path: dict[str, Any]
    query: dict[str, Any]
    headers: dict[str, str]
    media_type: str | None
    body: Any

    @property
    def url(self) -> str:
        return self.operation.path.format(
            **{name: quote(str(value), safe="") for name, value in self.path.items()}
        )

    def with_link_values(self, values: dict[str, Any], body: Any) -> "Request":
        locations: dict[str, dict[str, Any]] = {
            "path": dict(self.path),
            "query": dict(self.query),
            "header": dict(self.headers),
        }
        for name, value in values.items():
            locations[self.operation.parameter_location(name)][name.split(".")[-1]] = value
        merged = self.body if body is None else merge_link_body(self.body, body)
        return replace(
            self,
            path=locations["path"],
            query=locations["query"],
            headers=locations["header"],
            body=merged,
        )

    async def send(self, client: httpx.AsyncClient, headers: dict[str, str]) -> httpx.Response:
        content: dict[str, Any] = {}
        sent_headers = {**self.headers, **headers}
        if self.media_type is not None and self.body is not None:
            if self.media_type == "application/json":
                content["json"] = self.body
            else:
                content["content"] = str(self.body).encode()
                sent_headers["Content-Type"] = self.media_type
        return await client.request(
            self.operation.method.upper(),
            self.url,
            params=self.query,
            headers=sent_headers,
            **content,
        )


def example_request(operation: Operation, bodies: dict[str, Any]) -> Request:
    """Required parameters and the body from the document's examples; `bodies` holds the
    bodies of operations whose document has no example, by operation id."""
    document = operation.document
    path = {p["name"]: _placeholder(document, p) for p in operation.parameters("path")}
    query = {
        p["name"]: _placeholder(document, p)
        for p in operation.parameters("query")
        if p.get("required")
    }
    media_type, body = None, None
    content = operation.spec.get("requestBody", {}).get("content", {})
    if content:
        media_type = next((t for t in PREFERRED_MEDIA_TYPES if t in content), next(iter(content)))
        body = copy.deepcopy(bodies.get(operation.id, _example(document, content[media_type])))
        if body is None and media_type == "application/json":
            body = {}
    return Request(operation, path, query, {}, media_type, body)


def merge_link_body(generated: Any, linked: Any) -> Any:
    """A link's request body applied onto a body, as schemathesis applies it: nested
    objects merged, array items merged by index."""
    if isinstance(generated, dict) and isinstance(linked, dict):
        merged = dict(generated)
        for key, value in linked.items():
            merged[key] = merge_link_body(generated[key], value) if key in generated else value
        return merged
    if isinstance(generated, list) and isinstance(linked, list):
        items = [merge_link_body(g, v) for g, v in zip(generated, linked, strict=False)]
        return items + generated[len(linked) :] + linked[len(generated) :]
    return linked


class Unresolved(LookupError):
    """A runtime expression that names nothing in this exchange."""


def evaluate(expression: Any, request: Request, response: httpx.Response) -> Any:
    """An OpenAPI runtime expression (or an object or array of them) on one exchange."""
    if isinstance(expression, dict):
        return {key: evaluate(value, request, response) for key, value in expression.items()}
    if isinstance(expression, list):
        return [evaluate(value, request, response) for value in expression]
    if not isinstance(expression, str) or not expression.startswith("$"):
        return expression
    source, _, pointer = expression.partition("#")
    if source == "$response.body":
        value = jsonpointer.resolve_pointer(response.json(), pointer, None)
    elif source == "$request.body":
        value = jsonpointer.resolve_pointer(request.body, pointer, None)
    elif source.startswith("$response.header."):
        value = response.headers.get(source.removeprefix("$response.header."))
    elif source.startswith("$request.path."):
        value = request.path.get(source.removeprefix("$request.path."))
    elif source.startswith("$request.query."):
        value = request.query.get(source.removeprefix("$request.query."))
    else:
        raise ValueError(f"runtime expression this test does not read: {expression}")
    if value is None:
        raise Unresolved(expression)
    return value

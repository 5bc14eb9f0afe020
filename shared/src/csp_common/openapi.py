"""What a service's OpenAPI document says beyond FastAPI's defaults.

- Each operation's `security` lists the scopes it needs, read from its `ScopeCheck`
  dependencies: one requirement per set of scopes that is enough (the OpenAPI meaning
  of several requirements is "any one of them").
- Every error response (4xx, 5xx) is `application/problem+json` with the `Problem`
  schema (RFC 9457, the body csp_common.errors answers with), FastAPI's default 422
  shape replaced; every secured operation says it can answer 401 and 403.
- An operation that takes `Idempotency-Key` (csp_common.idempotency) says it is required.
- Responses carry OpenAPI links: which value of a response the next call takes (a
  referral's id for reading it, a meeting's id for its case list). Partners' tools and
  stateful fuzzing follow them.
"""

import itertools
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts
from pydantic import BaseModel, ConfigDict, Field

from csp_common.auth import ScopeCheck
from csp_common.errors import PROBLEM_BASE, PROBLEM_JSON
from csp_common.idempotency import require_keys_in_document

PROBLEM_SCHEMA_REF = "#/components/schemas/Problem"
FASTAPI_VALIDATION_SCHEMAS = ("HTTPValidationError", "ValidationError")


class ProblemError(BaseModel):
    """One thing wrong with a request: where (a JSON pointer), what, and a code."""

    model_config = ConfigDict(extra="allow")

    pointer: str | None = Field(None, examples=["#/body/victim/date_of_birth"])
    detail: str | None = Field(None, examples=["Input should be a valid date"])
    code: str | None = Field(None, examples=["date_from_datetime_parsing"])


class Problem(BaseModel):
    """An error, as RFC 9457 problem details. A refusal may add members of its own
    (`required_scopes` on a 403, `errors` on a 422)."""

    model_config = ConfigDict(extra="allow")

    type: str = Field(examples=[PROBLEM_BASE + "validation"])
    title: str = Field(examples=["Invalid request"])
    status: int = Field(ge=400, le=599, examples=[422])
    detail: str | None = None
    instance: str | None = Field(None, examples=["/v1/referrals"])
    request_id: str | None = Field(None, description="Quote it when reporting a problem.")
    errors: list[ProblemError] | None = Field(None, description="What is wrong, one by one.")
    errors_total: int | None = Field(None, description="How many, when not all are listed.")


SECURED_RESPONSES = {
    "401": "No access token, or not a valid one for this service",
    "403": "The token does not have the scopes this needs, or its agency is not one of the "
    "partnership's",
}


@dataclass(frozen=True)
class Link:
    """An OpenAPI link from a successful response of `source` to `target`.

    Operations are named "METHOD /path"; `parameters` and `request_body` hold OpenAPI
    runtime expressions (`$response.body#/id`, `$request.path.case_id`).
    """

    source: str
    target: str
    parameters: Mapping[str, str] = field(default_factory=dict)
    request_body: Any = None
    description: str = ""


def document(app: FastAPI, links: Sequence[Link] = ()) -> None:
    """Make `app.openapi()` add the scopes and `links` to FastAPI's document."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = build()
            _add_scopes(schema, app)
            require_keys_in_document(schema, app)
            _type_problems(schema)
            _add_links(schema, links)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def _scope_checks(dependant: Dependant) -> Iterator[ScopeCheck]:
    if isinstance(dependant.call, ScopeCheck):
        yield dependant.call
    for sub in dependant.dependencies:
        yield from _scope_checks(sub)


def _add_scopes(schema: dict[str, Any], app: FastAPI) -> None:
    for route in iter_route_contexts(app.routes):
        if not isinstance(route.original_route, APIRoute) or not route.include_in_schema:
            continue
        checks = list(_scope_checks(route.dependant))
        enough = [
            sorted({scope for part in combination for scope in part})
            for combination in itertools.product(*(check.alternatives() for check in checks))
        ]
        for method in route.methods or ():
            operation = schema["paths"].get(route.path_format, {}).get(method.lower())
            if not operation or not operation.get("security"):
                continue
            schemes = [name for requirement in operation["security"] for name in requirement]
            operation["security"] = [{name: scopes for name in schemes} for scopes in enough]


def _problem_schemas() -> dict[str, Any]:
    definition = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    nested = definition.pop("$defs", {})
    return {"Problem": definition, **nested}


def _type_problems(schema: dict[str, Any]) -> None:
    for item in schema.get("paths", {}).values():
        for operation in item.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            responses = operation["responses"]
            if operation.get("security"):
                for status, description in SECURED_RESPONSES.items():
                    responses.setdefault(status, {"description": description})
            for status, response in responses.items():
                if status[:1] not in ("4", "5"):
                    continue
                content = response.get("content") or {}
                typed = dict(content.get(PROBLEM_JSON) or {})
                typed["schema"] = {"$ref": PROBLEM_SCHEMA_REF}
                response["content"] = {PROBLEM_JSON: typed}
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.update(_problem_schemas())
    text = repr(schema["paths"])
    for name in FASTAPI_VALIDATION_SCHEMAS:
        if f"#/components/schemas/{name}'" not in text:
            components.pop(name, None)


def _operation(schema: dict[str, Any], label: str) -> dict[str, Any]:
    method, path = label.split(" ", 1)
    operation = schema["paths"].get(path, {}).get(method.lower())
    if operation is None:
        raise ValueError(f"OpenAPI link names an operation the service does not have: {label}")
    return operation


def _add_links(schema: dict[str, Any], links: Sequence[Link]) -> None:
    for link in links:
        source, target = _operation(schema, link.source), _operation(schema, link.target)
        status = next(code for code in source["responses"] if code.startswith("2"))
        definition: dict[str, Any] = {"operationId": target["operationId"]}
        if link.parameters:
            definition["parameters"] = dict(link.parameters)
        if link.request_body is not None:
            definition["requestBody"] = link.request_body
        if link.description:
            definition["description"] = link.description
        named = source["responses"][status].setdefault("links", {})
        if target["operationId"] in named:
            raise ValueError(f"two OpenAPI links from {link.source} to {link.target}")
        named[target["operationId"]] = definition

"""What a service's OpenAPI document says beyond FastAPI's defaults.

- Each operation's `security` lists the scopes it needs, read from its `ScopeCheck`
  dependencies: one requirement per set of scopes that is enough (the OpenAPI meaning
  of several requirements is "any one of them").
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

from csp_common.auth import ScopeCheck


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

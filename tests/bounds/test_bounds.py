"""Every number, string, list and map a caller sends to any installed service is bounded
at the edge: each request body field and query or path parameter in its OpenAPI document,
and each field of a row of its import files. What the document promises, the models
enforce (the services' fuzz tests send what it allows)."""

import pytest

from csp_devtools.testing.bounds import request_inputs, unbounded, unbounded_row_fields
from csp_devtools.testing.platform import installed_services

DOCUMENTS = {service.name: service.openapi() for service in installed_services()}
INPUTS = [
    (f"{name} {where}", name, schema)
    for name, document in DOCUMENTS.items()
    for where, schema in request_inputs(document)
]


@pytest.mark.parametrize(("where", "service", "schema"), INPUTS, ids=[i[0] for i in INPUTS])
def test_every_input_is_bounded(where: str, service: str, schema: dict) -> None:
    assert unbounded(DOCUMENTS[service], schema, where) == []


def _row_models() -> list[tuple[str, type]]:
    import importlib

    models = []
    for service in installed_services():
        package = service.create_app.__module__.split(".")[0]
        try:
            flows = importlib.import_module(f"{package}.imports.flows")
        except ModuleNotFoundError:
            continue
        for imports in (v for v in vars(flows).values() if hasattr(v, "kinds")):
            models += [(f"{service.name} {kind.name} row", kind.model) for kind in imports.kinds]
    return models


ROW_MODELS = _row_models()


def test_the_walk_finds_the_import_row_models() -> None:
    assert {where.split()[0] for where, _ in ROW_MODELS} >= {"referral-hub", "marac"}


@pytest.mark.parametrize(("where", "model"), ROW_MODELS, ids=[w for w, _ in ROW_MODELS])
def test_every_field_of_an_import_row_is_bounded(where: str, model: type) -> None:
    assert unbounded_row_fields(model, where) == []

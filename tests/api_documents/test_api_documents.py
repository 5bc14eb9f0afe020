"""Every installed service's OpenAPI document tells a partner's developer what each
operation needs and how it fails: a secured operation names its scopes and can answer
401 and 403, and every error response is problem+json with the shared `Problem` schema."""

import pytest

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

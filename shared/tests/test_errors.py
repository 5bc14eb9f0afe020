import json
from collections.abc import Callable

import httpx


async def test_validation_errors_are_problem_json_with_field_pointers(
    probe_client: httpx.AsyncClient, auth_header: Callable[..., dict[str, str]]
) -> None:
    response = await probe_client.post(
        "/v1/items",
        json={"area": "York!", "copies": 0},
        headers=auth_header(agency="idas", scopes=["probe:write"]),
    )
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["type"].endswith("/validation")
    pointers = {error["pointer"] for error in body["errors"]}
    assert pointers == {"#/body/area", "#/body/copies"}
    assert "request_id" in body


async def test_malformed_json_is_a_clear_4xx(
    probe_client: httpx.AsyncClient, auth_header: Callable[..., dict[str, str]]
) -> None:
    headers = auth_header(agency="idas", scopes=["probe:write"]) | {
        "content-type": "application/json"
    }
    response = await probe_client.post("/v1/items", content=b'{"area": ', headers=headers)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["errors"] == [
        {
            "pointer": "#/body",
            "detail": "the body is not valid JSON: expecting value at line 1, column 10",
            "code": "json_invalid",
        }
    ]


async def test_invalid_json_is_placed_by_line_and_column_not_by_character(
    probe_client: httpx.AsyncClient, auth_header: Callable[..., dict[str, str]]
) -> None:
    headers = auth_header(agency="idas", scopes=["probe:write"]) | {
        "content-type": "application/json"
    }
    body = b'{\n  "area": "york",\n  "copies": 2,\n}'
    response = await probe_client.post("/v1/items", content=body, headers=headers)
    assert response.status_code == 422
    problem = response.json()
    assert problem["errors_total"] == 1
    (error,) = problem["errors"]
    assert error["pointer"] == "#/body"
    assert error["code"] == "json_invalid"
    assert error["detail"].startswith("the body is not valid JSON: ")
    assert error["detail"].endswith(" at line 4, column 1")
    assert problem["detail"] == f"The request is not valid: {error['detail']}."


async def test_a_body_over_the_limit_is_413_and_changes_nothing(
    probe_client: httpx.AsyncClient, auth_header: Callable[..., dict[str, str]]
) -> None:
    huge = b'{"area": "' + b"a" * (3 * 1024 * 1024) + b'"}'
    headers = auth_header(agency="idas", scopes=["probe:write"]) | {
        "content-type": "application/json"
    }
    response = await probe_client.post("/v1/items", content=huge, headers=headers)
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"


async def test_a_streamed_body_over_the_limit_is_413(
    probe_client: httpx.AsyncClient, auth_header: Callable[..., dict[str, str]]
) -> None:
    async def chunks():  # no content-length: the limit counts what arrives
        for _ in range(40):
            yield b"a" * 100_000

    headers = auth_header(agency="idas", scopes=["probe:write"]) | {
        "content-type": "application/json"
    }
    response = await probe_client.post("/v1/items", content=chunks(), headers=headers)
    assert response.status_code == 413


async def test_unknown_routes_and_methods_are_problem_json(probe_client: httpx.AsyncClient) -> None:
    missing = await probe_client.get("/v1/nowhere")
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"
    wrong_method = await probe_client.delete("/v1/items")
    assert wrong_method.status_code == 405
    assert wrong_method.headers["content-type"] == "application/problem+json"


async def test_a_record_not_visible_is_404_problem(
    probe_client: httpx.AsyncClient, auth_header: Callable[..., dict[str, str]]
) -> None:
    response = await probe_client.get(
        "/v1/items/00000000-0000-4000-8000-000000000000",
        headers=auth_header(agency="idas", scopes=["probe:read"]),
    )
    assert response.status_code == 404
    assert response.json()["title"] == "Not found"


async def test_a_body_with_a_million_bad_values_answers_the_first_ones_and_the_count() -> None:
    from fastapi.exceptions import RequestValidationError
    from starlette.requests import Request

    from csp_common.errors import MAX_ERRORS_LISTED, _validation

    found = [
        {"loc": ("body", "rows", n, "k" * 5_000), "msg": "Field required", "type": "missing"}
        for n in range(100_000)
    ]
    request = Request({"type": "http", "method": "POST", "path": "/v1/x", "headers": []})
    response = await _validation(request, RequestValidationError(found))
    body = json.loads(response.body)
    assert len(body["errors"]) == MAX_ERRORS_LISTED
    assert body["errors_total"] == 100_000
    assert "99,950 more" in body["detail"]
    assert all(len(error["pointer"]) <= 200 for error in body["errors"])
    assert len(response.body) < 20_000

"""csp_common.idempotency without a database: the key is required (its own problem, after
authentication and body validation), the document says so, and the digest tells
operations and bodies apart. Replays and refusals run against PostgreSQL in
referral-hub's and marac's tests."""

from typing import Annotated

import httpx
from fastapi import Body, FastAPI
from pydantic import BaseModel, ConfigDict
from sqlalchemy import MetaData

from csp_common.errors import PROBLEM_JSON, install_problem_handlers
from csp_common.idempotency import (
    HEADER,
    KEY_REQUIRED,
    KeyedRequest,
    idempotency_dependency,
    idempotency_table,
)
from csp_common.openapi import document

TABLE = idempotency_table(MetaData())
Idempotent = idempotency_dependency(TABLE)


class NoteIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str


def keyed_app() -> FastAPI:
    app = FastAPI()
    install_problem_handlers(app)

    @app.post("/v1/notes", status_code=201)
    async def create_note(keyed: Idempotent, body: Annotated[NoteIn, Body()]) -> dict[str, str]:
        return {"key": keyed.required_key(), "operation": keyed.operation}

    @app.post("/v1/plain")
    async def plain(body: Annotated[NoteIn, Body()]) -> dict[str, str]:
        return {"text": body.text}

    document(app)
    return app


async def _post(app: FastAPI, path: str, body: object, **headers: str) -> httpx.Response:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        return await client.post(path, json=body, headers=headers)


async def test_a_missing_key_is_a_400_problem_of_its_own_type() -> None:
    refused = await _post(keyed_app(), "/v1/notes", {"text": "x"})
    assert refused.status_code == 400
    assert refused.headers["content-type"] == PROBLEM_JSON
    assert refused.json()["type"].endswith("/" + KEY_REQUIRED)


async def test_an_invalid_body_is_422_before_the_key_is_asked_for() -> None:
    assert (await _post(keyed_app(), "/v1/notes", {"txt": "x"})).status_code == 422


async def test_a_key_reaches_the_view_with_its_operation() -> None:
    answer = await _post(keyed_app(), "/v1/notes", {"text": "x"}, **{HEADER: "k-1"})
    assert answer.status_code == 201
    assert answer.json() == {"key": "k-1", "operation": "POST /v1/notes"}


async def test_an_empty_or_overlong_key_is_refused() -> None:
    for key in ("", "k" * 201):
        assert (
            await _post(keyed_app(), "/v1/notes", {"text": "x"}, **{HEADER: key})
        ).status_code == 422


def test_the_document_says_the_key_is_required_where_it_is_taken() -> None:
    paths = keyed_app().openapi()["paths"]
    [parameter] = [p for p in paths["/v1/notes"]["post"]["parameters"] if p["name"] == HEADER]
    assert parameter["in"] == "header" and parameter["required"] is True
    assert parameter["schema"]["maxLength"] == 200
    assert "parameters" not in paths["/v1/plain"]["post"]


def test_the_digest_covers_the_operation_and_the_body() -> None:
    note = NoteIn(text="x")

    def digest(operation: str, body: NoteIn) -> str:
        return KeyedRequest(table=TABLE, key="k", operation=operation).digest(body)

    assert digest("POST /v1/notes", note) == digest("POST /v1/notes", NoteIn(text="x"))
    assert digest("POST /v1/notes", note) != digest("POST /v1/notes", NoteIn(text="y"))
    assert digest("POST /v1/notes", note) != digest("POST /v1/other", note)

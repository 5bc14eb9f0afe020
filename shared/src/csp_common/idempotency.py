"""Idempotency-Key: a POST that creates a record about a person is made at most once.

The caller sends a key of its own (a new UUID per record, the same on every retry of
it). The first answer is stored with the key, in the same statement as the record (the
unit of work's claim); a retry with the same key and body gets that answer again
(`Idempotent-Replayed: true`), the same key with another body is refused with 409
(`idempotency-key-reused`), and a request without the key with 400
(`idempotency-key-required`). Keys belong to the caller's agency; the digest covers the
operation and the body, so one key never stands for two different requests.

A service keeps the first answers in a table of its own metadata, and gives its views
the dependency once:

    idempotency_records = idempotency_table(service_metadata("marac"))    # tables.py
    Idempotent = idempotency_dependency(idempotency_records)               # dependencies.py

    async def create_case(work: UnitOfWork, caller: Referrer, keyed: Idempotent, body: CaseIn):
        async def create(work: Work) -> Created:
            ...
            return Created(case_out(row), headers={"Location": ...})

        return await keyed.create_once(work, agency=caller.agency, body=body, step=create)

The key is checked when the view runs (after authentication and body validation), so a
caller without a token still gets 401 and an invalid body 422.
"""

import hashlib
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Header, Request
from fastapi.dependencies.models import Dependant
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute, iter_route_contexts
from pydantic import BaseModel
from sqlalchemy import JSON, Column, Integer, MetaData, String, Table, select
from sqlalchemy.ext.asyncio import AsyncSession

from csp_common import clock
from csp_common.db import RowsInsert
from csp_common.errors import Problem
from csp_common.tables import UtcDateTime
from csp_common.unit_of_work import Work

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
KEY_REQUIRED = "idempotency-key-required"
KEY_REUSED = "idempotency-key-reused"
MAX_KEY_LENGTH = 200
KEY_EXAMPLE = "3f0c3c1e-8f9a-4a55-9a49-1d1f5f3f7b10"

RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"description": f"No `{HEADER}` header (problem type `{KEY_REQUIRED}`)"},
    409: {"description": f"The `{HEADER}` was used with another body (`{KEY_REUSED}`)"},
}
"""The answers every keyed operation may give; add them to its `responses`."""


def idempotency_table(metadata: MetaData) -> Table:
    """The first answers to a service's keyed POSTs, in the service's own metadata."""
    return Table(
        "idempotency_record",
        metadata,
        Column("agency", String(100), primary_key=True),
        Column("key", String(MAX_KEY_LENGTH), primary_key=True),
        Column("request_hash", String(64), nullable=False),
        Column("status_code", Integer),
        Column("response", JSON),
        Column("created_at", UtcDateTime(), nullable=False),
    )


@dataclass(frozen=True)
class Created:
    """What a keyed step answers: the body (a model or JSON data), status and headers.
    The body and status are what a retry gets back."""

    body: Any
    status_code: int = 201
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class KeyedRequest:
    """One request's Idempotency-Key (None if it sent none) and its operation."""

    table: Table
    key: str | None
    operation: str

    def required_key(self) -> str:
        if self.key is None:
            raise Problem(
                400,
                "Idempotency-Key required",
                f"Send an {HEADER} header: a new UUID for each record you create, and the "
                "same one again when you retry it, so a retry never makes a second record.",
                type=KEY_REQUIRED,
            )
        return self.key

    def digest(self, body: BaseModel | bytes) -> str:
        content = body if isinstance(body, bytes) else body.model_dump_json().encode()
        return hashlib.sha256(self.operation.encode() + b"\n" + content).hexdigest()

    async def create_once(
        self,
        work: Work,
        *,
        agency: str,
        body: BaseModel | bytes,
        step: Callable[[Work], Awaitable[Created]],
        on_conflict: Callable[[Work, Exception], Awaitable[None]] | None = None,
    ) -> JSONResponse:
        """Run `step` once for this key: claim the key with its answer in the unit of
        work, or replay the stored answer of an earlier request with it (looked up when
        the claim is lost, or when the step refuses what the first request did). On a conflict
        that no stored answer explains (a twin request met a unique constraint first),
        `on_conflict` may refuse (raise a Problem); otherwise the step runs once more."""
        key = self.required_key()
        digest = self.digest(body)

        async def claimed(work: Work) -> JSONResponse:
            try:
                created = await step(work)
            except Problem:
                # A retry the first request's effects now refuse (the referrals it split
                # off are no longer this person's): the first answer, if there is one.
                await work.rollback()
                replay = await earlier_answer(
                    work.session, self.table, agency=agency, key=key, digest=digest
                )
                if replay is None:
                    raise
                return replay
            content = _json_data(created.body)
            work.claim(
                claim(
                    self.table,
                    agency=agency,
                    key=key,
                    digest=digest,
                    status_code=created.status_code,
                    response=content,
                )
            )
            return JSONResponse(
                content, status_code=created.status_code, headers=dict(created.headers)
            )

        async def replay_or_refuse(work: Work, conflict: Exception) -> JSONResponse | None:
            replay = await earlier_answer(
                work.session, self.table, agency=agency, key=key, digest=digest
            )
            if replay is None and on_conflict is not None:
                await on_conflict(work, conflict)
            return replay

        return await work.retry(claimed, on_conflict=replay_or_refuse)


def _json_data(body: Any) -> Any:
    """The answer as JSON data, once for the response and the stored claim. A model is
    dumped by pydantic-core (what `jsonable_encoder` would give, without its per-value
    Python recursion, a millisecond an answer on intake's)."""
    if isinstance(body, BaseModel):
        return body.model_dump(mode="json", by_alias=True)
    return jsonable_encoder(body)


def claim(
    table: Table,
    *,
    agency: str,
    key: str,
    digest: str,
    status_code: int,
    response: Any,
) -> RowsInsert:
    """The insert that claims `key` with its answer; it returns the key only if it won."""
    row = {
        "agency": agency,
        "key": key,
        "request_hash": digest,
        "status_code": status_code,
        "response": response,
        "created_at": clock.now(),
    }
    return RowsInsert(table, [row], ignore_conflicts=True, returning=("key",))


async def earlier_answer(
    session: AsyncSession, table: Table, *, agency: str, key: str, digest: str
) -> JSONResponse | None:
    """The stored answer to an earlier request with this key, or None; 409 if that
    request had another body (or was another operation)."""
    earlier = (
        await session.execute(select(table).where(table.c.agency == agency, table.c.key == key))
    ).first()
    if earlier is None:
        return None
    if earlier.request_hash != digest:
        raise Problem(
            409,
            "Idempotency-Key reused",
            "This Idempotency-Key was used with a different body.",
            type=KEY_REUSED,
        )
    return JSONResponse(
        earlier.response,
        status_code=earlier.status_code or 201,
        headers={REPLAYED_HEADER: "true"},
    )


def idempotency_dependency(table: Table) -> Any:
    """The dependency alias of a service's keyed POSTs (its `Idempotent`)."""

    def keyed_request(
        request: Request,
        idempotency_key: Annotated[
            str | None,
            Header(
                alias=HEADER,
                min_length=1,
                max_length=MAX_KEY_LENGTH,
                description=(
                    "Required. A new UUID for each record you create, the same one when you "
                    "retry it: a retry with the same key and body gets the first answer "
                    "again, the same key with another body is refused (409)."
                ),
                examples=[KEY_EXAMPLE],
            ),
        ] = None,
    ) -> KeyedRequest:
        return KeyedRequest(
            table=table, key=idempotency_key, operation=f"{request.method} {request.url.path}"
        )

    keyed_request.__idempotency__ = True  # type: ignore[attr-defined]
    return Annotated[KeyedRequest, Depends(keyed_request)]


def _keyed(dependant: Dependant) -> bool:
    return getattr(dependant.call, "__idempotency__", False) or any(
        _keyed(sub) for sub in dependant.dependencies
    )


def require_keys_in_document(schema: dict[str, Any], app: FastAPI) -> None:
    """Mark the Idempotency-Key of keyed operations required in the OpenAPI document
    (the dependency takes it optional so that a missing key gets its own problem)."""
    for route in iter_route_contexts(app.routes):
        if not isinstance(route.original_route, APIRoute) or not _keyed(route.dependant):
            continue
        for method in route.methods or ():
            operation = schema["paths"].get(route.path_format, {}).get(method.lower())
            for parameter in (operation or {}).get("parameters", []):
                if parameter.get("in") == "header" and parameter.get("name") == HEADER:
                    parameter["required"] = True
                    schema_of = parameter.get("schema", {})
                    strings = [s for s in schema_of.pop("anyOf", []) if s.get("type") != "null"]
                    schema_of.update(*strings[:1])

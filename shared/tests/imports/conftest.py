"""A tiny service on the import engine: a demo row model ("things"), its table, a store
function that refuses, skips and audits as a real one does, and the engine's API mounted
on a real application over its own PostgreSQL database.

Jobs run as background tasks with their own sessions, as in production, so these tests
do not roll back: each uses references of its own (`demo.prefix()`).
"""

import asyncio
import csv
import io
import json
import uuid
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

import httpx
import pytest
from fastapi import FastAPI
from pydantic import BaseModel, ConfigDict, Field, StringConstraints
from sqlalchemy import JSON, Column, Date, Integer, MetaData, String, Table, insert, select, text
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

from csp_common.app import ServiceDefinition, create_app
from csp_common.audit import record_access
from csp_common.fields import Name, Reference, StrictDate, StrictInt
from csp_common.imports import (
    IMPORTED,
    SKIPPED,
    ImportContext,
    ImportKind,
    Imports,
    ImportTables,
    Outcome,
    ValidRow,
    import_tables,
    refused,
)
from csp_common.settings import ServiceSettings
from csp_common.tables import platform_tables
from csp_devtools.testing.infra import create_database, drop_database

AGENCY = "north-yorkshire-police"
SCOPE = "things:import"
MAX_BYTES = 4 * 1024 * 1024
CHUNK_ROWS = 50
CSV = "text/csv"
NDJSON = "application/x-ndjson"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class Owner(BaseModel):
    model_config = ConfigDict(extra="forbid")

    given_name: Name
    area: Literal["york", "selby"]


class Thing(BaseModel):
    """The demo row: strict fields, a list, a nested model, one lax text field (`note`,
    which lets a NUL byte through to the database, as a service's oversight would)."""

    model_config = ConfigDict(extra="forbid")

    source_reference: Reference
    name: Name
    size: StrictInt = Field(ge=0, le=1000)
    made_on: StrictDate | None = None
    tags: list[Annotated[str, StringConstraints(max_length=20)]] = Field(
        default_factory=list, max_length=5
    )
    owner: Owner | None = None
    note: str | None = Field(default=None, max_length=200)


metadata = MetaData()
TABLES: ImportTables = import_tables(metadata)
things = Table(
    "demo_thing",
    metadata,
    Column("agency", String(100), primary_key=True),
    Column("source_reference", String(100), primary_key=True),
    Column("name", String(100), nullable=False),
    Column("size", Integer, nullable=False),
    Column("made_on", Date),
    Column("tags", JSON, nullable=False),
    Column("owner_area", String(20)),
    Column("note", String(200)),
)


@dataclass
class Faults:
    """Faults a test plants in the store function."""

    crash_on_call: int | None = None  # RuntimeError on that call: a fault of the service
    break_on: dict[str, BaseException] = field(default_factory=dict)  # by reference
    gate: asyncio.Event | None = None  # the store waits for it...
    entered: asyncio.Event = field(default_factory=asyncio.Event)  # ...once it is waiting
    calls: int = 0

    def reset(self) -> None:
        self.crash_on_call, self.break_on, self.gate, self.calls = None, {}, None, 0
        self.entered = asyncio.Event()


FAULTS = Faults()


async def store_things(
    session: AsyncSession, *, rows: Sequence[ValidRow[Thing]], context: ImportContext
) -> list[Outcome]:
    FAULTS.calls += 1
    if FAULTS.gate is not None:
        FAULTS.entered.set()
        await FAULTS.gate.wait()
    if FAULTS.crash_on_call == FAULTS.calls:
        raise RuntimeError("the disk caught fire")
    for row in rows:
        fault = FAULTS.break_on.get(row.body.source_reference)
        if fault is not None:
            raise fault
    agency = context.caller.agency
    wanted = [row.body.source_reference for row in rows]
    taken = set(
        (
            await session.execute(
                select(things.c.source_reference).where(
                    things.c.agency == agency, things.c.source_reference.in_(wanted)
                )
            )
        ).scalars()
    )
    outcomes: list[Outcome] = []
    new: list[dict[str, Any]] = []
    for row in rows:
        body = row.body
        if body.name == "Refused":
            outcomes.append(refused("#/name", "the store refuses this name", code="forbidden"))
        elif body.source_reference in taken:
            outcomes.append(SKIPPED)
        else:
            taken.add(body.source_reference)
            new.append(
                {
                    "agency": agency,
                    "source_reference": body.source_reference,
                    "name": body.name,
                    "size": body.size,
                    "made_on": body.made_on,
                    "tags": body.tags,
                    "owner_area": body.owner.area if body.owner else None,
                    "note": body.note,
                }
            )
            outcomes.append(IMPORTED)
    if new:
        await session.execute(insert(things), new)
        await record_access(
            session,
            caller=context.caller,
            action="import",
            record_type="thing",
            record_ids=[f"{agency}/{r['source_reference']}"[:64] for r in new],
            purpose=context.purpose,
        )
    return outcomes


THINGS = ImportKind(
    name="things",
    model=Thing,
    store=store_things,
    summary="Import things",
    description="Things, for the engine's tests.",
    analyze=("demo_thing",),
    example={
        "source_reference": "EXAMPLE-0001",
        "name": "Ann",
        "size": 7,
        "made_on": "2024-01-31",
        "tags": ["red", "blue"],
        "owner": {"given_name": "Bo", "area": "york"},
    },
)
IMPORTS = Imports(
    tables=TABLES,
    kinds=[THINGS],
    scope=SCOPE,
    max_bytes=MAX_BYTES,
    chunk_rows=CHUNK_ROWS,
)


class DemoSettings(ServiceSettings):
    service_name: str = "imports-demo"


@dataclass
class Demo:
    """What the tests use: the app, a client, tokens, file makers and a job runner."""

    app: FastAPI
    client: httpx.AsyncClient
    token: Callable[..., dict[str, str]]
    faults: Faults
    thing: type[Thing] = Thing
    tables: ImportTables = TABLES
    things: Table = things
    kind: ImportKind[Thing] = THINGS
    AGENCY = AGENCY
    SCOPE = SCOPE
    MAX_BYTES = MAX_BYTES
    CHUNK_ROWS = CHUNK_ROWS
    CSV = CSV
    NDJSON = NDJSON
    XLSX = XLSX

    @property
    def importer(self) -> dict[str, str]:
        return self.token(agency=AGENCY, scopes=[SCOPE])

    @staticmethod
    def prefix() -> str:
        return f"T{uuid.uuid4().hex[:8]}"

    @staticmethod
    def row(reference: str, **fields: Any) -> dict[str, Any]:
        return {"source_reference": reference, "name": "Ann", "size": 3, **fields}

    @staticmethod
    def ndjson(rows: Iterable[dict[str, Any] | str]) -> bytes:
        lines = (r if isinstance(r, str) else json.dumps(r) for r in rows)
        return ("\n".join(lines) + "\n").encode()

    @staticmethod
    def csv(header: list[str], rows: Iterable[list[str]]) -> bytes:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)
        return out.getvalue().encode()

    async def post(
        self, content: bytes, media_type: str, *, headers: dict[str, str] | None = None, **kw: Any
    ) -> httpx.Response:
        return await self.client.post(
            "/v1/imports/things",
            content=content,
            headers={**(headers or self.importer), "Content-Type": media_type},
            **kw,
        )

    async def settle(self) -> None:
        """Wait for every job this app holds to end."""
        runner = IMPORTS.runner_of(self.app)
        assert runner is not None
        while runner.tasks:
            await asyncio.wait(list(runner.tasks))

    async def run(
        self, content: bytes, media_type: str, *, headers: dict[str, str] | None = None
    ) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        """Import a file to its end: (the job, all its row errors)."""
        response = await self.post(content, media_type, headers=headers)
        assert response.status_code == 202, response.text
        await self.settle()
        return await self.finished(response.json()["id"], headers=headers)

    async def finished(
        self, job_id: str, *, headers: dict[str, str] | None = None
    ) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        headers = headers or self.importer
        job = (await self.client.get(f"/v1/imports/{job_id}", headers=headers)).json()
        errors: list[dict[str, Any]] = []
        cursor: str | None = None
        while True:
            params = {"limit": 1000, **({"cursor": cursor} if cursor else {})}
            page = (await self.client.get(job["errors_url"], headers=headers, params=params)).json()
            errors += page["items"]
            cursor = page["next_cursor"]
            if cursor is None:
                return job, errors

    async def stored(self, prefix: str) -> dict[str, dict[str, Any]]:
        async with self.app.state.session_factory() as session:
            rows = await session.execute(
                select(things).where(things.c.source_reference.like(f"{prefix}%"))
            )
            return {row.source_reference: dict(row._mapping) for row in rows}

    async def scalar(self, sql: str, **params: Any) -> Any:
        async with self.app.state.session_factory() as session:
            return await session.scalar(text(sql), params)


@pytest.fixture(scope="session")
async def imports_database_url() -> AsyncIterator[str]:
    url = await create_database("csp_imports")
    engine = create_async_engine(url)
    async with engine.begin() as conn:
        for table in platform_tables():
            await conn.run_sync(table.create)
        await conn.run_sync(metadata.create_all)
    await engine.dispose()
    yield url
    await drop_database(url)


def demo_app(database_url: str, public_key: Path) -> FastAPI:
    settings = DemoSettings(
        database_url=database_url,
        run_migrations=False,
        kafka_enabled=False,
        auth_public_key_file=public_key,
    )
    return create_app(
        ServiceDefinition(
            settings=settings,
            title="imports-demo",
            description="The import engine on a demo row model",
            routers=[IMPORTS.router()],
            migrations=Path(__file__).parent,  # unused: run_migrations is off
            workers=[IMPORTS.worker],
            body_limit_overrides={"/v1/imports": 4 * MAX_BYTES},
        )
    )


@pytest.fixture(scope="session")
async def imports_app(
    imports_database_url: str, signing_keys: tuple[Path, Path]
) -> AsyncIterator[FastAPI]:
    app = demo_app(imports_database_url, signing_keys[1])
    async with app.router.lifespan_context(app):
        yield app


@pytest.fixture
async def demo(
    imports_app: FastAPI, auth_header: Callable[..., dict[str, str]]
) -> AsyncIterator[Demo]:
    transport = httpx.ASGITransport(app=imports_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://demo", timeout=120) as c:
        FAULTS.reset()
        yield Demo(app=imports_app, client=c, token=auth_header, faults=FAULTS)
        FAULTS.reset()


@pytest.fixture(scope="session")
def kit() -> type[Demo]:
    """The demo's row model and file makers, for tests without the database."""
    return Demo

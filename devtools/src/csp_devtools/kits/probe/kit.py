"""A small service built on the service kit (pagination, unit of work, clock, metadata,
shared migrations), for testing the kit's parts together over HTTP and a real database."""

import uuid
from datetime import date, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Depends, Header
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from pydantic_settings import SettingsConfigDict
from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Date,
    Float,
    Integer,
    String,
    Uuid,
    select,
)
from sqlmodel import Field as SQLField
from sqlmodel import SQLModel

from csp_common import clock
from csp_common.app import ServiceDefinition, create_app
from csp_common.auth import Caller, require_scopes
from csp_common.db import RowsInsert
from csp_common.dependencies import settings_dependency
from csp_common.errors import Problem
from csp_common.events import Code, EventPayload, Topic
from csp_common.metadata import service_registry
from csp_common.migrations import ServiceMigrations
from csp_common.pagination import (
    Keyset,
    Page,
    PageRequest,
    signed_sort_params,
    sort_and_order_params,
)
from csp_common.settings import ServiceSettings
from csp_common.tables import UtcDateTime
from csp_common.unit_of_work import UnitOfWork, Work

SERVICE = "kit-probe"
KIT_TOPIC = Topic(name="csp.kit", owner=SERVICE)
MIGRATIONS = ServiceMigrations(
    service=SERVICE,
    models="csp_devtools.kits.probe.kit",
    versions=Path(__file__).parent / "kit_migrations",
)


class KitSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="KIT_", env_file=".env", extra="ignore")
    service_name: str = SERVICE


class KitTable(SQLModel, registry=service_registry(SERVICE)):
    pass


class Entry(KitTable, table=True):
    """One sortable thing, with a column of every kind a cursor carries."""

    __tablename__ = "entry"
    id: uuid.UUID = SQLField(sa_column=Column(Uuid, primary_key=True))
    label: str = SQLField(sa_column=Column(String(40), nullable=False))
    happened_at: datetime = SQLField(sa_column=Column(UtcDateTime(), nullable=False))
    day: date = SQLField(sa_column=Column(Date, nullable=False))
    score: int = SQLField(sa_column=Column(Integer, nullable=False))
    weight: float = SQLField(sa_column=Column(Float, nullable=False))
    big: int = SQLField(sa_column=Column(BigInteger, nullable=False))


class Fact(KitTable, table=True):
    """A read-model-like row keyed by a natural id, written with upserts."""

    __tablename__ = "fact"
    key: str = SQLField(sa_column=Column(String(36), primary_key=True))
    value: int = SQLField(sa_column=Column(Integer, nullable=False))
    event_time: datetime = SQLField(sa_column=Column(UtcDateTime(), nullable=False))


class Claim(KitTable, table=True):
    """An idempotency key and the answer first given to it."""

    __tablename__ = "claim"
    key: str = SQLField(sa_column=Column(String(100), primary_key=True))
    digest: str = SQLField(sa_column=Column(String(64), nullable=False))
    answer: dict[str, Any] = SQLField(sa_column=Column(JSON, nullable=False))


entry_table = Entry.__table__  # type: ignore[attr-defined]
fact_table = Fact.__table__  # type: ignore[attr-defined]
claim_table = Claim.__table__  # type: ignore[attr-defined]


class EntryRecorded(EventPayload):
    type = "csp.kit.entry_recorded.v1"
    topic = KIT_TOPIC
    entry_id: uuid.UUID
    label: Code


ENTRIES = Keyset(
    sorts={
        "happened_at": entry_table.c.happened_at,
        "day": entry_table.c.day,
        "score": entry_table.c.score,
        "weight": entry_table.c.weight,
        "big": entry_table.c.big,
        "label": entry_table.c.label,
    },
    id_column=entry_table.c.id,
)
FACTS = Keyset(sorts={"event_time": fact_table.c.event_time}, id_column=fact_table.c.key)
EntryPages = Annotated[PageRequest, Depends(sort_and_order_params(ENTRIES, default="day"))]
SignedEntryPages = Annotated[
    PageRequest, Depends(signed_sort_params(ENTRIES, default="-happened_at", max_limit=500))
]
Settings = Annotated[KitSettings, Depends(settings_dependency(KitSettings))]
Writer = Annotated[Caller, require_scopes("kit:write")]


class EntryIn(BaseModel):
    label: str = Field(pattern=r"^[a-z0-9-]{1,40}$")
    score: int = Field(default=0, ge=0, le=100)
    then: Literal["answer", "refuse", "collide"] = "answer"


class EntryOut(BaseModel):
    id: uuid.UUID
    label: str
    score: int


def entry_row(body: EntryIn, *, entry_id: uuid.UUID | None = None) -> dict[str, Any]:
    now = clock.now()
    return {
        "id": entry_id or uuid.uuid4(),
        "label": body.label,
        "happened_at": now,
        "day": now.date(),
        "score": body.score,
        "weight": body.score / 2,
        "big": body.score * 10**12,
    }


def entry_out(row: Any) -> EntryOut:
    return EntryOut(id=row.id, label=row.label, score=row.score)


router = APIRouter(prefix="/v1/entries")


@router.post("", status_code=201)
async def create_entry(
    work: UnitOfWork, caller: Writer, body: Annotated[EntryIn, Body()]
) -> EntryOut:
    """Writes the entry, its event and an audit row; `then` decides how it ends."""
    row = entry_row(body)
    work.add(RowsInsert(entry_table, [row]))
    work.emit(EntryRecorded(entry_id=row["id"], label=body.label), key=str(row["id"]))
    work.audit(action="create", record_type="entry", record_ids=[str(row["id"])])
    if body.then == "refuse":
        raise Problem(422, "Refused", "The probe refuses it after writing.", type="validation")
    if body.then == "collide":  # a second row with the same id: the commit meets the key
        work.add(RowsInsert(entry_table, [row]))
    return entry_out(SimpleNamespace(**row))


@router.get("")
async def list_entries(work: UnitOfWork, caller: Writer, pages: EntryPages) -> Page[EntryOut]:
    rows = (await work.session.execute(ENTRIES.select(select(entry_table), pages))).all()
    page = ENTRIES.page(rows, pages, entry_out)
    work.audit(action="list", record_type="entry", record_ids=[str(e.id) for e in page.items])
    return page


@router.get("/signed")
async def list_entries_signed(
    work: UnitOfWork, caller: Writer, pages: SignedEntryPages
) -> Page[EntryOut]:
    rows = (await work.session.execute(ENTRIES.select(select(entry_table), pages))).all()
    return ENTRIES.page(rows, pages, entry_out)


@router.get("/settings")
async def read_settings(settings: Settings, caller: Writer) -> dict[str, str]:
    return {"service_name": settings.service_name}


@router.post("/idempotent", status_code=201)
async def create_idempotently(
    work: UnitOfWork,
    caller: Writer,
    body: Annotated[EntryIn, Body()],
    key: Annotated[str, Header(alias="Idempotency-Key", min_length=1, max_length=100)],
) -> JSONResponse:
    """The intake pattern: the entry, its event, its audit row and the key's claim with
    the answer, in one statement; a retry or a twin replays the first answer."""
    digest = body.model_dump_json()[:64]

    async def once(work: Work) -> dict[str, Any]:
        row = entry_row(body)
        answer = entry_out(SimpleNamespace(**row)).model_dump(mode="json")
        work.add(RowsInsert(entry_table, [row]))
        work.emit(EntryRecorded(entry_id=row["id"], label=body.label), key=str(row["id"]))
        work.audit(action="create", record_type="entry", record_ids=[str(row["id"])])
        work.claim(
            RowsInsert(
                claim_table,
                [{"key": key, "digest": digest, "answer": answer}],
                ignore_conflicts=True,
                returning=("key",),
            )
        )
        return answer

    async def earlier(work: Work, conflict: Exception) -> dict[str, Any] | None:
        stored = (
            await work.session.execute(select(claim_table).where(claim_table.c.key == key))
        ).first()
        if stored is None:
            return None
        if stored.digest != digest:
            raise Problem(409, "Idempotency-Key reused", "Another body.", type="key-reused")
        return {"replayed": True, **stored.answer}

    answer = await work.retry(once, on_conflict=earlier)
    replayed = answer.pop("replayed", False)
    return JSONResponse(answer, status_code=200 if replayed else 201)


def create_kit_app(settings: KitSettings):  # type: ignore[no-untyped-def]
    return create_app(
        ServiceDefinition(
            settings=settings,
            title="Kit probe",
            description="A test service built on the service kit",
            routers=[router],
            migrations=MIGRATIONS,
        )
    )

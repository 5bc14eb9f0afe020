"""A tiny service built on the shared package, for testing the package on its own."""

import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Literal

from fastapi import APIRouter, Body
from pydantic import BaseModel, Field
from pydantic_settings import SettingsConfigDict
from sqlalchemy import Column, Integer, String, insert, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import Field as SQLField
from sqlmodel import SQLModel

from csp_common.app import ServiceDefinition, create_app
from csp_common.audit import AuditTrail
from csp_common.auth import Caller, require_scopes
from csp_common.consumer import ConsumerSpec
from csp_common.db import DbSession
from csp_common.errors import not_found
from csp_common.events import Code, EventPayload, ReceivedEvent, Topic
from csp_common.outbox import add_event
from csp_common.settings import ServiceSettings

MIGRATIONS = Path(__file__).parent / "migrations"
"""The probe's own migrations folder (an env.py of its own)."""

PROBE_TOPIC = Topic(name="csp.probe", owner="probe")


class ProbeSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="PROBE_", env_file=".env", extra="ignore")
    service_name: str = "probe"


class ProbeItem(SQLModel, table=True):
    __tablename__ = "probe_item"
    id: str = SQLField(sa_column=Column(String(36), primary_key=True))
    area: str = SQLField(sa_column=Column(String(50), nullable=False))


class ProbeApplied(SQLModel, table=True):
    """What the probe consumer applied: one row per effect, so duplicates would show."""

    __tablename__ = "probe_applied"
    id: int | None = SQLField(default=None, sa_column=Column(Integer, primary_key=True))
    item_id: str = SQLField(sa_column=Column(String(36), nullable=False))
    sequence: int = SQLField(sa_column=Column(Integer, nullable=False))


class ItemCreated(EventPayload):
    type = "csp.probe.item_created.v1"
    topic = PROBE_TOPIC
    item_id: uuid.UUID
    area: Code
    sequence: int = 0
    outcome: Literal["ok", "fail"] = "ok"


class ItemIn(BaseModel):
    area: str = Field(min_length=1, max_length=50, pattern=r"^[a-z-]+$")
    copies: int = Field(default=1, ge=1, le=100)


router = APIRouter(prefix="/v1/items")


@router.post("", status_code=201)
async def create_item(
    session: DbSession,
    caller: Annotated[Caller, require_scopes("probe:write")],
    item: Annotated[ItemIn, Body()],
) -> dict[str, str]:
    item_id = uuid.uuid4()
    await session.execute(insert(ProbeItem.__table__), {"id": str(item_id), "area": item.area})
    for sequence in range(item.copies):
        await add_event(
            session,
            ItemCreated(item_id=item_id, area=item.area, sequence=sequence),
            key=str(item_id),
        )
    await session.commit()
    return {"id": str(item_id)}


@router.get("/{item_id}")
async def read_item(
    item_id: uuid.UUID,
    session: DbSession,
    caller: Annotated[Caller, require_scopes("probe:read")],
    audit: AuditTrail,
) -> dict[str, str]:
    row = (
        await session.execute(select(ProbeItem.__table__).where(ProbeItem.id == str(item_id)))
    ).first()
    if row is None:
        raise not_found("item")
    await audit.record(action="read", record_type="probe_item", record_ids=[row.id])
    await session.commit()
    return {"id": row.id, "area": row.area}


async def apply_items(session: AsyncSession, events: Sequence[ReceivedEvent]) -> None:
    rows = []
    for event in events:
        payload = event.payload
        assert isinstance(payload, ItemCreated)
        if payload.outcome == "fail":
            raise RuntimeError("the probe refuses this event")
        rows.append({"item_id": str(payload.item_id), "sequence": payload.sequence})
    await session.execute(insert(ProbeApplied.__table__), rows)


def definition(settings: ProbeSettings, *, consume: bool = False) -> ServiceDefinition:
    consumer = ConsumerSpec(name="probe-applier", topics=(PROBE_TOPIC,), handler=apply_items)
    return ServiceDefinition(
        settings=settings,
        title="Probe",
        description="A test service",
        routers=[router],
        migrations=MIGRATIONS,
        consumers=[consumer] if consume else [],
    )


def create_probe_app(settings: ProbeSettings, *, consume: bool = False):  # type: ignore[no-untyped-def]
    return create_app(definition(settings, consume=consume))

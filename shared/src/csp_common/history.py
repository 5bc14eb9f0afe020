"""A person's history as a service answers it to another (marac's and referral-hub's
`/v1/persons/{id}/history`, read by dhr-tracker's chronology): the entries before a date,
in the contract's order."""

import uuid
from collections.abc import Iterable
from datetime import date, datetime
from typing import Annotated, Literal, Protocol, TypeVar

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

HistoryCode = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$")]
HistoryDetailValue = (
    Annotated[str, StringConstraints(max_length=100)] | int | float | bool | date | None
)


class HistoryEntryRead(BaseModel):
    """One entry of a person's history as another service answered it (codes, numbers
    and dates; the other person is named by role only), read by its asker: dhr-tracker's
    chronology and referral-hub's subject access bundle. Each asker adds `source`, the
    services it asks."""

    model_config = ConfigDict(extra="ignore")
    occurred_on: date
    occurred_at: datetime | None = None
    kind: HistoryCode
    agency: HistoryCode | None = None
    record_id: uuid.UUID
    role: Literal["victim", "perpetrator"] | None = None
    detail: dict[HistoryCode, HistoryDetailValue] = Field(default_factory=dict, max_length=50)


class Entry(Protocol):
    @property
    def occurred_on(self) -> date: ...
    @property
    def occurred_at(self) -> datetime | None: ...
    @property
    def kind(self) -> str: ...
    @property
    def record_id(self) -> uuid.UUID: ...


E = TypeVar("E", bound=Entry)


def chronology(entries: Iterable[E], *, before: date | None) -> list[E]:
    """The entries strictly before `before` (all without it), in the contract's order:
    occurred_on, occurred_at (an entry without a time first), kind, record_id."""
    kept = [e for e in entries if before is None or e.occurred_on < before]
    return sorted(
        kept,
        key=lambda e: (
            e.occurred_on,
            e.occurred_at is not None,
            e.occurred_at or e.occurred_on,
            e.kind,
            str(e.record_id),
        ),
    )

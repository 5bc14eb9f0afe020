"""A person's history as a service answers it to another (marac's and referral-hub's
`/v1/persons/{id}/history`, read by dhr-tracker's chronology): the entries before a date,
in the contract's order."""

import uuid
from collections.abc import Iterable
from datetime import date, datetime
from typing import Protocol, TypeVar


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

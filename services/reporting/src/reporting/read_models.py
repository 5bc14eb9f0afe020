"""Read models stored twice, in slots `a` and `b`, so a rebuild can fill one slot from
offset zero while the other keeps serving; the swap is one row update.

Every read model is a table of facts keyed by the natural id of what happened (a
referral, a hearing of a case at a meeting, a route reaching a status). A row is
written with an upsert guarded by the event's time: applying an event twice, or an
older event after a newer one about the same thing, changes nothing. So the models
are idempotent on their own, whatever the order in which a rebuild and the live
consumer write them.

Figures are computed at query time from the facts (GROUP BY over indexed dates):
small-number protection reads the records of whole financial years in their month and
area cells, which pre-aggregated counters would have to anticipate.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from operator import itemgetter
from typing import Literal, NamedTuple

from sqlalchemy import (
    CheckConstraint,
    Column,
    Index,
    Integer,
    String,
    Table,
    select,
    text,
)
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlalchemy.sql.dml import Insert
from sqlmodel import Field

from csp_common.tables import UtcDateTime, utc_timestamp
from csp_common.upsert import upsert
from reporting.tables import METADATA, ReportingTable

Slot = Literal["a", "b"]
SLOTS: tuple[Slot, ...] = ("a", "b")

Row = dict[str, object]

STATE_ID = 1


class ReadModelState(ReportingTable, table=True):
    """One row: the slot queries read, and the slot a running rebuild fills (if any)."""

    __tablename__ = "read_model_state"
    __table_args__ = (
        CheckConstraint("live_slot IN ('a', 'b')", name="ck_read_model_state_live"),
        CheckConstraint(
            "building_slot IS NULL OR (building_slot IN ('a', 'b') AND building_slot <> live_slot)",
            name="ck_read_model_state_building",
        ),
    )

    id: int = Field(sa_column=Column(Integer, primary_key=True, autoincrement=False))
    live_slot: str = Field(sa_column=Column(String(1), nullable=False))
    building_slot: str | None = Field(default=None, sa_column=Column(String(1), nullable=True))
    generation: int = Field(sa_column=Column(Integer, nullable=False))
    swapped_at: datetime | None = Field(default=None, sa_column=utc_timestamp(nullable=True))


read_model_state_table = ReadModelState.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class SlotState:
    live: Slot
    building: Slot | None
    generation: int

    @property
    def writing(self) -> list[Slot]:
        """Where the live consumer writes: the live slot, and the one being rebuilt."""
        return [self.live] if self.building is None else [self.live, self.building]

    @property
    def spare(self) -> Slot:
        return next(s for s in SLOTS if s != self.live)


async def read_slots(
    session: AsyncSession | AsyncConnection, *, lock: bool = False, exclusive: bool = False
) -> SlotState:
    """The slot state. `lock` holds it (FOR SHARE) until the transaction ends, so a swap
    waits for a batch being applied and a batch after a swap sees the new state;
    `exclusive` (FOR UPDATE) is for changing it."""
    state = read_model_state_table
    statement = select(state.c.live_slot, state.c.building_slot, state.c.generation).where(
        state.c.id == STATE_ID
    )
    if (lock or exclusive) and session.get_bind().dialect.name == "postgresql":
        statement = statement.with_for_update(read=not exclusive)
    row = (await session.execute(statement)).one()
    return SlotState(live=row.live_slot, building=row.building_slot, generation=row.generation)


async def live_slot(session: AsyncSession) -> Slot:
    return (await read_slots(session)).live


class ReadModel:
    """One read model: a table definition, created once per slot."""

    all: list["ReadModel"] = []

    def __init__(
        self,
        name: str,
        columns: Callable[[], list[Column]],
        *,
        indexes: Sequence[Sequence[str]] = (),
        description: str = "",
    ) -> None:
        self.name = name
        self.description = description
        self.tables: dict[Slot, Table] = {}
        for slot in SLOTS:
            cols = [*columns(), Column("event_time", UtcDateTime(), nullable=False)]
            table = Table(f"{name}_{slot}", METADATA, *cols, comment=description or None)
            for index_columns in indexes:
                Index(f"ix_{name}_{slot}_{'_'.join(index_columns)}", *index_columns, _table=table)
            self.tables[slot] = table
        self.key = tuple(c.name for c in self.tables["a"].primary_key.columns)
        self._upserts: dict[tuple[Slot, str], Insert] = {}
        ReadModel.all.append(self)

    def table(self, slot: Slot) -> Table:
        return self.tables[slot]

    def upsert(self, slot: Slot, dialect: str) -> Insert:
        """INSERT ... ON CONFLICT (key) DO UPDATE ... WHERE the stored row is not newer."""
        cached = self._upserts.get((slot, dialect))
        if cached is not None:
            return cached
        table = self.tables[slot]
        statement = upsert(
            dialect,
            table,
            key=self.key,
            where=lambda new: table.c.event_time <= new.event_time,
        )
        self._upserts[(slot, dialect)] = statement
        return statement

    def __repr__(self) -> str:
        return f"ReadModel({self.name!r})"


class Fact(NamedTuple):
    """One row an event contributes to one read model."""

    model: ReadModel
    row: Row


def latest_per_key(facts: Iterable[Fact]) -> dict[ReadModel, list[Row]]:
    """Rows per model, one per key, the newest (by event time; later wins a tie).

    PostgreSQL refuses an upsert that touches the same row twice in one statement.
    """
    by_model: dict[ReadModel, dict[tuple, Row]] = {}
    keys: dict[ReadModel, Callable[[Row], tuple]] = {}
    for model, row in facts:
        rows = by_model.get(model)
        if rows is None:
            rows = by_model[model] = {}
            keys[model] = _key_of(model.key)
        key = keys[model](row)
        kept = rows.get(key)
        if kept is None or kept["event_time"] <= row["event_time"]:
            rows[key] = row
    return {model: list(rows.values()) for model, rows in by_model.items()}


def _key_of(columns: tuple[str, ...]) -> Callable[[Row], tuple]:
    """The row's key as a tuple (itemgetter gives a bare value for one column)."""
    if len(columns) == 1:
        (column,) = columns
        return lambda row: (row[column],)
    return itemgetter(*columns)


async def write_facts(
    session: AsyncSession, facts: Iterable[Fact], slots: Sequence[Slot], *, bulk: bool = False
) -> int:
    """Upsert the facts into the read models of each slot. Never commits.

    `bulk` (a rebuild's large batches, on PostgreSQL): COPY the rows into a temporary
    table and upsert from it in one statement per model, several times faster than
    many-row INSERTs for thousands of rows."""
    dialect = session.get_bind().dialect.name
    grouped = latest_per_key(facts)
    if bulk and dialect == "postgresql":
        return await _copy_upsert(session, grouped, slots)
    written = 0
    # Tables in name order and rows in key order: a rebuild and the live consumer writing
    # the same slot lock rows in the same order, so they cannot deadlock.
    for model in sorted(grouped, key=lambda m: m.name):
        rows = sorted(grouped[model], key=lambda row: tuple(row[k] for k in model.key))
        for slot in slots:
            await session.execute(model.upsert(slot, dialect), rows)
        written += len(rows)
    return written


async def _copy_upsert(
    session: AsyncSession, grouped: dict[ReadModel, list[Row]], slots: Sequence[Slot]
) -> int:
    # Through the session first: it opens the transaction the raw statements join (the
    # staging tables empty themselves at its commit). A rebuild that dies is started
    # again, so it need not wait for each commit to be flushed.
    await session.execute(text("SET LOCAL synchronous_commit TO OFF"))
    connection = await session.connection()
    raw = (await connection.get_raw_connection()).driver_connection
    assert raw is not None
    models = sorted(grouped, key=lambda m: m.name)
    tables = [(model, model.table(slot)) for model in models for slot in slots]
    # One round trip to prepare, one COPY per table, one round trip to upsert them all.
    await raw.execute(
        "\n".join(
            f'CREATE TEMP TABLE IF NOT EXISTS "staging_{table.name}" '
            f'(LIKE "{table.name}" INCLUDING DEFAULTS) ON COMMIT DELETE ROWS;'
            for _, table in tables
        )
    )
    upserts = []
    for model, table in tables:
        columns = [c.name for c in table.columns]
        values = itemgetter(*columns)
        await raw.copy_records_to_table(
            f"staging_{table.name}",
            records=[values(row) for row in grouped[model]],
            columns=columns,
        )
        upserts.append(_upsert_from(table.name, f"staging_{table.name}", columns, model.key))
    await raw.execute(";\n".join(upserts))
    return sum(len(rows) for rows in grouped.values())


def _upsert_from(table: str, staging: str, columns: list[str], key: tuple[str, ...]) -> str:
    """Rows in key order, so two writers of a slot lock them in the same order."""
    names = ", ".join(f'"{c}"' for c in columns)
    keys = ", ".join(f'"{k}"' for k in key)
    updates = ", ".join(f'"{c}" = excluded."{c}"' for c in columns if c not in key)
    # Names from the read models' own metadata, never from input.
    return (
        f'INSERT INTO "{table}" ({names}) SELECT {names} FROM "{staging}" ORDER BY {keys} '  # noqa: S608
        f"ON CONFLICT ({keys}) DO UPDATE SET {updates} "
        f'WHERE "{table}".event_time <= excluded.event_time'
    )

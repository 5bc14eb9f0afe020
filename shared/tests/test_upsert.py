"""INSERT ... ON CONFLICT on both dialects, from a session, a connection or a name."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.dialects import mysql, postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from csp_common.upsert import dialect_insert, dialect_name, insert_ignoring, upsert
from csp_devtools.kits.probe.kit import fact_table

T0 = datetime(2024, 3, 1, 9, tzinfo=UTC)


async def _facts(session: AsyncSession) -> dict[str, tuple[int, datetime]]:
    rows = (await session.execute(select(fact_table))).all()
    return {r.key: (r.value, r.event_time.replace(tzinfo=UTC)) for r in rows}


async def test_insert_ignoring_leaves_existing_rows_and_returns_the_new(
    kit_any_session: AsyncSession,
) -> None:
    session = kit_any_session
    await session.execute(
        insert_ignoring(session, fact_table), [{"key": "a", "value": 1, "event_time": T0}]
    )
    statement = insert_ignoring(session, fact_table).returning(fact_table.c.key)
    offered = [
        {"key": "a", "value": 2, "event_time": T0},
        {"key": "b", "value": 3, "event_time": T0},
    ]
    inserted = (await session.execute(statement, offered)).scalars().all()
    assert inserted == ["b"]
    assert await _facts(session) == {"a": (1, T0), "b": (3, T0)}


async def test_upsert_updates_every_other_column_unless_the_stored_row_is_newer(
    kit_any_session: AsyncSession,
) -> None:
    session = kit_any_session
    later = T0 + timedelta(hours=1)
    newest_wins = upsert(
        session,
        fact_table,
        key=["key"],
        where=lambda offered: fact_table.c.event_time <= offered.event_time,
    )
    await session.execute(newest_wins, [{"key": "a", "value": 1, "event_time": later}])
    await session.execute(newest_wins, [{"key": "a", "value": 0, "event_time": T0}])  # older
    assert await _facts(session) == {"a": (1, later)}
    await session.execute(newest_wins, [{"key": "a", "value": 2, "event_time": later}])  # tie
    assert await _facts(session) == {"a": (2, later)}
    plain = upsert(session.bind, fact_table, key=["key"])
    await session.execute(plain, [{"key": "a", "value": 3, "event_time": T0}])
    assert await _facts(session) == {"a": (3, T0)}


async def test_upsert_with_values_sets_only_them(kit_any_session: AsyncSession) -> None:
    session = kit_any_session
    values = {"value": 7}
    statement = upsert(session, fact_table, key=["key"], values=values).values(
        key="a", value=7, event_time=T0
    )
    await session.execute(statement)
    later = T0 + timedelta(days=1)
    again = upsert(session, fact_table, key=["key"], values=values).values(
        key="a", value=9, event_time=later
    )
    await session.execute(again)
    assert await _facts(session) == {"a": (7, T0)}


async def test_every_kind_of_target_names_its_dialect(kit_any_session: AsyncSession) -> None:
    session = kit_any_session
    name = session.get_bind().dialect.name
    connection = await session.connection()
    for target in (session, connection, session.bind, connection.dialect, name):
        assert dialect_name(target) == name  # type: ignore[arg-type]
    expected = postgresql.Insert if name == "postgresql" else sqlite.Insert
    assert type(dialect_insert(connection, fact_table)) is expected


def test_a_dialect_without_on_conflict_is_refused_and_keys_are_checked() -> None:
    with pytest.raises(ValueError, match="mysql"):
        dialect_insert(mysql.dialect(), fact_table)
    with pytest.raises(ValueError, match="no columns"):
        upsert("postgresql", fact_table, key=["nothing"])
    sql = str(upsert("postgresql", fact_table, key=["key"]).compile(dialect=postgresql.dialect()))
    assert "ON CONFLICT (key) DO UPDATE SET value = excluded.value" in sql

import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from csp_common.db import RowsInsert, create_engine, create_session_factory, execute_together
from csp_common.migrations import upgrade
from csp_common.tables import outbox_table
from csp_devtools.kits.probe.probe import MIGRATIONS, ProbeApplied, ProbeItem, ProbeSettings

items = ProbeItem.__table__
applied = ProbeApplied.__table__


@pytest.mark.parametrize("backend", ["postgresql", "sqlite"])
async def test_execute_together_writes_every_insert_and_returns_the_last(
    backend: str, tmp_path: Path, probe_settings_factory: Callable[..., ProbeSettings]
) -> None:
    overrides = (
        {} if backend == "postgresql" else {"database_url": f"sqlite+aiosqlite:///{tmp_path}/t.db"}
    )
    engine = create_engine(probe_settings_factory(**overrides))
    await upgrade(engine, MIGRATIONS)
    item_id, existing_id = str(uuid.uuid4()), str(uuid.uuid4())
    factory = create_session_factory(engine)
    async with factory() as session:
        await execute_together(
            session, [RowsInsert(items, [{"id": existing_id, "area": "ryedale"}])]
        )
        await session.commit()

    def claim(claimed: str) -> RowsInsert:
        return RowsInsert(
            items, [{"id": claimed, "area": "selby"}], ignore_conflicts=True, returning=("id",)
        )

    event = {
        "topic": "csp.probe",
        "key": item_id,
        "event_id": str(uuid.uuid4()),
        "event_type": "csp.probe.item_created.v1",
        "source": "/csp/probe",
        "time": datetime.now(UTC),
        "data": b'{"binary": "\\u00e9\\\\"}',
    }
    async with factory() as session:
        returned = await execute_together(
            session,
            [
                RowsInsert(applied, [{"item_id": item_id, "sequence": n} for n in (1, 2)]),
                None,
                RowsInsert(applied, []),
                RowsInsert(outbox_table, [event]),
                claim(item_id),
            ],
        )
        assert [tuple(r) for r in returned] == [(item_id,)]
        count = await session.scalar(
            select(func.count()).select_from(applied).where(applied.c.item_id == item_id)
        )
        assert count == 2
        stored = await session.scalar(
            select(outbox_table.c.data).where(outbox_table.c.key == item_id)
        )
        assert stored == event["data"]
        conflicting = await execute_together(
            session,
            [RowsInsert(applied, [{"item_id": item_id, "sequence": 3}]), claim(existing_id)],
        )
        assert conflicting == []  # the claim met a committed row: nothing returned
        await session.rollback()
    await engine.dispose()


def test_unknown_columns_are_refused() -> None:
    from csp_common.db import _together_sql

    with pytest.raises(ValueError, match="no columns"):
        _together_sql(((items, ("id", 'area"; DROP TABLE x; --'), False, ()),))


async def test_a_rollback_undoes_statements_sent_straight_to_asyncpg_first_in_a_session(
    probe_settings_factory: Callable[..., ProbeSettings],
) -> None:
    """SQLAlchemy begins its transaction lazily, with the first statement it runs itself;
    one sent to asyncpg before that ran in autocommit and no rollback could undo it (an
    intake whose Idempotency-Key claim lost to a twin kept its referral: a duplicate)."""
    engine = create_engine(probe_settings_factory())
    await upgrade(engine, MIGRATIONS)
    factory = create_session_factory(engine)
    item_id = str(uuid.uuid4())
    async with factory() as session:
        await execute_together(session, [RowsInsert(items, [{"id": item_id, "area": "selby"}])])
        await session.rollback()
    async with factory() as session:
        kept = await session.scalar(
            select(func.count()).select_from(items).where(items.c.id == item_id)
        )
    await engine.dispose()
    assert kept == 0

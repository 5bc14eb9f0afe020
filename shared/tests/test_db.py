import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select
from sqlalchemy.dialects import postgresql, sqlite

from csp_common.db import create_engine, create_session_factory, execute_together
from csp_common.migrations import upgrade
from support.probe import ProbeApplied, ProbeItem, ProbeSettings

MIGRATIONS = Path(__file__).parent / "support" / "migrations"
items = ProbeItem.__table__
applied = ProbeApplied.__table__


@pytest.mark.parametrize("backend", ["postgresql", "sqlite"])
async def test_execute_together_writes_every_statement_and_returns_the_last(
    backend: str, tmp_path: Path, probe_settings_factory: Callable[..., ProbeSettings]
) -> None:
    overrides = (
        {}
        if backend == "postgresql"
        else {"database_url": f"sqlite+aiosqlite:///{tmp_path}/together.db"}
    )
    engine = create_engine(probe_settings_factory(**overrides))
    await upgrade(engine, MIGRATIONS)
    dialect_insert = postgresql.insert if backend == "postgresql" else sqlite.insert
    item_id, existing_id = str(uuid.uuid4()), str(uuid.uuid4())
    factory = create_session_factory(engine)
    async with factory() as session:
        await session.execute(insert(items).values(id=existing_id, area="ryedale"))
        await session.commit()

    def claim(claimed: str):  # type: ignore[no-untyped-def]
        return (
            dialect_insert(items)
            .values([{"id": claimed, "area": "selby"}])
            .on_conflict_do_nothing()
            .returning(items.c.id)
        )

    async with factory() as session:
        returned = await execute_together(
            session,
            [
                insert(applied).values(
                    [{"item_id": item_id, "sequence": 1}, {"item_id": item_id, "sequence": 2}]
                ),
                claim(item_id),
            ],
        )
        assert [tuple(r) for r in returned] == [(item_id,)]
        count = await session.scalar(
            select(func.count()).select_from(applied).where(applied.c.item_id == item_id)
        )
        assert count == 2
        conflicting = await execute_together(
            session,
            [insert(applied).values([{"item_id": item_id, "sequence": 3}]), claim(existing_id)],
        )
        assert conflicting == []  # the claim met a committed row: nothing returned
        await session.rollback()
    await engine.dispose()

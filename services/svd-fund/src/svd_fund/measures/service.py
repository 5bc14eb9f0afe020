"""Storing the measures' sources (the import engine's store functions) and reading them
for a year (keyword-only; nothing here commits)."""

import uuid
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.ext.asyncio import AsyncSession

from csp_common.imports import IMPORTED, SKIPPED, ImportContext, Outcome, ValidRow, refused
from csp_common.partnership import load_partnership
from csp_common.upsert import insert_ignoring
from svd_fund.measures.models import comparator_table, crime_table, population_table, weight_table
from svd_fund.measures.rules import Cell
from svd_fund.measures.schemas import ComparatorRow, CrimeRow, PopulationRow, WeightRow


async def _insert_new(
    session: AsyncSession,
    table: Table,
    key: Sequence[str],
    values: list[dict[str, Any] | None],
) -> list[Outcome | None]:
    """Insert the rows not already there; IMPORTED for each inserted, SKIPPED for each
    whose key was there (a file sent again), None where `values` has None."""
    wanted = [row for row in values if row is not None]
    inserted: set[tuple[Any, ...]] = set()
    if wanted:
        statement = (
            insert_ignoring(session, table).values(wanted).returning(*(table.c[k] for k in key))
        )
        inserted = {tuple(row) for row in (await session.execute(statement)).all()}
    outcomes: list[Outcome | None] = []
    for row in values:
        if row is None:
            outcomes.append(None)
            continue
        cell = tuple(row[k] for k in key)
        outcomes.append(IMPORTED if cell in inserted else SKIPPED)
        inserted.discard(cell)  # the same key again in the file is skipped
    return outcomes


def _area_fault(area: str) -> Outcome | None:
    if load_partnership().area(area) is None:
        return refused("#/area", "That is not an area of the partnership.", "unknown_area")
    return None


def _merge(faults: list[Outcome | None], stored: list[Outcome | None]) -> list[Outcome]:
    return [fault or outcome for fault, outcome in zip(faults, stored, strict=True)]  # type: ignore[misc]


async def store_crime(
    session: AsyncSession, *, rows: Sequence[ValidRow[CrimeRow]], context: ImportContext
) -> list[Outcome]:
    faults = [_area_fault(row.body.area) for row in rows]
    values = [
        None
        if fault
        else {
            "id": uuid.uuid4(),
            "offence_code": row.body.offence_code,
            "area": row.body.area,
            "month": date.fromisoformat(f"{row.body.month}-01"),
            "knife": row.body.knife,
            "domestic_abuse": row.body.domestic_abuse,
            "count": row.body.count,
        }
        for row, fault in zip(rows, faults, strict=True)
    ]
    key = ("offence_code", "area", "month", "knife", "domestic_abuse")
    return _merge(faults, await _insert_new(session, crime_table, key, values))


async def store_population(
    session: AsyncSession, *, rows: Sequence[ValidRow[PopulationRow]], context: ImportContext
) -> list[Outcome]:
    faults = [_area_fault(row.body.area) for row in rows]
    values = [
        None if fault else {"id": uuid.uuid4(), **row.body.model_dump()}
        for row, fault in zip(rows, faults, strict=True)
    ]
    return _merge(faults, await _insert_new(session, population_table, ("area", "year"), values))


async def store_weights(
    session: AsyncSession, *, rows: Sequence[ValidRow[WeightRow]], context: ImportContext
) -> list[Outcome]:
    values: list[dict[str, Any] | None] = [
        {"id": uuid.uuid4(), **row.body.model_dump()} for row in rows
    ]
    return _merge(
        [None] * len(rows),
        await _insert_new(session, weight_table, ("edition", "offence_code"), values),
    )


async def store_comparators(
    session: AsyncSession, *, rows: Sequence[ValidRow[ComparatorRow]], context: ImportContext
) -> list[Outcome]:
    values: list[dict[str, Any] | None] = [
        {"id": uuid.uuid4(), **row.body.model_dump()} for row in rows
    ]
    key = ("measure", "year", "geography")
    return _merge([None] * len(rows), await _insert_new(session, comparator_table, key, values))


async def cells_between(session: AsyncSession, *, start: date, end: date) -> list[Cell]:
    statement = select(
        crime_table.c.offence_code,
        crime_table.c.area,
        crime_table.c.knife,
        crime_table.c.count,
        crime_table.c.domestic_abuse,
    ).where(crime_table.c.month >= start, crime_table.c.month <= end)
    return [Cell(*row) for row in (await session.execute(statement)).all()]


async def populations_of(session: AsyncSession, *, year: int) -> dict[str, int]:
    statement = select(population_table.c.area, population_table.c.population).where(
        population_table.c.year == year
    )
    return dict((await session.execute(statement)).all())


async def weights_of(
    session: AsyncSession, *, edition: str | None
) -> tuple[str, str, dict[str, Decimal]] | None:
    """The edition asked for, or the latest (the greatest edition code), with its source."""
    if edition is None:
        edition = (
            await session.execute(
                select(weight_table.c.edition).order_by(weight_table.c.edition.desc()).limit(1)
            )
        ).scalar()
        if edition is None:
            return None
    rows = (
        await session.execute(
            select(weight_table.c.offence_code, weight_table.c.weight, weight_table.c.source).where(
                weight_table.c.edition == edition
            )
        )
    ).all()
    if not rows:
        return None
    return edition, rows[0].source, {row.offence_code: row.weight for row in rows}


async def comparators_of(session: AsyncSession, *, year: str) -> list[Any]:
    statement = (
        select(comparator_table)
        .where(comparator_table.c.year == year)
        .order_by(comparator_table.c.measure, comparator_table.c.geography)
    )
    return list((await session.execute(statement)).all())

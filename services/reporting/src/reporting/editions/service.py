"""Reading and writing the narrative and the editions (keyword-only; never commits)."""

import uuid
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from csp_common.auth import Caller
from csp_common.db import RowsInsert
from reporting.editions.models import edition_table, narrative_table

FORMATS = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


async def latest_versions(*, session: AsyncSession, period_code: str) -> dict[str, dict]:
    """Each section's newest version for the period."""
    newest = (
        select(narrative_table.c.section, func.max(narrative_table.c.version).label("version"))
        .where(narrative_table.c.period_code == period_code)
        .group_by(narrative_table.c.section)
        .subquery()
    )
    rows = await session.execute(
        select(narrative_table)
        .join(
            newest,
            (narrative_table.c.section == newest.c.section)
            & (narrative_table.c.version == newest.c.version),
        )
        .where(narrative_table.c.period_code == period_code)
        .order_by(narrative_table.c.section)
    )
    return {row["section"]: dict(row) for row in rows.mappings()}


async def section_versions(*, session: AsyncSession, period_code: str, section: str) -> list[dict]:
    rows = await session.execute(
        select(narrative_table)
        .where(narrative_table.c.period_code == period_code, narrative_table.c.section == section)
        .order_by(narrative_table.c.version.desc())
    )
    return [dict(row) for row in rows.mappings()]


async def chosen_versions(
    *, session: AsyncSession, period_code: str, versions: dict[str, int]
) -> dict[str, dict]:
    """The named version of each named section."""
    if not versions:
        return {}
    rows = await session.execute(
        select(narrative_table).where(
            narrative_table.c.period_code == period_code,
            narrative_table.c.section.in_(versions),
        )
    )
    return {
        row["section"]: dict(row)
        for row in rows.mappings()
        if versions.get(row["section"]) == row["version"]
    }


def version_row(
    *, period_code: str, section: str, version: int, text: str, caller: Caller, now: datetime
) -> dict:
    return {
        "id": uuid.uuid4(),
        "period_code": period_code,
        "section": section,
        "version": version,
        "text": text,
        "author": caller.subject,
        "author_agency": caller.agency,
        "written_at": now,
    }


def version_insert(row: dict) -> RowsInsert:
    return RowsInsert(narrative_table, [row])


async def editions(*, session: AsyncSession, period_code: str) -> list[dict]:
    """The period's editions without their bytes, newest first."""
    columns = [c for c in edition_table.c if c.name not in FORMATS]
    rows = await session.execute(
        select(*columns)
        .where(edition_table.c.period_code == period_code)
        .order_by(edition_table.c.edition.desc())
    )
    return [dict(row) for row in rows.mappings()]


async def edition_document(
    *, session: AsyncSession, period_code: str, edition: int, format: str
) -> tuple[dict, bytes] | None:
    columns = [c for c in edition_table.c if c.name not in FORMATS]
    row = (
        (
            await session.execute(
                select(*columns, edition_table.c[format]).where(
                    edition_table.c.period_code == period_code, edition_table.c.edition == edition
                )
            )
        )
        .mappings()
        .first()
    )
    if row is None:
        return None
    meta = {k: v for k, v in row.items() if k != format}
    return meta, row[format]


def edition_row(
    *,
    period_code: str,
    edition: int,
    edition_date: date,
    caller: Caller,
    now: datetime,
    narrative: dict[str, int],
    documents: dict[str, bytes],
) -> dict:
    return {
        "id": uuid.uuid4(),
        "period_code": period_code,
        "edition": edition,
        "edition_date": edition_date,
        "approved_by": caller.subject,
        "approved_agency": caller.agency,
        "approved_at": now,
        "narrative": narrative,
        **{format: documents[format] for format in FORMATS},
    }


def edition_insert(row: dict) -> RowsInsert:
    return RowsInsert(edition_table, [row])

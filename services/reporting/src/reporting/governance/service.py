"""The governance view from the partnership's configuration and the statuses its owners
set (keyword-only; never commits)."""

import uuid
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from csp_common.auth import Caller
from csp_common.committee_configuration import Priority
from csp_common.db import RowsInsert
from csp_common.partnership import Partnership
from reporting.governance.models import status_table
from reporting.governance.rules import STATUS_NAMES


async def statuses(*, session: AsyncSession, priority: str | None = None) -> list[dict]:
    """Statuses newest first, of one priority or all."""
    query = select(status_table).order_by(status_table.c.set_at.desc(), status_table.c.id.desc())
    if priority is not None:
        query = query.where(status_table.c.priority == priority)
    return [dict(row) for row in (await session.execute(query)).mappings()]


def measure_link(path: str, period_code: str) -> str:
    return f"{path}?period={period_code}" if period_code else path


def priority_view(priority: Priority, history: list[dict], period_code: str) -> dict:
    latest = history[0] if history else None
    return {
        "code": priority.code,
        "name": priority.name,
        "owner": priority.owner.model_dump(),
        "objectives": priority.objectives,
        "measures": [
            {"label": m.label, "link": measure_link(m.path, period_code)} for m in priority.measures
        ],
        "status": None if latest is None else status_out(latest),
        "next_steps": latest["next_steps"] if latest else priority.next_steps,
        "history": [status_out(row) for row in history],
    }


def status_out(row: dict) -> dict:
    return {
        "status": row["status"],
        "status_name": STATUS_NAMES[row["status"]],
        "note": row["note"],
        "next_steps": row["next_steps"],
        "set_on": row["set_on"],
        "set_by_agency": row["set_by_agency"],
    }


async def governance(
    *, session: AsyncSession, partnership: Partnership, period_code: str
) -> list[dict]:
    rows = await statuses(session=session)
    by_priority: dict[str, list[dict]] = {}
    for row in rows:
        by_priority.setdefault(row["priority"], []).append(row)
    return [
        priority_view(p, by_priority.get(p.code, []), period_code)
        for p in partnership.committee.priorities
    ]


def status_row(
    *,
    priority: str,
    status: str,
    note: str,
    next_steps: list[str],
    set_on: date,
    caller: Caller,
    now: datetime,
) -> dict:
    return {
        "id": uuid.uuid4(),
        "priority": priority,
        "status": status,
        "note": note,
        "next_steps": next_steps,
        "set_on": set_on,
        "set_by": caller.subject,
        "set_by_agency": caller.agency,
        "set_at": now,
    }


def status_insert(row: dict) -> RowsInsert:
    return RowsInsert(status_table, [row])

"""Actions: created at a meeting, completed by their owner, carried while outstanding."""

import uuid
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from sqlalchemy import Row, and_, exists, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from csp_common import clock
from csp_common.auth import Caller
from csp_common.contracts.marac import ActionCompleted, ActionCreated
from csp_common.errors import not_found
from csp_common.outbox import PendingEvent
from csp_common.pagination import Keyset, Page, PageRequest
from marac.access import RESEARCH, coordinates
from marac.action.models import action_table
from marac.action.schemas import ActionOut
from marac.case.models import case_table
from marac.fields import new_id


def action_out(row: Row) -> ActionOut:
    m = row._mapping
    return ActionOut(
        id=m["id"],
        case_id=m["case_id"],
        meeting_id=m["meeting_id"],
        area=m["marac_area"],
        owner_agency=m["owner_agency"],
        description=m["description"],
        due_on=m["due_on"],
        status=m["status"],
        outcome=m["outcome"],
        completed_on=m["completed_on"],
        carry_reason=m["carry_reason"],
        carried_to_meeting_id=m["carried_to_meeting_id"],
        carried_count=m["carried_count"],
    )


ACTIONS = Keyset(
    sorts={"due_on": action_table.c.due_on, "created_at": action_table.c.created_at},
    id_column=action_table.c.id,
)


async def list_actions(
    session: AsyncSession,
    *,
    area: str | None,
    status: str | None,
    owner_agency: str | None,
    case_id: str | None,
    overdue: bool | None,
    pages: PageRequest,
) -> Page[ActionOut]:
    """The actions of `area` (None: every area); `overdue`: open and past due."""
    statement = select(action_table)
    if area is not None:
        statement = statement.where(action_table.c.marac_area == area)
    if status is not None:
        statement = statement.where(action_table.c.status == status)
    if owner_agency is not None:
        statement = statement.where(action_table.c.owner_agency == owner_agency)
    if case_id is not None:
        statement = statement.where(action_table.c.case_id == case_id)
    if overdue:
        statement = statement.where(
            action_table.c.status == "open", action_table.c.due_on < clock.today()
        )
    rows = (await session.execute(ACTIONS.select(statement, pages))).all()
    return ACTIONS.page(rows, pages, action_out)


async def get_action(session: AsyncSession, *, action_id: str) -> Row | None:
    return (
        await session.execute(select(action_table).where(action_table.c.id == action_id))
    ).first()


async def visible_action(session: AsyncSession, *, caller: Caller, action_id: uuid.UUID) -> Row:
    """The action, for the coordinator of its area or its owner agency; else 404."""
    row = await get_action(session, action_id=str(action_id))
    if row is None:
        raise not_found("action")
    owner = caller.has(RESEARCH) and caller.agency == row.owner_agency
    if not (coordinates(caller, row.marac_area) or owner):
        raise not_found("action")
    return row


async def create_actions(
    session: AsyncSession,
    *,
    meeting_id: str,
    area: str,
    actions: Sequence[tuple[str, str, str, date]],
    time: datetime | None = None,
) -> list[PendingEvent]:
    """`actions` are (case_id, owner_agency, description, due_on)."""
    now = clock.now()
    rows = [
        {
            "id": new_id(),
            "case_id": case_id,
            "meeting_id": meeting_id,
            "marac_area": area,
            "owner_agency": owner,
            "description": description,
            "due_on": due_on,
            "status": "open",
            "carried_count": 0,
            "created_at": now,
        }
        for case_id, owner, description, due_on in actions
    ]
    if rows:
        await session.execute(action_table.insert(), rows)
    return [
        PendingEvent(
            payload=ActionCreated(
                action_id=uuid.UUID(r["id"]),
                case_id=uuid.UUID(r["case_id"]),
                meeting_id=uuid.UUID(meeting_id),
                marac_area=area,
                owner_agency=r["owner_agency"],
                due_on=r["due_on"],
            ),
            key=r["case_id"],
            time=time,
        )
        for r in rows
    ]


def outstanding_for(*, area: str, meeting_id: str, held_on: date):  # type: ignore[no-untyped-def]
    """Open actions of earlier meetings that this meeting reviews: due by its date, or
    carried to it."""
    return select(action_table).where(
        action_table.c.marac_area == area,
        action_table.c.status == "open",
        action_table.c.meeting_id != meeting_id,
        or_(action_table.c.due_on <= held_on, action_table.c.carried_to_meeting_id == meeting_id),
    )


async def outstanding_actions(
    session: AsyncSession, *, area: str, meeting_id: str, held_on: date
) -> list[Row]:
    return list(
        (
            await session.execute(
                outstanding_for(area=area, meeting_id=meeting_id, held_on=held_on)
            )
        ).all()
    )


async def complete_action(
    session: AsyncSession, *, action: Row, outcome: str, on: date
) -> PendingEvent:
    await session.execute(
        update(action_table)
        .where(action_table.c.id == action.id)
        .values(status="done", outcome=outcome, completed_on=on)
    )
    return PendingEvent(
        payload=ActionCompleted(
            action_id=uuid.UUID(action.id),
            case_id=uuid.UUID(action.case_id),
            marac_area=action.marac_area,
            owner_agency=action.owner_agency,
            completed_on=on,
            outcome=outcome,  # type: ignore[arg-type]
        ),
        key=action.case_id,
    )


async def carry_actions(
    session: AsyncSession, *, action_ids: Sequence[str], reason: str, to_meeting_id: str
) -> None:
    if action_ids:
        await session.execute(
            update(action_table)
            .where(action_table.c.id.in_(list(action_ids)))
            .values(
                carry_reason=reason,
                carried_to_meeting_id=to_meeting_id,
                carried_count=action_table.c.carried_count + 1,
            )
        )


async def mark_actions_complete(session: AsyncSession, *, case_ids: Iterable[str]) -> None:
    """Heard cases whose every action is done move to actions_complete."""
    ids = sorted(set(case_ids))
    if not ids:
        return
    open_action = exists().where(
        and_(action_table.c.case_id == case_table.c.id, action_table.c.status == "open")
    )
    any_action = exists().where(action_table.c.case_id == case_table.c.id)
    await session.execute(
        update(case_table)
        .where(case_table.c.id.in_(ids), case_table.c.status == "heard", any_action, ~open_action)
        .values(status="actions_complete", updated_at=clock.now())
    )

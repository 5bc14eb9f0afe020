"""HTTP for learning: the themes of every review's recommendations, with open and
completed counts, and the training plan items that carry them, with their delivery."""

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Body, Query
from sqlalchemy import ColumnElement, false, or_, select, true

from csp_common import clock
from csp_common.auth import Caller
from csp_common.contracts.dhr import TrainingDelivered
from csp_common.db import RowsInsert
from csp_common.errors import not_found
from csp_common.unit_of_work import UnitOfWork
from dhr_tracker.access import MANAGE, READ, Manager, ReviewReader, manages
from dhr_tracker.dependencies import Partnership, Settings, Today
from dhr_tracker.fields import Code
from dhr_tracker.learning import rules
from dhr_tracker.learning.models import item_table, session_table
from dhr_tracker.learning.schemas import (
    SessionIn,
    SessionOut,
    ThemeOut,
    ThemesOut,
    TrainingItemIn,
    TrainingItemOut,
)
from dhr_tracker.problems import Invalid
from dhr_tracker.recommendation.models import recommendation_table
from dhr_tracker.recommendation.service import (
    find_recommendation,
    overdue_condition,
    visible_statement,
)

router = APIRouter(prefix="/v1/learning", tags=["learning"])
ITEM = "training item"


def visible_items(caller: Caller) -> ColumnElement[bool]:
    """A training plan item is its area's CSP team's; a panel member sees the items that
    answer a recommendation they may see."""
    conditions: list[ColumnElement[bool]] = []
    if caller.has(MANAGE):
        conditions.append(item_table.c.area == caller.area if caller.area is not None else true())
    if caller.has(READ):
        visible = visible_statement(caller).subquery()
        conditions.append(item_table.c.recommendation_id.in_(select(visible.c.id)))
    return or_(*conditions) if conditions else false()


async def _items(work: UnitOfWork, *conditions: Any) -> list[TrainingItemOut]:
    items = (
        await work.session.execute(
            select(item_table).where(*conditions).order_by(item_table.c.theme, item_table.c.title)
        )
    ).all()
    ids = [item.id for item in items]
    sessions: dict[uuid.UUID, list[Any]] = {item_id: [] for item_id in ids}
    if ids:
        for row in await work.session.execute(
            select(session_table).where(session_table.c.item_id.in_(ids))
        ):
            sessions[row.item_id].append(row)
    return [rules.item_out(item, sessions[item.id]) for item in items]


@router.get("/themes", summary="Themes across all reviews: recommendations and training")
async def themes(
    work: UnitOfWork, caller: ReviewReader, settings: Settings, today: Today
) -> ThemesOut:
    visible = visible_statement(caller).subquery()
    rows = (await work.session.execute(select(visible))).all()
    overdue = set(
        (
            await work.session.scalars(
                select(recommendation_table.c.id).where(
                    recommendation_table.c.id.in_(select(visible.c.id)), overdue_condition(today)
                )
            )
        ).all()
    )
    items = await _items(work, visible_items(caller))
    work.audit(
        action="list", record_type="recommendation", record_ids=[str(row.id) for row in rows]
    )
    return ThemesOut(
        themes=[
            ThemeOut(
                theme=theme,
                label=label,
                recommendations=rules.count(
                    (row for row in rows if row.theme == theme), overdue=overdue
                ),
                training=[item for item in items if item.theme == theme],
            )
            for theme, label in settings.recommendation_themes.items()
        ]
    )


@router.post("/training-items", status_code=201, summary="Add an item to the training plan")
async def add_item(
    work: UnitOfWork,
    caller: Manager,
    settings: Settings,
    partnership: Partnership,
    body: Annotated[TrainingItemIn, Body()],
) -> TrainingItemOut:
    if partnership.area(body.area) is None:
        raise Invalid("unknown_area", "That is not an area of the partnership.", pointer="/area")
    if caller.area is not None and caller.area != body.area:
        raise not_found("area")
    if body.theme not in settings.recommendation_themes:
        themes = ", ".join(settings.recommendation_themes)
        raise Invalid("unknown_theme", f"theme must be one of: {themes}.", pointer="/theme")
    if body.recommendation_id is not None:
        found = await find_recommendation(
            work.session, recommendation_id=body.recommendation_id, caller=caller
        )
        if found is None or not manages(caller, found.area):
            raise Invalid(
                "unknown_recommendation",
                "No recommendation with that id is yours.",
                pointer="/recommendation_id",
            )
    row = {"id": uuid.uuid4(), **body.model_dump(), "created_at": clock.now()}
    work.add(RowsInsert(item_table, [row]))
    work.audit(action="create", record_type="training_item", record_ids=[str(row["id"])])
    await work.flush()
    return (await _items(work, item_table.c.id == row["id"]))[0]


@router.get("/training-items", summary="The training plan, with what was delivered")
async def list_items(
    work: UnitOfWork,
    caller: ReviewReader,
    theme: Annotated[Code | None, Query()] = None,
) -> list[TrainingItemOut]:
    conditions = [item_table.c.theme == theme] if theme is not None else []
    return await _items(work, visible_items(caller), *conditions)


@router.get("/training-items/{item_id}", summary="One item of the training plan")
async def read_item(work: UnitOfWork, caller: ReviewReader, item_id: uuid.UUID) -> TrainingItemOut:
    found = await _items(work, visible_items(caller), item_table.c.id == item_id)
    if not found:
        raise not_found(ITEM)
    return found[0]


@router.post("/training-items/{item_id}/sessions", status_code=201, summary="A session delivered")
async def deliver(
    work: UnitOfWork,
    caller: Manager,
    partnership: Partnership,
    today: Today,
    item_id: uuid.UUID,
    body: Annotated[SessionIn, Body()],
) -> SessionOut:
    item = (
        await work.session.execute(
            select(item_table).where(item_table.c.id == item_id).with_for_update()
        )
    ).first()
    if item is None or not (caller.area is None or item.area == caller.area):
        raise not_found(ITEM)
    if body.delivered_on > today:
        raise Invalid(
            "future_date", "delivered_on cannot be in the future.", pointer="/delivered_on"
        )
    unknown = [agency for agency in body.attendees if partnership.agency(agency) is None]
    if unknown:
        raise Invalid(
            "unknown_agency",
            "attendees names an agency the partnership does not have.",
            pointer=f"/attendees/{unknown[0]}",
        )
    row = {
        "id": uuid.uuid4(),
        "item_id": item_id,
        "delivered_on": body.delivered_on,
        "attendees": dict(sorted(body.attendees.items())),
        "total": sum(body.attendees.values()),
        "recorded_at": clock.now(),
    }
    work.add(RowsInsert(session_table, [row]))
    work.emit(
        TrainingDelivered(
            training_item_id=item_id,
            session_id=row["id"],
            theme=item.theme,
            delivered_on=body.delivered_on,
            attendees=row["total"],
            agencies=len(body.attendees),
        ),
        key=str(item_id),
    )
    work.audit(action="update", record_type="training_item", record_ids=[str(item_id)])
    return SessionOut(
        id=row["id"], delivered_on=body.delivered_on, attendees=row["attendees"], total=row["total"]
    )

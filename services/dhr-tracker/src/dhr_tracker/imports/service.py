"""Storing imported reviews and recommendations through the same flows as the API, a
row at a time in a savepoint of its own: a row refused after its first writes leaves
nothing, and the rest of the chunk is stored. Idempotent by `source_reference`."""

import uuid
from collections.abc import Sequence
from datetime import date
from typing import Any

from pydantic import ValidationError
from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from csp_common import clock
from csp_common.db import RowsInsert
from csp_common.errors import Problem
from csp_common.imports import IMPORTED, SKIPPED, ImportContext, Outcome, ValidRow, refused
from csp_common.partnership import load_partnership
from csp_common.unit_of_work import Work
from dhr_tracker.imports.schemas import RecommendationRow, ReviewRow
from dhr_tracker.problems import Refused
from dhr_tracker.recommendation.flows import add_recommendation
from dhr_tracker.recommendation.models import action_table, recommendation_table
from dhr_tracker.recommendation.schemas import ActionIn, RecommendationIn
from dhr_tracker.record.models import panel_table, review_table
from dhr_tracker.record.service import managed_reviews
from dhr_tracker.review import flows as review_flows
from dhr_tracker.review.schemas import ReviewIn
from dhr_tracker.settings import DhrSettings


class _Refusal(Exception):
    def __init__(self, outcome: Outcome) -> None:
        super().__init__(outcome)
        self.outcome = outcome


def _refused(exc: Refused | Problem, *, at: str = "") -> Outcome:
    if isinstance(exc, Refused):
        pointer = f"#{at}{exc.pointer or ''}" if (at or exc.pointer) else "#"
        return refused(pointer, exc.detail, code=exc.code)
    return refused(f"#{at}" if at else "#", exc.detail or exc.title, code=exc.type or "invalid")


async def _existing(session: AsyncSession, table: Any, references: list[str]) -> set[str]:
    rows = await session.execute(
        select(table.c.source_reference).where(table.c.source_reference.in_(references))
    )
    return set(rows.scalars())


async def store_reviews(
    session: AsyncSession, *, rows: Sequence[ValidRow[ReviewRow]], context: ImportContext
) -> list[Outcome]:
    settings: DhrSettings = context.settings
    partnership = load_partnership()
    today = clock.today(settings.zone)
    known = await _existing(session, review_table, [r.body.source_reference for r in rows])
    outcomes: list[Outcome] = []
    for valid in rows:
        row = valid.body
        if row.source_reference in known:
            outcomes.append(SKIPPED)
            continue
        try:
            async with session.begin_nested():
                await _store_review(session, row, context, settings, partnership, today)
        except _Refusal as refusal:
            outcomes.append(refusal.outcome)
            continue
        known.add(row.source_reference)
        outcomes.append(IMPORTED)
    return outcomes


async def _store_review(
    session: AsyncSession,
    row: ReviewRow,
    context: ImportContext,
    settings: DhrSettings,
    partnership: Any,
    today: date,
) -> None:
    work = Work(session, caller=context.caller, purpose=context.purpose)
    notification = ReviewIn.model_validate(
        row.model_dump(exclude={"source_reference", "panel_agencies", "moves"})
    )
    try:
        review = await review_flows.notify(
            work,
            settings=settings,
            partnership=partnership,
            caller=context.caller,
            body=notification,
            today=today,
            source_reference=row.source_reference,
        )
    except (Refused, Problem) as exc:
        raise _Refusal(_refused(exc)) from None
    for agency in row.panel_agencies:
        if partnership.agency(agency) is None:
            raise _Refusal(
                refused("#/panel_agencies", "names an agency the partnership does not have.")
            )
    await work.flush()
    for index, move in enumerate(row.moves):
        try:
            await review_flows.move(
                work,
                settings=settings,
                caller=context.caller,
                review_id=review.id,
                body=move,
                today=today,
                historical=True,
            )
        except (Refused, Problem) as exc:
            raise _Refusal(_refused(exc, at=f"/moves/{index}")) from None
        except ValidationError:
            raise _Refusal(refused(f"#/moves/{index}", "is not a move.")) from None
        await work.flush()
    joined_on = next((m.on for m in row.moves if m.chair is not None), row.notified_on)
    work.add(
        RowsInsert(
            panel_table,
            [
                {
                    "id": uuid.uuid4(),
                    "review_id": review.id,
                    "agency": agency,
                    "role": "member",
                    "joined_on": joined_on,
                    "recorded_at": clock.now(),
                }
                for agency in row.panel_agencies
            ],
        )
    )
    await work.flush()


async def store_recommendations(
    session: AsyncSession,
    *,
    rows: Sequence[ValidRow[RecommendationRow]],
    context: ImportContext,
) -> list[Outcome]:
    settings: DhrSettings = context.settings
    today = clock.today(settings.zone)
    known = await _existing(session, recommendation_table, [r.body.source_reference for r in rows])
    names = sorted({r.body.review for r in rows})
    reviews = {
        name: review
        for review in (
            await session.execute(
                select(review_table).where(
                    or_(
                        review_table.c.source_reference.in_(names),
                        review_table.c.reference.in_(names),
                    ),
                    managed_reviews(context.caller),
                )
            )
        ).all()
        for name in (review.source_reference, review.reference)
        if name
    }
    outcomes: list[Outcome] = []
    for valid in rows:
        row = valid.body
        if row.source_reference in known:
            outcomes.append(SKIPPED)
            continue
        review = reviews.get(row.review)
        if review is None:
            outcomes.append(
                refused(
                    "#/review", "No review with that reference is yours.", code="unknown_review"
                )
            )
            continue
        try:
            async with session.begin_nested():
                await _store_recommendation(session, row, review, context, settings, today)
        except _Refusal as refusal:
            outcomes.append(refusal.outcome)
            continue
        known.add(row.source_reference)
        outcomes.append(IMPORTED)
    return outcomes


def _check_status(row: RecommendationRow, today: date) -> None:
    status_on = row.status_on or row.made_on
    if status_on > today:
        raise _Refusal(refused("#/status_on", "status_on cannot be in the future.", "future_date"))
    if status_on < row.made_on:
        raise _Refusal(
            refused("#/status_on", "status_on cannot be before made_on.", "out_of_order")
        )
    if row.status == "completed" and not (row.evidence and row.evidence.strip()):
        raise _Refusal(
            refused(
                "#/evidence", "A completed recommendation needs its evidence.", "missing_detail"
            )
        )
    for index, action in enumerate(row.actions):
        if action.completed_on is not None and (
            action.completed_on > today or action.completed_on < row.made_on
        ):
            raise _Refusal(
                refused(
                    f"#/actions/{index}/completed_on",
                    "completed_on must be between made_on and today.",
                    "out_of_order",
                )
            )
        if row.status == "completed" and action.completed_on is None:
            raise _Refusal(
                refused(
                    f"#/actions/{index}/completed_on",
                    "A completed recommendation has every action done.",
                    "actions_open",
                )
            )


async def _store_recommendation(
    session: AsyncSession,
    row: RecommendationRow,
    review: Any,
    context: ImportContext,
    settings: DhrSettings,
    today: date,
) -> None:
    _check_status(row, today)
    work = Work(session, caller=context.caller, purpose=context.purpose)
    body = RecommendationIn(
        theme=row.theme,
        level=row.level,
        national_body=row.national_body,
        owner_agency=row.owner_agency,
        text=row.text,
        made_on=row.made_on,
        due_on=row.due_on,
        actions=[
            ActionIn(description=a.description, owner_agency=a.owner_agency, due_on=a.due_on)
            for a in row.actions
        ],
    )
    try:
        made = await add_recommendation(
            work,
            settings=settings,
            review=review,
            body=body,
            today=today,
            source_reference=row.source_reference,
            status=row.status,
            status_on=row.status_on or row.made_on,
            evidence=row.evidence,
        )
    except (Refused, Problem) as exc:
        raise _Refusal(_refused(exc)) from None
    for action, stored in zip(row.actions, made.actions, strict=True):
        if action.completed_on is not None:
            await session.execute(
                update(action_table)
                .where(action_table.c.id == stored.id)
                .values(completed_on=action.completed_on, evidence=action.evidence)
            )
    await work.flush()

"""Recommendations made, their action plans worked through, their status moved to
completion: rows and events together."""

import uuid
from datetime import date
from types import SimpleNamespace
from typing import Any

from sqlalchemy import func, select, update

from csp_common import clock
from csp_common.auth import Caller
from csp_common.contracts.dhr import RecommendationMade, RecommendationStatusChanged
from csp_common.db import RowsInsert
from csp_common.errors import not_found
from csp_common.unit_of_work import Work
from dhr_tracker.access import REVIEW_NOT_FOUND, manages, require_managed
from dhr_tracker.problems import Conflict, Invalid
from dhr_tracker.recommendation import rules
from dhr_tracker.recommendation.models import action_table, recommendation_table
from dhr_tracker.recommendation.schemas import (
    ActionCompletionIn,
    ActionIn,
    ActionOut,
    NationalAnswerIn,
    NationalAnswerOut,
    RecommendationIn,
    RecommendationOut,
    StatusIn,
)
from dhr_tracker.recommendation.service import actions_of, find_recommendation
from dhr_tracker.record.service import find_review
from dhr_tracker.settings import DhrSettings

NOT_FOUND = "recommendation"


def recommendation_out(row: Any, actions: list[Any], *, today: date) -> RecommendationOut:
    answer = (
        NationalAnswerOut(
            answer=row.national_answer,
            answered_on=row.national_answer_on,
            response=row.national_response,
        )
        if row.national_answer
        else None
    )
    return RecommendationOut(
        id=row.id,
        review_id=row.review_id,
        number=row.number,
        theme=row.theme,
        level=row.level,
        national_body=row.national_body,
        national_answer=answer,
        owner_agency=row.owner_agency,
        text=row.text,
        made_on=row.made_on,
        due_on=row.due_on,
        status=row.status,
        status_on=row.status_on,
        evidence=row.evidence,
        overdue=rules.is_overdue(
            status=row.status, due_on=row.due_on, actions=actions, today=today
        ),
        actions=[
            ActionOut(
                id=a.id,
                number=a.number,
                description=a.description,
                owner_agency=a.owner_agency,
                due_on=a.due_on,
                completed_on=a.completed_on,
                evidence=a.evidence,
                overdue=rules.action_overdue(a, today=today),
            )
            for a in actions
        ],
    )


async def add_recommendation(
    work: Work,
    *,
    settings: DhrSettings,
    review: Any,
    body: RecommendationIn,
    today: date,
    source_reference: str | None = None,
    status: str = "open",
    status_on: date | None = None,
    evidence: str | None = None,
) -> RecommendationOut:
    """A recommendation of `review` (locked by the caller), numbered after the last."""
    rules.check_new(
        theme=body.theme,
        themes=list(settings.recommendation_themes),
        level=body.level,
        national_body=body.national_body,
        made_on=body.made_on,
        due_on=body.due_on,
        action_dues=[action.due_on for action in body.actions],
        notified_on=review.notified_on,
        today=today,
    )
    last = await work.session.scalar(
        select(func.coalesce(func.max(recommendation_table.c.number), 0)).where(
            recommendation_table.c.review_id == review.id
        )
    )
    row: dict[str, Any] = {
        "id": uuid.uuid4(),
        "review_id": review.id,
        "number": (last or 0) + 1,
        "source_reference": source_reference,
        **body.model_dump(exclude={"actions"}),
        "national_answer": None,
        "national_answer_on": None,
        "national_response": None,
        "status": status,
        "status_on": status_on or body.made_on,
        "evidence": evidence,
        "created_at": clock.now(),
    }
    actions = [
        {
            "id": uuid.uuid4(),
            "recommendation_id": row["id"],
            "number": number,
            **action.model_dump(),
            "completed_on": None,
            "evidence": None,
        }
        for number, action in enumerate(body.actions, start=1)
    ]
    work.add(RowsInsert(recommendation_table, [row]), RowsInsert(action_table, actions))
    # ORM-free rows: later queries in this unit of work (the next number) must see them
    await work.flush()
    work.emit(
        RecommendationMade(
            recommendation_id=row["id"],
            review_id=review.id,
            area=review.area,
            theme=body.theme,
            level=body.level,
            owner_agency=body.owner_agency,
            national_body=body.national_body,
            made_on=body.made_on,
            status=status,
        ),
        key=str(review.id),
    )
    work.audit(action="create", record_type="recommendation", record_ids=[str(row["id"])])
    return recommendation_out(
        SimpleNamespace(**row), [SimpleNamespace(**a) for a in actions], today=today
    )


async def make(
    work: Work,
    *,
    settings: DhrSettings,
    caller: Caller,
    review_id: uuid.UUID,
    body: RecommendationIn,
    today: date,
) -> RecommendationOut:
    review = await find_review(work.session, review_id=review_id, caller=caller, for_update=True)
    if review is None:
        raise not_found(REVIEW_NOT_FOUND)
    require_managed(caller, review)
    return await add_recommendation(work, settings=settings, review=review, body=body, today=today)


async def _managed(work: Work, *, caller: Caller, recommendation_id: uuid.UUID) -> Any:
    row = await find_recommendation(
        work.session, recommendation_id=recommendation_id, caller=caller, for_update=True
    )
    if row is None or not manages(caller, row.area):
        raise not_found(NOT_FOUND)
    return row


async def _answer(
    work: Work, row: Any, values: dict[str, Any], *, today: date
) -> RecommendationOut:
    if values:
        await work.session.execute(
            update(recommendation_table).where(recommendation_table.c.id == row.id).values(**values)
        )
    actions = (await actions_of(work.session, recommendation_ids=[row.id]))[row.id]
    return recommendation_out(SimpleNamespace(**{**row._asdict(), **values}), actions, today=today)


async def move_status(
    work: Work, *, caller: Caller, recommendation_id: uuid.UUID, body: StatusIn, today: date
) -> RecommendationOut:
    row = await _managed(work, caller=caller, recommendation_id=recommendation_id)
    actions = (await actions_of(work.session, recommendation_ids=[row.id]))[row.id]
    rules.check_move(
        status=row.status,
        status_on=row.status_on,
        to=body.status,
        on=body.on,
        evidence=body.evidence,
        open_actions=sum(a.completed_on is None for a in actions),
        today=today,
    )
    values: dict[str, Any] = {"status": body.status, "status_on": body.on}
    if body.evidence is not None:
        values["evidence"] = body.evidence
    work.emit(
        RecommendationStatusChanged(
            recommendation_id=row.id,
            review_id=row.review_id,
            area=row.area,
            theme=row.theme,
            from_status=row.status,
            to_status=body.status,
            changed_on=body.on,
        ),
        key=str(row.review_id),
    )
    work.audit(action="update", record_type="recommendation", record_ids=[str(row.id)])
    return await _answer(work, row, values, today=today)


async def add_action(
    work: Work, *, caller: Caller, recommendation_id: uuid.UUID, body: ActionIn, today: date
) -> RecommendationOut:
    row = await _managed(work, caller=caller, recommendation_id=recommendation_id)
    if row.status in rules.FINISHED:
        raise Conflict("recommendation_finished", f"A recommendation {row.status} takes no action.")
    if body.due_on < row.made_on:
        raise Invalid(
            "due_before_made", "An action cannot be due before the recommendation was made.",
            pointer="/due_on",
        )  # fmt: skip
    actions = (await actions_of(work.session, recommendation_ids=[row.id]))[row.id]
    action = {
        "id": uuid.uuid4(),
        "recommendation_id": row.id,
        "number": len(actions) + 1,
        **body.model_dump(),
        "completed_on": None,
        "evidence": None,
    }
    work.add(RowsInsert(action_table, [action]))
    await work.flush()
    work.audit(action="update", record_type="recommendation", record_ids=[str(row.id)])
    return await _answer(work, row, {}, today=today)


async def complete_action(
    work: Work,
    *,
    caller: Caller,
    recommendation_id: uuid.UUID,
    action_id: uuid.UUID,
    body: ActionCompletionIn,
    today: date,
) -> RecommendationOut:
    row = await _managed(work, caller=caller, recommendation_id=recommendation_id)
    actions = (await actions_of(work.session, recommendation_ids=[row.id]))[row.id]
    action = next((a for a in actions if a.id == action_id), None)
    if action is None:
        raise not_found("action")
    if body.completed_on > today:
        raise Invalid(
            "future_date", "completed_on cannot be in the future.", pointer="/completed_on"
        )
    if action.completed_on is not None:
        raise Conflict("action_done", "That action has been recorded as done already.")
    if body.completed_on < row.made_on:
        raise Conflict(
            "done_before_made",
            f"An action cannot be done before the recommendation was made ({row.made_on}).",
        )
    await work.session.execute(
        update(action_table)
        .where(action_table.c.id == action_id)
        .values(completed_on=body.completed_on, evidence=body.evidence)
    )
    work.audit(action="update", record_type="recommendation", record_ids=[str(row.id)])
    return await _answer(work, row, {}, today=today)


async def answer_national(
    work: Work,
    *,
    caller: Caller,
    recommendation_id: uuid.UUID,
    body: NationalAnswerIn,
    today: date,
) -> RecommendationOut:
    row = await _managed(work, caller=caller, recommendation_id=recommendation_id)
    if row.level != "national":
        raise Conflict(
            "not_national", "Only a national recommendation has a national body's answer."
        )
    if body.answered_on > today:
        raise Invalid("future_date", "answered_on cannot be in the future.", pointer="/answered_on")
    if body.answered_on < row.made_on:
        raise Conflict(
            "answer_before_made",
            f"The answer cannot be dated before the recommendation was made ({row.made_on}).",
        )
    values = {
        "national_answer": body.answer,
        "national_answer_on": body.answered_on,
        "national_response": body.response,
    }
    work.audit(action="update", record_type="recommendation", record_ids=[str(row.id)])
    return await _answer(work, row, values, today=today)

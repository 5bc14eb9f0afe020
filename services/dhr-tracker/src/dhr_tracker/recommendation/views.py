"""HTTP for recommendations: made by the CSP team on a review, read by the review's
panel and by the agency each is made to, worked through to completion with evidence."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Body, Depends, Query

from csp_common.contracts.dhr import RecommendationLevel, RecommendationStatus
from csp_common.errors import not_found
from csp_common.pagination import Keyset, PageRequest, signed_sort_params
from csp_common.unit_of_work import UnitOfWork
from dhr_tracker.access import AnyDhrCaller, Manager
from dhr_tracker.dependencies import Settings, Today
from dhr_tracker.fields import Code
from dhr_tracker.recommendation import flows
from dhr_tracker.recommendation.models import recommendation_table
from dhr_tracker.recommendation.schemas import (
    ActionCompletionIn,
    ActionIn,
    NationalAnswerIn,
    RecommendationIn,
    RecommendationOut,
    RecommendationPage,
    StatusIn,
)
from dhr_tracker.recommendation.service import actions_of, find_recommendation, list_statement

router = APIRouter(tags=["recommendations"])

RECOMMENDATIONS = Keyset(
    sorts={
        "made_on": recommendation_table.c.made_on,
        "status_on": recommendation_table.c.status_on,
        "created_at": recommendation_table.c.created_at,
    },
    id_column=recommendation_table.c.id,
)
RecommendationPages = Annotated[
    PageRequest, Depends(signed_sort_params(RECOMMENDATIONS, default="made_on", max_limit=200))
]
ONE = "/v1/recommendations/{recommendation_id}"


@router.post(
    "/v1/reviews/{review_id}/recommendations",
    status_code=201,
    summary="Make a recommendation of the review, with its actions",
)
async def make_recommendation(
    work: UnitOfWork,
    caller: Manager,
    settings: Settings,
    today: Today,
    review_id: uuid.UUID,
    body: Annotated[RecommendationIn, Body()],
) -> RecommendationOut:
    return await flows.make(
        work, settings=settings, caller=caller, review_id=review_id, body=body, today=today
    )


@router.get("/v1/recommendations", summary="Recommendations the caller may see")
async def list_recommendations(
    work: UnitOfWork,
    caller: AnyDhrCaller,
    today: Today,
    pages: RecommendationPages,
    review_id: Annotated[uuid.UUID | None, Query()] = None,
    theme: Annotated[Code | None, Query()] = None,
    status: Annotated[RecommendationStatus | None, Query()] = None,
    level: Annotated[RecommendationLevel | None, Query()] = None,
    owner_agency: Annotated[Code | None, Query()] = None,
    overdue: Annotated[bool | None, Query(description="Past due, or an action past due")] = None,
) -> RecommendationPage:
    statement = list_statement(
        caller,
        today=today,
        review_id=review_id,
        theme=theme,
        status=status,
        level=level,
        owner_agency=owner_agency,
        overdue=overdue,
    )
    rows = (await work.session.execute(RECOMMENDATIONS.select(statement, pages))).all()
    page = RECOMMENDATIONS.page(rows, pages, lambda row: row)
    actions = await actions_of(work.session, recommendation_ids=[row.id for row in page.items])
    items = [flows.recommendation_out(row, actions[row.id], today=today) for row in page.items]
    work.audit(action="list", record_type="recommendation", record_ids=[str(i.id) for i in items])
    return RecommendationPage(items=items, next_cursor=page.next_cursor)


@router.get(ONE, summary="One recommendation, with its actions")
async def read_recommendation(
    work: UnitOfWork, caller: AnyDhrCaller, today: Today, recommendation_id: uuid.UUID
) -> RecommendationOut:
    row = await find_recommendation(
        work.session, recommendation_id=recommendation_id, caller=caller
    )
    if row is None:
        raise not_found(flows.NOT_FOUND)
    actions = (await actions_of(work.session, recommendation_ids=[row.id]))[row.id]
    work.audit(action="read", record_type="recommendation", record_ids=[str(row.id)])
    return flows.recommendation_out(row, actions, today=today)


@router.post(f"{ONE}/status", summary="Move the recommendation on (completion needs evidence)")
async def move_status(
    work: UnitOfWork,
    caller: Manager,
    today: Today,
    recommendation_id: uuid.UUID,
    body: Annotated[StatusIn, Body()],
) -> RecommendationOut:
    return await flows.move_status(
        work, caller=caller, recommendation_id=recommendation_id, body=body, today=today
    )


@router.post(f"{ONE}/actions", status_code=201, summary="Add an action to the plan")
async def add_action(
    work: UnitOfWork,
    caller: Manager,
    today: Today,
    recommendation_id: uuid.UUID,
    body: Annotated[ActionIn, Body()],
) -> RecommendationOut:
    return await flows.add_action(
        work, caller=caller, recommendation_id=recommendation_id, body=body, today=today
    )


@router.post(f"{ONE}/actions/{{action_id}}/completion", summary="An action done, with evidence")
async def complete_action(
    work: UnitOfWork,
    caller: Manager,
    today: Today,
    recommendation_id: uuid.UUID,
    action_id: uuid.UUID,
    body: Annotated[ActionCompletionIn, Body()],
) -> RecommendationOut:
    return await flows.complete_action(
        work,
        caller=caller,
        recommendation_id=recommendation_id,
        action_id=action_id,
        body=body,
        today=today,
    )


@router.post(f"{ONE}/national-answer", summary="The national body's answer")
async def answer_national(
    work: UnitOfWork,
    caller: Manager,
    today: Today,
    recommendation_id: uuid.UUID,
    body: Annotated[NationalAnswerIn, Body()],
) -> RecommendationOut:
    return await flows.answer_national(
        work, caller=caller, recommendation_id=recommendation_id, body=body, today=today
    )

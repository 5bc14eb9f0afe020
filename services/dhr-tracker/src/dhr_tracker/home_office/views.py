"""HTTP for the Home Office side of a review: its answer to a decision not to review,
the QA rounds and letters, the report's recipients, the publication."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Body
from sqlalchemy import select

from csp_common import clock
from csp_common.db import RowsInsert
from csp_common.errors import not_found
from csp_common.unit_of_work import UnitOfWork
from dhr_tracker.access import REVIEW_NOT_FOUND, Manager, ReviewReader, require_managed
from dhr_tracker.clocks.service import positions
from dhr_tracker.dependencies import Settings, Today
from dhr_tracker.home_office import rules
from dhr_tracker.home_office.models import answer_table, sent_table
from dhr_tracker.home_office.schemas import (
    DecisionAnswerIn,
    DecisionAnswerOut,
    HomeOfficeOut,
    ReportSentIn,
    ReportSentOut,
)
from dhr_tracker.problems import Conflict, Invalid
from dhr_tracker.record.service import find_review, moves_of
from dhr_tracker.review import flows as review_flows
from dhr_tracker.review.schemas import TransitionIn

router = APIRouter(prefix="/v1/reviews/{review_id}", tags=["home office"])


@router.get(
    "/home-office", summary="Decision, Home Office answers, QA rounds, recipients, publication"
)
async def read_home_office(
    work: UnitOfWork, caller: ReviewReader, settings: Settings, review_id: uuid.UUID
) -> HomeOfficeOut:
    if await find_review(work.session, review_id=review_id, caller=caller) is None:
        raise not_found(REVIEW_NOT_FOUND)
    moves = (await moves_of(work.session, review_ids=[review_id]))[review_id]
    answers = (
        await work.session.execute(
            select(answer_table).where(answer_table.c.review_id == review_id)
        )
    ).all()
    sent = (
        await work.session.execute(
            select(sent_table)
            .where(sent_table.c.review_id == review_id)
            .order_by(sent_table.c.sent_on, sent_table.c.recipient, sent_table.c.document)
        )
    ).all()
    rounds = rules.qa_rounds(
        moves, submitted=settings.qa_submission_stage, outcome=settings.qa_outcome_stage
    )
    sent_report = {row.recipient for row in sent if row.document == "overview_report"}
    work.audit(action="read", record_type="review", record_ids=[str(review_id)])
    return HomeOfficeOut(
        review_id=review_id,
        decision=rules.decision(moves, answers),
        qa_rounds=rounds,
        recipients=[ReportSentOut.model_validate(row, from_attributes=True) for row in sent],
        recipients_outstanding=[
            r for r in settings.required_report_recipients if rounds and r not in sent_report
        ],
        publication=rules.publication(moves, stage=settings.publication_stage),
    )


@router.post(
    "/home-office/decision-answer",
    status_code=201,
    summary="The Home Office's answer to a decision not to review",
    description="`agreed` is recorded; `overturned` also reopens the review: it moves to "
    "`decided` with the decision `review` (from `decided` or `closed`).",
)
async def answer_decision(
    work: UnitOfWork,
    caller: Manager,
    settings: Settings,
    today: Today,
    review_id: uuid.UUID,
    body: Annotated[DecisionAnswerIn, Body()],
) -> DecisionAnswerOut:
    review = await find_review(work.session, review_id=review_id, caller=caller, for_update=True)
    if review is None:
        raise not_found(REVIEW_NOT_FOUND)
    require_managed(caller, review)
    if body.answered_on > today:
        raise Invalid("future_date", "answered_on cannot be in the future.", pointer="/answered_on")
    moves = (await moves_of(work.session, review_ids=[review_id]))[review_id]
    position = positions(settings, review, moves)[-1]
    if position.attributes.get("decision") != "no_review":
        raise Conflict(
            "not_a_decision_not_to_review",
            "The Home Office answers a decision not to review; this review has none standing.",
        )
    decided_on = next(m.on for m in reversed(moves) if m.details.get("decision"))
    if body.answered_on < decided_on:
        raise Conflict(
            "answer_before_decision",
            f"The answer cannot be dated before the decision ({decided_on.isoformat()}).",
        )
    if body.answer == "overturned":
        move = TransitionIn(to="decided", on=body.answered_on, reasons=body.reasons)
        await review_flows.move(
            work, settings=settings, caller=caller, review_id=review_id, body=move, today=today
        )
    row = {
        "id": uuid.uuid4(),
        "review_id": review_id,
        **body.model_dump(),
        "recorded_by": caller.agency,
        "recorded_at": clock.now(),
    }
    work.add(RowsInsert(answer_table, [row]))
    work.audit(action="update", record_type="review", record_ids=[str(review_id)])
    return DecisionAnswerOut.model_validate(row)


@router.post("/recipients", status_code=201, summary="The report sent to a recipient")
async def send_report(
    work: UnitOfWork,
    caller: Manager,
    settings: Settings,
    today: Today,
    review_id: uuid.UUID,
    body: Annotated[ReportSentIn, Body()],
) -> ReportSentOut:
    review = await find_review(work.session, review_id=review_id, caller=caller, for_update=True)
    if review is None:
        raise not_found(REVIEW_NOT_FOUND)
    require_managed(caller, review)
    if body.recipient not in settings.report_recipients:
        allowed = ", ".join(settings.report_recipients)
        raise Invalid(
            "unknown_recipient", f"recipient must be one of: {allowed}.", pointer="/recipient"
        )
    if body.sent_on > today:
        raise Invalid("future_date", "sent_on cannot be in the future.", pointer="/sent_on")
    moves = (await moves_of(work.session, review_ids=[review_id]))[review_id]
    submitted = [m.on for m in moves if m.to_stage == settings.qa_submission_stage]
    if not submitted:
        raise Conflict(
            "report_not_ready",
            f"A report is sent once the review has reached {settings.qa_submission_stage}.",
        )
    if body.sent_on < submitted[0]:
        raise Conflict(
            "sent_before_report",
            "sent_on cannot be before the report was first submitted "
            f"({submitted[0].isoformat()}).",
        )
    taken = await work.session.execute(
        select(sent_table.c.id).where(
            sent_table.c.review_id == review_id,
            sent_table.c.recipient == body.recipient,
            sent_table.c.document == body.document,
        )
    )
    if taken.first() is not None:
        raise Conflict("already_sent", "That document has been recorded as sent to that recipient.")
    row = {
        "id": uuid.uuid4(),
        "review_id": review_id,
        **body.model_dump(),
        "recorded_by": caller.agency,
        "recorded_at": clock.now(),
    }
    work.add(RowsInsert(sent_table, [row]))
    work.audit(action="update", record_type="review", record_ids=[str(review_id)])
    return ReportSentOut.model_validate(row)

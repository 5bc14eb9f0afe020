"""Notifying a review and moving it through its stages: rows, clocks and events together."""

import uuid
from collections.abc import Sequence
from datetime import date
from types import SimpleNamespace
from typing import Any

from sqlalchemy import update

from csp_common import clock
from csp_common.auth import Caller
from csp_common.contracts.dhr import (
    QaOutcomeRecorded,
    ReviewDecided,
    ReviewNotified,
    ReviewPublished,
    ReviewStageChanged,
)
from csp_common.db import RowsInsert
from csp_common.errors import Problem, not_found
from csp_common.partnership import Partnership
from csp_common.unit_of_work import Work
from dhr_tracker.access import REVIEW_NOT_FOUND, require_managed
from dhr_tracker.anonymisation.service import clean_since_sealing
from dhr_tracker.clocks.service import clock_columns, positions, review_clocks
from dhr_tracker.problems import Conflict, Invalid
from dhr_tracker.record.models import move_table, review_table
from dhr_tracker.record.service import (
    find_review,
    moves_of,
    next_reference,
    noticed_clocks,
    pauses_of,
)
from dhr_tracker.review.schemas import (
    ClockOut,
    ClocksOut,
    ReviewIn,
    ReviewOut,
    SuspectIn,
    TransitionIn,
    VictimIn,
)
from dhr_tracker.settings import DhrSettings


def check_notification(
    body: ReviewIn, *, partnership: Partnership, caller: Caller, today: date
) -> None:
    if partnership.area(body.area) is None:
        raise Invalid("unknown_area", "That is not an area of the partnership.", pointer="/area")
    if caller.area is not None and caller.area != body.area:
        raise Problem(
            404,
            "Not found",
            "That area is not visible to you: your token is for another.",
            type="not-found",
        )
    if partnership.agency(body.notifying_agency) is None:
        raise Invalid(
            "unknown_agency",
            "That is not an agency of the partnership.",
            pointer="/notifying_agency",
        )
    if body.notified_on > today:
        raise Invalid("future_date", "notified_on cannot be in the future.", pointer="/notified_on")
    if body.date_of_death > body.notified_on:
        raise Invalid(
            "death_after_notification",
            "date_of_death cannot be after notified_on.",
            pointer="/date_of_death",
        )


async def notify(
    work: Work,
    *,
    settings: DhrSettings,
    partnership: Partnership,
    caller: Caller,
    body: ReviewIn,
    today: date,
    source_reference: str | None = None,
) -> ReviewOut:
    check_notification(body, partnership=partnership, caller=caller, today=today)
    number, reference = await next_reference(
        work.session, year=body.notified_on.year, prefix=settings.reference_prefix
    )
    review_id = uuid.uuid4()
    now = clock.now()
    history = [settings.workflow.start(body.notified_on)]
    state = review_clocks(settings, history, [], today=today)
    row: dict[str, Any] = {
        "id": review_id,
        "reference": reference,
        "source_reference": source_reference,
        "year": body.notified_on.year,
        "sequence": number,
        "area": body.area,
        "notified_on": body.notified_on,
        "notifying_agency": body.notifying_agency,
        "date_of_death": body.date_of_death,
        "circumstances": body.circumstances,
        "victim": body.victim.model_dump(mode="json"),
        "suspect": body.suspect.model_dump(mode="json") if body.suspect else None,
        "person_ids": [str(person) for person in body.person_ids],
        "stage": settings.workflow.initial,
        "stage_since": body.notified_on,
        "attributes": {},
        **clock_columns(state, noticed=()),
        "created_at": now,
        "updated_at": now,
    }
    work.add(RowsInsert(review_table, [row]))
    work.emit(
        ReviewNotified(
            review_id=review_id,
            area=body.area,
            notifying_agency=body.notifying_agency,
            notified_on=body.notified_on,
            circumstances=body.circumstances,
            victim_age_band=body.victim.age_band,
            victim_gender=body.victim.gender,
            victim_ethnicity=body.victim.ethnicity,
            suspect_age_band=body.suspect.age_band if body.suspect else None,
            suspect_gender=body.suspect.gender if body.suspect else None,
            suspect_relationship=body.suspect.relationship if body.suspect else None,
        ),
        key=str(review_id),
    )
    work.audit(action="create", record_type="review", record_ids=[str(review_id)])
    return review_out(settings, SimpleNamespace(**row), history, [], today=today)


async def move(
    work: Work,
    *,
    settings: DhrSettings,
    caller: Caller,
    review_id: uuid.UUID,
    body: TransitionIn,
    today: date,
    historical: bool = False,
) -> ReviewOut:
    """`historical` is a move imported from the partnership's records: a publication then
    needs no clean anonymisation check here (it was checked before this platform)."""
    review = await find_review(work.session, review_id=review_id, caller=caller, for_update=True)
    if review is None:
        raise not_found(REVIEW_NOT_FOUND)
    require_managed(caller, review)
    for key, day in body.dated_details().items():
        if day > today:
            raise Invalid("future_date", f"{key} cannot be in the future.", pointer=f"/{key}")
    moves = (await moves_of(work.session, review_ids=[review_id]))[review_id]
    pauses = (await pauses_of(work.session, review_ids=[review_id]))[review_id]
    history = positions(settings, review, moves)
    chosen, reached = settings.workflow.move(
        history[-1], to=body.to, on=body.on, details=body.details(), today=today
    )
    if (
        reached.stage == settings.publication_stage
        and settings.require_clean_check_before_publication
        and not historical
        and not await clean_since_sealing(work.session, review_id=review_id)
    ):
        raise Conflict(
            "publication_needs_clean_check",
            "Before publication, check the final draft against the sealed identity: the "
            "latest check must find no mention and be made after the identity last changed.",
        )
    history = [*history, reached]
    state = review_clocks(settings, history, pauses, today=today)
    noticed = await noticed_clocks(work.session, review_id=review_id)
    await work.session.execute(
        update(review_table)
        .where(review_table.c.id == review_id)
        .values(
            stage=reached.stage,
            stage_since=reached.since,
            attributes=dict(reached.attributes),
            updated_at=clock.now(),
            **clock_columns(state, noticed=noticed),
        )
    )
    work.add(
        RowsInsert(
            move_table,
            [
                {
                    "id": uuid.uuid4(),
                    "review_id": review_id,
                    "seq": len(moves) + 1,
                    "move": chosen.label,
                    "from_stage": history[-2].stage,
                    "to_stage": reached.stage,
                    "on": reached.since,
                    "details": body.model_dump(
                        mode="json", exclude={"to", "on"}, exclude_none=True
                    ),
                    "attributes": dict(reached.attributes),
                    "recorded_by": caller.agency,
                    "recorded_at": clock.now(),
                }
            ],
        )
    )
    _emit_move(
        work,
        review=review,
        before=history[-2],
        reached=reached,
        move_label=chosen.label,
        body=body,
        settings=settings,
    )
    work.audit(action="update", record_type="review", record_ids=[str(review_id)])
    return review_out(settings, review, history, pauses, today=today)


def _emit_move(
    work: Work,
    *,
    review: Any,
    before: Any,
    reached: Any,
    move_label: str,
    body: TransitionIn,
    settings: DhrSettings,
) -> None:
    key = str(review.id)
    work.emit(
        ReviewStageChanged(
            review_id=review.id,
            area=review.area,
            from_stage=before.stage,
            to_stage=reached.stage,
            move=move_label,
            changed_on=reached.since,
        ),
        key=key,
    )
    decision = reached.attributes.get("decision")
    if decision is not None and decision != before.attributes.get("decision"):
        work.emit(
            ReviewDecided(
                review_id=review.id,
                area=review.area,
                decision=decision,
                decided_on=reached.since,
                overturned=before.attributes.get("decision") is not None,
            ),
            key=key,
        )
    if body.qa_outcome is not None and body.letter_on is not None:
        work.emit(
            QaOutcomeRecorded(
                review_id=review.id,
                area=review.area,
                outcome=body.qa_outcome,
                letter_on=body.letter_on,
            ),
            key=key,
        )
    if reached.stage == settings.publication_stage:
        work.emit(
            ReviewPublished(review_id=review.id, area=review.area, published_on=reached.since),
            key=key,
        )


def review_out(
    settings: DhrSettings,
    review: Any,
    history: Sequence[Any],
    pauses: Sequence[Any],
    *,
    today: date,
) -> ReviewOut:
    state = review_clocks(settings, history, pauses, today=today)
    position = history[-1]
    return ReviewOut(
        id=review.id,
        reference=review.reference,
        area=review.area,
        notified_on=review.notified_on,
        notifying_agency=review.notifying_agency,
        date_of_death=review.date_of_death,
        circumstances=review.circumstances,
        victim=VictimIn.model_validate(review.victim),
        suspect=SuspectIn.model_validate(review.suspect) if review.suspect else None,
        person_ids=[uuid.UUID(str(person)) for person in review.person_ids],
        stage=position.stage,
        stage_since=position.since,
        decision=position.attributes.get("decision"),
        paused=any(pause.resumed_on is None for pause in pauses),
        next_stages=settings.workflow.next_stages(position),
        clocks=ClocksOut(
            decision_due=state.due("decision"),
            completion_due=state.due("completion"),
            paused_days=state.paused_days,
            overdue=state.overdue,
            next_due=state.next_due,
            items=[ClockOut.model_validate(item, from_attributes=True) for item in state.items],
        ),
        created_at=clock.as_utc(review.created_at),
    )


async def reviews_out(
    work: Work, *, settings: DhrSettings, rows: Sequence[Any], today: date
) -> list[ReviewOut]:
    ids = [row.id for row in rows]
    moves = await moves_of(work.session, review_ids=ids)
    pauses = await pauses_of(work.session, review_ids=ids)
    return [
        review_out(
            settings, row, positions(settings, row, moves[row.id]), pauses[row.id], today=today
        )
        for row in rows
    ]

"""A person's history in dhr-tracker, for a subject access request: read, turn into
entries, audit the access (whether or not a review names the person)."""

import uuid

from csp_common.access_watch import outside
from csp_common.auth import Caller
from csp_common.history import chronology
from csp_common.unit_of_work import Work
from dhr_tracker.person import rules, service
from dhr_tracker.person.schemas import PersonHistory


async def person_history(work: Work, *, caller: Caller, person_id: uuid.UUID) -> PersonHistory:
    reviews = await service.reviews_naming(work.session, person_id=person_id)
    moves = await service.moves_by_review(work.session, review_ids=[r.id for r in reviews])
    work.audit(
        action="history",
        record_type="person",
        record_ids=[str(person_id)],
        outside=outside(
            caller,
            agencies={review.notifying_agency for review in reviews},
            areas={review.area for review in reviews},
        ),
    )
    entries = rules.review_entries(reviews, moves)
    return PersonHistory(person_id=person_id, entries=chronology(entries, before=None))

"""A review's chronology: its people's histories asked of referral-hub and marac, merged
before the date of death. Nothing is stored: each read asks the sources again, and is
audited here (and by each source) with its purpose."""

import uuid

from csp_common.auth import Caller
from csp_common.errors import not_found
from csp_common.unit_of_work import Work
from dhr_tracker.access import REVIEW_NOT_FOUND, require_managed
from dhr_tracker.chronology.rules import merge, source_out
from dhr_tracker.chronology.schemas import SOURCES, ChronologyOut
from dhr_tracker.chronology.sources import ask_all
from dhr_tracker.dependencies import required_purpose
from dhr_tracker.record.service import find_review
from dhr_tracker.settings import DhrSettings


async def chronology(
    work: Work,
    *,
    settings: DhrSettings,
    caller: Caller,
    review_id: uuid.UUID,
    purpose: str | None,
) -> ChronologyOut:
    review = await find_review(work.session, review_id=review_id, caller=caller)
    if review is None:
        raise not_found(REVIEW_NOT_FOUND)
    require_managed(caller, review)
    purpose = required_purpose(purpose)
    person_ids = [uuid.UUID(str(person)) for person in review.person_ids]
    asked = await ask_all(
        settings,
        person_ids=person_ids,
        before=review.date_of_death,
        purpose=f"{review.reference} chronology: {purpose}"[:200],
    )
    sources = [
        source_out(source, [a.outcome for a in asked if a.source == source]) for source in SOURCES
    ]
    entries = merge((a.answer for a in asked if a.answer is not None), before=review.date_of_death)
    work.audit(
        action="chronology", record_type="review", record_ids=[str(review_id)], purpose=purpose
    )
    if person_ids:
        work.audit(
            action="chronology",
            record_type="person",
            record_ids=[str(person) for person in person_ids],
            purpose=purpose,
        )
    return ChronologyOut(
        review_id=review_id,
        before=review.date_of_death,
        complete=all(source.status != "unavailable" for source in sources),
        sources=sources,
        entries=entries,
    )

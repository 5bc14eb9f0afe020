"""A reviewer's decision on a candidate match: merge the pair, or record that they are
not the same person. Never commits; audited."""

from typing import Any

from csp_common.auth import Caller
from csp_common.errors import Problem
from csp_common.unit_of_work import Work
from referral_hub.duplicates import service
from referral_hub.index.service import OPEN, get_person
from referral_hub.person import flows as person_flows

MERGED = "merged"
NOT_SAME = "not_same_person"


async def decide(work: Work, *, review: Any, decision: str, caller: Caller) -> None:
    """409 for a review already decided, or a pair one of whom was merged since; a merge
    is refused as `POST /v1/persons/{id}/merge` refuses it (victim and perpetrator of
    one referral)."""
    if review.status != OPEN:
        raise Problem(409, "Conflict", f"This match was decided already ({review.status}).")
    person = await get_person(work.session, person_id=review.person_id)
    candidate = await get_person(work.session, person_id=review.candidate_id)
    assert person is not None and candidate is not None  # foreign keys
    if person.merged_into or candidate.merged_into:
        raise Problem(409, "Conflict", "One of these people has already been merged.")
    if decision == "merge":
        # The person found at intake folds into the one who was there first.
        await person_flows.merge(work, surviving=candidate, merged=person)
    status = MERGED if decision == "merge" else NOT_SAME
    await service.decide(work.session, review_id=review.id, status=status, agency=caller.agency)
    work.audit(
        action=f"match_review_{status}",
        record_type="person",
        record_ids=[str(review.person_id), str(review.candidate_id)],
    )

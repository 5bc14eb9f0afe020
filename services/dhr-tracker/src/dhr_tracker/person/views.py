"""`/v1/persons/{person_id}/history`: what dhr-tracker holds about a person, for a
subject access request (referral-hub's `persons:sar`, with a purpose, audited)."""

import uuid

from fastapi import APIRouter

from csp_common.audit import PURPOSE_HEADER
from csp_common.purpose import RequiredPurpose
from csp_common.unit_of_work import UnitOfWork
from dhr_tracker.access import SUBJECT_ACCESS, SubjectAccessReader
from dhr_tracker.person.flows import person_history
from dhr_tracker.person.schemas import PersonHistory

router = APIRouter(prefix="/v1/persons", tags=["persons"])


@router.get(
    "/{person_id}/history",
    summary="The reviews that name a person, for a subject access request",
    description=(
        f"Scope `{SUBJECT_ACCESS}` and an `{PURPOSE_HEADER}` header (else 400 "
        "`purpose-required`). `person_id` is referral-hub's person index id. Entries: each "
        "review naming the person among its `person_ids` (notified, then each move from "
        "stage to stage), by code. dhr-tracker does not own the person index: a person no "
        "review names answers 200 with no entries. Every call is audited."
    ),
    responses={400: {"description": "No or blank X-Purpose (`purpose-required`)"}},
)
async def read_person_history(
    person_id: uuid.UUID,
    caller: SubjectAccessReader,
    purpose: RequiredPurpose,
    work: UnitOfWork,
) -> PersonHistory:
    return await person_history(work, caller=caller, person_id=person_id)

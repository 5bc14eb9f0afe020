"""Whether a review still needs a person, asked by referral-hub before it grants a
right-to-erasure request (scope `records:retention`)."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Path

from csp_common.unit_of_work import UnitOfWork
from dhr_tracker.access import RETENTION, RetentionOfficer
from dhr_tracker.dependencies import Settings
from dhr_tracker.erasure.schemas import RetentionHolds
from dhr_tracker.erasure.service import reviews_naming

router = APIRouter(tags=["retention"])


@router.get(
    "/v1/persons/{person_id}/retention-holds",
    response_model=RetentionHolds,
    summary="Whether an ongoing review still needs a person of the person index",
    description=f"Scope `{RETENTION}` (the data protection team, and referral-hub deciding "
    "an erasure request). Codes only: which review it is, is not said. Audited.",
)
async def retention_holds(
    person_id: Annotated[uuid.UUID, Path(description="A person's id from the person index")],
    work: UnitOfWork,
    caller: RetentionOfficer,
    settings: Settings,
) -> RetentionHolds:
    ongoing = await reviews_naming(
        work.session, person_id=str(person_id), finished=settings.workflow.finished
    )
    work.audit(action="retention-check", record_type="person", record_ids=[str(person_id)])
    return RetentionHolds(person_id=person_id, holds=["ongoing_review"] if ongoing else [])

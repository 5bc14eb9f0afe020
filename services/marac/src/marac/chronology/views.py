"""`/v1/persons/{person_id}/history`: what marac holds about a person, for the DHR
chronology (the CSP team's `dhr:chronology` token, with a purpose, audited)."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from csp_common.audit import PURPOSE_HEADER
from csp_common.purpose import RequiredPurpose
from marac.access import CHRONOLOGY, SUBJECT_ACCESS, ChronologyReader
from marac.chronology.flows import person_history
from marac.chronology.schemas import PersonHistory
from marac.dependencies import UnitOfWork
from marac.fields import InputDate

router = APIRouter(prefix="/v1/persons", tags=["chronology"])


@router.get(
    "/{person_id}/history",
    summary="A person's MARAC and MATAC history, for a DHR chronology or subject access",
    description=(
        f"Scope `{CHRONOLOGY}` (the CSP team's DHR chronology) or `{SUBJECT_ACCESS}` "
        "(referral-hub answering a subject access request), and an "
        f"`{PURPOSE_HEADER}` header (else 400 `purpose-required`). `person_id` is "
        "referral-hub's person index id. Entries: MARAC "
        "referrals received, cases listed and heard, actions agreed and completed, MATAC "
        "nominations and hearings; `before` keeps those strictly before that day. marac does "
        "not own the person index: a person it holds nothing about answers 200 with no "
        "entries. Every call is audited."
    ),
    responses={400: {"description": "No or blank X-Purpose (`purpose-required`)"}},
)
async def read_person_history(
    person_id: uuid.UUID,
    caller: ChronologyReader,
    purpose: RequiredPurpose,
    work: UnitOfWork,
    before: Annotated[
        InputDate | None, Query(description="Entries strictly before this day")
    ] = None,
) -> PersonHistory:
    return await person_history(work, caller=caller, person_id=person_id, before=before)

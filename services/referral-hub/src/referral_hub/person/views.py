"""The person index: a reviewer looks at a match, merges duplicates, splits a wrong
match; the CSP team reads a person's history for a Domestic Homicide Review."""

import uuid
from collections import defaultdict
from typing import Annotated

from fastapi import APIRouter, Body, Path, Query
from fastapi.responses import JSONResponse
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from csp_common import idempotency, partnership
from csp_common.auth import Caller
from csp_common.errors import Problem, not_found
from csp_common.fields import StrictDate
from csp_common.idempotency import Created
from csp_common.purpose import RequiredPurpose
from csp_common.unit_of_work import Work
from referral_hub.access import CHRONOLOGY, ChronologyReader, Reviewer
from referral_hub.dependencies import Idempotent, Partnership, UnitOfWork
from referral_hub.index.models import Person
from referral_hub.index.service import get_person
from referral_hub.person import flows, service
from referral_hub.person.schemas import (
    MergeIn,
    PersonHistory,
    PersonReview,
    PossibleDuplicate,
    ReferralRole,
    SplitIn,
    SplitOut,
)
from referral_hub.referral.service import visible_to

router = APIRouter(prefix="/v1/persons", tags=["persons"])

PersonId = Annotated[uuid.UUID, Path(description="A person's id from the person index")]


async def _visible_person(
    session: AsyncSession,
    *,
    person_id: uuid.UUID,
    caller: Caller,
    partnership: partnership.Partnership,
) -> Person:
    """A person is visible to a reviewer who can see at least one referral about them."""
    visible = await session.scalar(
        select(service.known_through(person_id, visible_to(caller, partnership)))
    )
    person = await get_person(session, person_id=person_id) if visible else None
    if person is None:
        raise not_found("person")
    return person


@router.get(
    "/{person_id}",
    response_model=PersonReview,
    summary="Review a person's record, their referrals and possible duplicates",
    responses={404: {"description": "No such person visible to you"}},
)
async def review_person(
    person_id: PersonId, work: UnitOfWork, caller: Reviewer, partnership: Partnership
) -> PersonReview:
    session = work.session
    person = await _visible_person(
        session, person_id=person_id, caller=caller, partnership=partnership
    )
    duplicates: dict[uuid.UUID, list[str]] = defaultdict(list)
    found = await service.possible_duplicates(
        session, person_id=person.id, visible=visible_to(caller, partnership)
    )
    for other, kind in found:
        duplicates[other].append(kind)
    referrals = await service.referrals_of(
        session, person_id=person.id, visible=visible_to(caller, partnership)
    )
    work.audit(action="review", record_type="person", record_ids=[str(person.id)])
    return PersonReview(
        id=person.id,
        given_name=person.given_name,
        family_name=person.family_name,
        date_of_birth=person.date_of_birth,
        gender=person.gender,
        postcode=person.postcode,
        merged_into=person.merged_into,
        referrals=[ReferralRole(referral_id=r, role=role) for r, role in referrals],  # type: ignore[arg-type]
        possible_duplicates=[
            PossibleDuplicate(person_id=p, matched_on=kinds) for p, kinds in duplicates.items()
        ],
    )


@router.post(
    "/{person_id}/merge",
    response_model=PersonReview,
    summary="Merge a duplicate into this person",
    description="The duplicate's referrals and match keys move to this person, and "
    "`PersonsMerged` tells other services. Both must be visible to you (else 404). The "
    "victim and the perpetrator of one referral are never merged (409).",
    responses={
        404: {"description": "No such person visible to you"},
        409: {"description": "Already merged, or victim and perpetrator of one referral"},
    },
)
async def merge_person(
    person_id: PersonId,
    work: UnitOfWork,
    caller: Reviewer,
    partnership: Partnership,
    body: Annotated[MergeIn, Body()],
) -> PersonReview:
    session = work.session
    if body.merge_person_id == person_id:
        raise Problem(409, "Conflict", "A person cannot be merged into themselves.")
    surviving = await _visible_person(
        session, person_id=person_id, caller=caller, partnership=partnership
    )
    merged = await _visible_person(
        session, person_id=body.merge_person_id, caller=caller, partnership=partnership
    )
    await flows.merge(work, surviving=surviving, merged=merged)
    return await review_person(person_id, work, caller, partnership)


@router.post(
    "/{person_id}/split",
    response_model=SplitOut,
    status_code=201,
    summary="Split referrals that are about someone else onto a new person",
    description="Moves referrals you can see (this person's, in `role`) to a new person "
    "with the same details. Whether the person has other referrals you cannot see makes "
    "no difference to the answer. `Idempotency-Key` is required (a retry gets the first "
    "answer).",
    responses=idempotency.RESPONSES
    | {
        404: {"description": "No such person visible to you"},
        422: {"description": "A referral is not this person's in that role, as you see it"},
    },
)
async def split_person(
    person_id: PersonId,
    work: UnitOfWork,
    caller: Reviewer,
    partnership: Partnership,
    keyed: Idempotent,
    body: Annotated[SplitIn, Body()],
) -> JSONResponse:
    async def split(work: Work) -> Created:
        session = work.session
        person = await _visible_person(
            session, person_id=person_id, caller=caller, partnership=partnership
        )
        mine = await service.referrals_of(
            session, person_id=person.id, visible=visible_to(caller, partnership)
        )
        new_id = await flows.split(
            work, person=person, referral_ids=body.referral_ids, role=body.role, visible=mine
        )
        return Created(SplitOut(person_id=person.id, new_person_id=new_id))

    return await keyed.create_once(work, agency=caller.agency, body=body, step=split)


@router.get(
    "/{person_id}/history",
    response_model=PersonHistory,
    summary="A person's history in referral-hub, for a DHR chronology",
    description=(
        f"Scope `{CHRONOLOGY}` (the CSP team) and an `X-Purpose` header (else 400 "
        "`purpose-required`). Entries: each referral received and its risk assessment "
        "(and its status once it moved on), each route to a provider or MARAC, and each "
        "status a provider reported (with the closing outcome codes), about this person or "
        "anyone merged into them; codes, numbers and dates only. `before` keeps those "
        "strictly before that day. A person not in the index, merged into another, or "
        "without a referral in the partnership's areas (the token's `area`, for a token "
        "with one) answers 404. Every call is audited."
    ),
    responses={
        400: {"description": "No or blank X-Purpose (`purpose-required`)"},
        404: {"description": "No such person in the index"},
    },
)
async def read_person_history(
    person_id: PersonId,
    caller: ChronologyReader,
    purpose: RequiredPurpose,
    work: UnitOfWork,
    partnership: Partnership,
    before: Annotated[
        StrictDate | None, Query(description="Entries strictly before this day")
    ] = None,
) -> PersonHistory:
    return await flows.person_history(
        work, person_id=person_id, caller=caller, partnership=partnership, before=before
    )

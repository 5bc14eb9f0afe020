"""What a reviewer does to the person index (merge two people, split a wrong match), and
a person's history for a DHR chronology. Never commits; every access is audited."""

import uuid
from datetime import date
from typing import Any, Literal

from csp_common import clock
from csp_common.access_watch import outside
from csp_common.auth import Caller
from csp_common.contracts.referrals import PersonsMerged, PersonSplit
from csp_common.errors import Problem, not_found
from csp_common.history import chronology
from csp_common.partnership import Partnership
from csp_common.unit_of_work import Work
from referral_hub.person import rules, service
from referral_hub.person.schemas import PersonHistory
from referral_hub.problems import invalid_input

AUDIT_ACTION = "chronology"
AUDIT_RECORD = "person"


async def person_history(
    work: Work,
    *,
    person_id: uuid.UUID,
    caller: Caller,
    partnership: Partnership,
    before: date | None,
) -> PersonHistory:
    """404 for a person not in the index, merged into another, or with no referral in
    the partnership's areas (the token's area, for a token with one). Hate reports name
    no one, so none is about a person."""
    person_ids = await service.subjects(work.session, person_id=person_id)
    areas = [caller.area] if caller.area else list(partnership.area_codes)
    referrals = (
        await service.referrals_about(work.session, person_ids=person_ids, areas=areas)
        if person_ids
        else []
    )
    if not person_ids or not referrals:
        raise not_found("person")
    roles = {referral.id: rules.role_in(referral, person_ids) for referral in referrals}
    routes, changes = await service.routes_and_changes(work.session, referral_ids=list(roles))
    entries = [
        *rules.referral_entries(referrals, person_ids=person_ids),
        *rules.route_entries(routes, changes, roles=roles),
    ]
    work.audit(
        action=AUDIT_ACTION,
        record_type=AUDIT_RECORD,
        record_ids=[str(person_id)],
        outside=outside(
            caller,
            agencies={referral.referring_agency for referral in referrals},
            areas={referral.area for referral in referrals},
        ),
    )
    return PersonHistory(person_id=person_id, entries=chronology(entries, before=before))


async def merge(work: Work, *, surviving: Any, merged: Any) -> None:
    """Fold `merged` into `surviving` (both visible to the reviewer). 409 if either was
    merged already, or if they are the victim and the perpetrator of one referral."""
    if surviving.merged_into or merged.merged_into:
        raise Problem(409, "Conflict", "One of these people has already been merged.")
    if await service.in_opposite_roles(work.session, one=surviving.id, other=merged.id):
        raise Problem(
            409,
            "Conflict",
            "These people are the victim and the perpetrator of one referral: "
            "they cannot be the same person.",
        )
    await service.merge(work.session, surviving_id=surviving.id, merged_id=merged.id)
    work.emit(
        PersonsMerged(
            surviving_person_id=surviving.id,
            merged_person_id=merged.id,
            merged_at=clock.now(),
        ),
        key=str(surviving.id),
    )
    work.audit(action="merge", record_type="person", record_ids=[str(surviving.id), str(merged.id)])


async def split(
    work: Work,
    *,
    person: Any,
    referral_ids: list[uuid.UUID],
    role: Literal["victim", "perpetrator"],
    visible: list[tuple[uuid.UUID, str]],
) -> uuid.UUID:
    """Move `referral_ids` (the person's in `role`, among the `visible` (referral, role)
    pairs; else 422) to a new person with the same details; returns the new person's id."""
    unknown = set(referral_ids) - {r for r, their_role in visible if their_role == role}
    if unknown:
        raise invalid_input(
            "#/body/referral_ids",
            f"{len(unknown)} of the referrals are not this person's as {role}.",
        )
    new_id = await service.split(
        work.session, person_id=person.id, referral_ids=referral_ids, role=role
    )
    work.emit(
        PersonSplit(
            person_id=person.id,
            new_person_id=new_id,
            referral_ids=referral_ids,
            split_at=clock.now(),
        ),
        key=str(person.id),
    )
    work.audit(action="split", record_type="person", record_ids=[str(person.id), str(new_id)])
    return new_id

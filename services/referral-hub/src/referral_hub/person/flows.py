"""A person's history for a DHR chronology: read what referral-hub holds about them (and
the people merged into them), turn it into entries, audit the access."""

import uuid
from datetime import date

from csp_common.auth import Caller
from csp_common.errors import not_found
from csp_common.partnership import Partnership
from csp_common.unit_of_work import Work
from referral_hub.person import rules, service
from referral_hub.person.schemas import PersonHistory

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
    work.audit(action=AUDIT_ACTION, record_type=AUDIT_RECORD, record_ids=[str(person_id)])
    return PersonHistory(person_id=person_id, entries=rules.chronology(entries, before=before))

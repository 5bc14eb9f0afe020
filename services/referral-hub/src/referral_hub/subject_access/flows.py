"""A subject access request: what referral-hub holds about a person (their record, and
their referrals, routes and providers' reports by code), what marac and dhr-tracker
answer, and each service's audit trail of the person's records. Audited here as
`subject_access`, and by marac and dhr-tracker as their own reads. Never commits."""

import uuid

from csp_common import clock
from csp_common.access_watch import outside
from csp_common.audit_trail import trail_of
from csp_common.auth import Caller
from csp_common.errors import not_found
from csp_common.history import chronology
from csp_common.partnership import Partnership
from csp_common.unit_of_work import Work
from referral_hub.index.service import get_person
from referral_hub.person import rules
from referral_hub.person import service as persons
from referral_hub.settings import ReferralHubSettings
from referral_hub.subject_access.schemas import (
    Entry,
    PersonDetails,
    SourcePart,
    SubjectAccessBundle,
)
from referral_hub.subject_access.sources import MAX_TRAIL, ask_remote


async def subject_access(
    work: Work,
    *,
    caller: Caller,
    settings: ReferralHubSettings,
    partnership: Partnership,
    person_id: uuid.UUID,
    purpose: str,
) -> SubjectAccessBundle:
    """404 for a person not in the index or merged into another (ask for the person
    they were merged into)."""
    session = work.session
    subjects = await persons.subjects(session, person_id=person_id)
    person = await get_person(session, person_id=person_id) if subjects else None
    if subjects is None or person is None:
        raise not_found("person")
    referrals = await persons.referrals_about(
        session, person_ids=subjects, areas=list(partnership.area_codes)
    )
    roles = {referral.id: rules.role_in(referral, subjects) for referral in referrals}
    routes, changes = await persons.routes_and_changes(session, referral_ids=list(roles))
    held = [
        *rules.referral_entries(referrals, person_ids=subjects),
        *rules.route_entries(routes, changes, roles=roles),
    ]
    entries = [Entry.model_validate(e.model_dump()) for e in chronology(held, before=None)]
    records = {str(p) for p in subjects} | {str(e.record_id) for e in entries}
    trail = await trail_of(session, record_ids=records, limit=MAX_TRAIL + 1)
    own = SourcePart(
        source="referral-hub",
        status="answered",
        entries=entries,
        audit_status="answered",
        audit_truncated=len(trail) > MAX_TRAIL,
        audit=trail[:MAX_TRAIL],
    )
    others = await ask_remote(settings, person_ids=subjects, purpose=purpose)
    work.audit(
        action="subject_access",
        record_type="person",
        record_ids=sorted(str(p) for p in subjects),
        outside=outside(
            caller,
            agencies={referral.referring_agency for referral in referrals},
            areas={referral.area for referral in referrals},
        ),
    )
    parts = [own, *others]
    return SubjectAccessBundle(
        person_id=person_id,
        produced_at=clock.now(),
        requested_by_agency=caller.agency,
        purpose=purpose,
        complete=all(p.status == "answered" and p.audit_status == "answered" for p in parts),
        person=PersonDetails(
            id=person.id,
            given_name=person.given_name,
            family_name=person.family_name,
            date_of_birth=person.date_of_birth,
            gender=person.gender,
            postcode=person.postcode,
            merged_ids=sorted(p for p in subjects if p != person_id),
            created_at=person.created_at,
        ),
        sources=parts,
    )

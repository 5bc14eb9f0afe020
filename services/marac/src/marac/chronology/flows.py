"""A person's history: read what marac holds, turn it into entries, audit the access."""

import dataclasses
import uuid
from datetime import date

from csp_common.access_watch import outside
from csp_common.auth import Caller
from csp_common.history import chronology
from csp_common.unit_of_work import Work
from marac.access import caller_area
from marac.chronology import rules, service
from marac.chronology.schemas import PersonHistory

AUDIT_ACTION = "chronology"
AUDIT_RECORD = "person"


async def person_history(
    work: Work, *, caller: Caller, person_id: uuid.UUID, before: date | None
) -> PersonHistory:
    """Audited whether or not marac holds anything about the person; outside the
    caller's reach when no case about them was referred by the caller's agency, or none
    is in the MARAC area of a token that names one."""
    person = str(person_id)
    cases = await service.cases_about(work.session, person_id=person)
    roles = {case.id: rules.case_role(case, person) for case in cases}
    actions = await service.actions_of(work.session, case_ids=list(roles))
    nominations = await service.nominations_of(work.session, subject_id=person)
    entries = [
        *rules.case_entries(cases, person_id=person),
        *rules.action_entries(actions, roles=roles),
        *rules.nomination_entries(nominations),
    ]
    work.audit(
        action=AUDIT_ACTION,
        record_type=AUDIT_RECORD,
        record_ids=[person],
        outside=outside(
            dataclasses.replace(caller, area=caller_area(caller)),
            agencies={case.referring_agency for case in cases},
            areas={case.marac_area for case in cases},
        ),
    )
    return PersonHistory(person_id=person_id, entries=chronology(entries, before=before))

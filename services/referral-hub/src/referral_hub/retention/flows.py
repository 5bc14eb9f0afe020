"""Erasing a person: at the end of their retention period (the scheduled job, and its
dry run) or on a right-to-erasure request, refused with the reasons where the law does
not allow it. Never commits; every erasure, refusal and listing is audited.

Erasing anonymises: the person's details and match keys go, their referrals keep only
codes and dates, and `RecordsErased` tells every service holding links to drop them.
"""

import uuid
from collections.abc import Sequence
from datetime import date
from typing import Any

from csp_common import clock
from csp_common.auth import Caller
from csp_common.contracts.retention import ErasureReason, RecordsErased
from csp_common.db import RowsInsert
from csp_common.errors import not_found
from csp_common.retention import RECORD_KINDS, RetentionConfiguration
from csp_common.unit_of_work import Work
from referral_hub.index.service import get_person
from referral_hub.person.service import subjects
from referral_hub.retention import rules, service
from referral_hub.retention.holds import review_holds
from referral_hub.retention.models import erasure_table
from referral_hub.retention.schemas import DuePerson, ErasureOut, RetentionDue
from referral_hub.settings import ReferralHubSettings

JOB_SUBJECT = "referral-hub/retention-job"
AUDIT_RECORD = "person"


async def due_listing(
    work: Work, *, retention: RetentionConfiguration, today: date, limit: int
) -> RetentionDue:
    """The dry run: who the job would erase today, audited as read."""
    person_ids = await service.due_persons(
        work.session, retention=retention, today=today, limit=limit + 1
    )
    listed = person_ids[:limit]
    referrals = await service.referrals_of(work.session, person_ids=listed)
    work.audit(
        action="retention-review", record_type=AUDIT_RECORD, record_ids=[str(p) for p in listed]
    )
    return RetentionDue(
        as_of=today,
        cutoffs={kind: retention.cutoff(kind, today) for kind in RECORD_KINDS},
        persons=[
            DuePerson(person_id=p, referral_ids=sorted(r.id for r in referrals[p])) for p in listed
        ],
        more=len(person_ids) > limit,
    )


async def erase_if_due(
    work: Work, *, person_id: uuid.UUID, retention: RetentionConfiguration, today: date
) -> bool:
    """The job's step for one person: erased if still due once their row is locked (a
    second replica, or a referral that came in since the listing, finds nothing to do)."""
    person = await service.lock_person(work.session, person_id=person_id)
    if person is None:
        return False
    referrals = (await service.referrals_of(work.session, person_ids=[person_id]))[person_id]
    hub_cases, _ = await service.hub_cases_of(work.session, person_id=person_id)
    entered_on = clock.as_utc(person.created_at).date()
    if not rules.is_due(
        referrals, entered_on=entered_on, hub_cases=hub_cases, retention=retention, today=today
    ):
        return False
    await _erase(
        work,
        person_ids=[person_id],
        referral_ids=[r.id for r in referrals],
        reason="retention_period",
        decided_by=JOB_SUBJECT,
        request_reference=None,
        today=today,
    )
    return True


async def request_erasure(
    work: Work,
    *,
    person_id: uuid.UUID,
    caller: Caller,
    retention: RetentionConfiguration,
    today: date,
    request_reference: str | None,
    settings: ReferralHubSettings,
) -> ErasureOut | list[rules.Refusal]:
    """A right-to-erasure request: the erasure, or why the law does not allow it (the
    refusal is recorded and audited too). The person's referrals as victim are
    anonymised; where they were the perpetrator, the victim's referral stays, naming no one.
    dhr-tracker is asked first, before the person's row is locked."""
    if await get_person(work.session, person_id=person_id) is None:
        raise not_found("person")
    held = await review_holds(settings, person_id=person_id)
    person = await service.lock_person(work.session, person_id=person_id)
    if person is None or person.merged_into is not None:
        raise not_found("person")
    referrals = (await service.referrals_of(work.session, person_ids=[person_id]))[person_id]
    _, open_hub_cases = await service.hub_cases_of(work.session, person_id=person_id)
    refused = [
        *rules.refusals(referrals, open_hub_cases=open_hub_cases, retention=retention, today=today),
        *held,
    ]
    if refused:
        work.add(
            RowsInsert(
                erasure_table,
                [
                    _erasure_row(
                        person_id=person_id,
                        reason="erasure_request",
                        outcome="refused",
                        refusals=[r.code for r in refused],
                        referral_ids=[],
                        decided_by=caller.agency,
                        request_reference=request_reference,
                    )
                ],
            )
        )
        work.audit(action="erasure-refused", record_type=AUDIT_RECORD, record_ids=[str(person_id)])
        return refused
    merged_in = (await subjects(work.session, person_id=person_id)) or {person_id}
    as_victim = [r.id for r in referrals if r.victim_id == person_id]
    erasure_id = await _erase(
        work,
        person_ids=[person_id, *sorted(merged_in - {person_id})],
        referral_ids=as_victim,
        reason="erasure_request",
        decided_by=caller.agency,
        request_reference=request_reference,
        today=today,
    )
    return ErasureOut(erasure_id=erasure_id, person_id=person_id, referral_ids=sorted(as_victim))


async def _erase(
    work: Work,
    *,
    person_ids: Sequence[uuid.UUID],
    referral_ids: Sequence[uuid.UUID],
    reason: ErasureReason,
    decided_by: str,
    request_reference: str | None,
    today: date,
) -> uuid.UUID:
    at = clock.now()
    await service.anonymise_referrals(work.session, referral_ids=referral_ids, at=at)
    for person_id in person_ids:
        await service.anonymise_person(work.session, person_id=person_id, at=at)
    row = _erasure_row(
        person_id=person_ids[0],
        reason=reason,
        outcome="erased",
        refusals=[],
        referral_ids=[str(r) for r in referral_ids],
        decided_by=decided_by,
        request_reference=request_reference,
    )
    work.add(RowsInsert(erasure_table, [row]))
    work.emit(
        RecordsErased(
            erasure_id=row["id"],
            reason=reason,
            person_ids=list(person_ids),
            referral_ids=list(referral_ids),
            erased_on=today,
        ),
        key=str(person_ids[0]),
    )
    work.audit(action="erase", record_type=AUDIT_RECORD, record_ids=[str(p) for p in person_ids])
    if referral_ids:
        work.audit(
            action="erase", record_type="referral", record_ids=[str(r) for r in referral_ids]
        )
    return row["id"]


def _erasure_row(
    *,
    person_id: uuid.UUID,
    reason: ErasureReason,
    outcome: str,
    refusals: list[str],
    referral_ids: list[str],
    decided_by: str,
    request_reference: str | None,
) -> dict[str, Any]:
    return {
        "id": uuid.uuid4(),
        "person_id": person_id,
        "reason": reason,
        "outcome": outcome,
        "refusals": refusals,
        "referral_ids": referral_ids,
        "decided_by": decided_by,
        "request_reference": request_reference,
        "decided_at": clock.now(),
    }

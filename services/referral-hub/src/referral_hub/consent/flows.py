"""Recording a change of a referral's consent: the referral, the history row, the event,
the audit row and, when sharing stops, the cancelled webhooks. Never commits."""

import uuid
from typing import Any

from csp_common import clock
from csp_common.auth import Caller
from csp_common.contracts.referrals import ConsentChanged
from csp_common.errors import Problem
from csp_common.unit_of_work import Work
from referral_hub.codes import ConsentStatus, LawfulBasis
from referral_hub.consent import service
from referral_hub.consent.rules import ConsentRefused, NeedsBasis, next_consent
from referral_hub.consent.schemas import ConsentChangeIn
from referral_hub.delivery.service import cancel_pending_of_referral
from referral_hub.problems import invalid_input
from referral_hub.referral.sharing import STOPPED, sharing_stopped


async def change_consent(
    work: Work, *, referral: Any, caller: Caller, body: ConsentChangeIn
) -> uuid.UUID:
    """Record `body` against `referral` (as read); the id of the history row.

    409 when the change cannot follow the current consent (its `type` says why) or
    another change came first; 422 when it needs a lawful basis it does not name.
    """
    previous = (ConsentStatus(referral.consent_status), LawfulBasis(referral.consent_basis))
    try:
        status, basis = next_consent(
            current_status=previous[0],
            current_basis=previous[1],
            status=body.status,
            basis=body.basis,
        )
    except ConsentRefused as refused:
        raise Problem(409, "Consent cannot change so", refused.detail, type=refused.code) from None
    except NeedsBasis as needs:
        raise invalid_input("#/basis", needs.detail, code="basis_required") from None
    at = clock.now()
    changed = await service.set_consent(
        work.session,
        referral_id=referral.id,
        expected_version=referral.version,
        status=status.value,
        basis=basis.value,
        at=at,
    )
    if not changed:
        raise Problem(
            409,
            "Conflict",
            "The referral changed while this was recorded; read it and retry.",
            type="referral-changed",
        )
    change_id = uuid.uuid4()
    await service.add_change(
        work.session,
        row={
            "id": change_id,
            "referral_id": referral.id,
            "previous_status": previous[0].value,
            "previous_basis": previous[1].value,
            "status": status.value,
            "basis": basis.value,
            "reason": body.reason,
            "authorised_by": body.authorised_by,
            "recorded_by": caller.subject[:200],
            "agency": caller.agency,
            "recorded_at": at,
        },
    )
    stopped = sharing_stopped(status=status, basis=basis)
    if stopped:
        await cancel_pending_of_referral(work.session, referral_id=referral.id, reason=STOPPED)
    work.emit(
        ConsentChanged(
            referral_id=referral.id,
            area=referral.area,
            previous_status=previous[0].value,
            status=status.value,
            previous_lawful_basis=previous[1].value,
            lawful_basis=basis.value,
            sharing_stopped=stopped,
            changed_at=at,
        ),
        key=str(referral.id),
        time=at,
    )
    work.audit(action="update", record_type="referral", record_ids=[str(referral.id)])
    return change_id

"""A referral's status, changed by its referring agency. Never commits."""

from typing import Any

from csp_common import clock
from csp_common.contracts.referrals import ReferralStatusChanged
from csp_common.errors import Problem
from csp_common.unit_of_work import Work
from referral_hub.codes import ReferralStatus
from referral_hub.referral import service

TERMINAL = {ReferralStatus.CLOSED.value, ReferralStatus.WITHDRAWN.value}


async def change_status(
    work: Work, *, referral: Any, status: ReferralStatus, reason: str | None
) -> None:
    """Move `referral` (as read) to `status`: 409 once it is closed or withdrawn, 412 if it
    changed since it was read. Publishes `ReferralStatusChanged`, audited as an update."""
    if referral.status in TERMINAL:
        raise Problem(409, "Conflict", f"The referral is {referral.status}; it cannot change.")
    previous = referral.status
    changed = await service.change_status(
        work.session,
        referral_id=referral.id,
        expected_version=referral.version,
        status=status.value,
        reason=reason,
    )
    if not changed:
        raise Problem(412, "Precondition failed", "The referral changed since you read it.")
    work.emit(
        ReferralStatusChanged(
            referral_id=referral.id,
            area=referral.area,
            previous_status=previous,
            status=status.value,
            changed_at=clock.now(),
        ),
        key=str(referral.id),
    )
    work.audit(action="update", record_type="referral", record_ids=[str(referral.id)])

"""Whether a referral may still be shared onward, from its consent and lawful basis.

Sharing stops when consent was its basis and consent is no longer given (it was
withdrawn): webhooks not yet delivered are cancelled, the dispatcher sends nothing for
it, and a provider whose routes are still `sent` (not acted on) no longer finds it in
its inbox or reads it. A referral
shared on another basis (vital interests, public task...) keeps being shared when
consent is withdrawn, and so does one whose consent is overridden on another basis.
Pure: the delivery, routes and consent packages all ask it.
"""

from typing import Any

from sqlalchemy import ColumnElement, and_

from referral_hub.codes import ConsentStatus, LawfulBasis

STOPPED = "consent, the basis of sharing, was withdrawn"
"""Why a webhook delivery was cancelled when sharing stopped (its `last_error`)."""


def sharing_stopped(*, status: ConsentStatus | str, basis: LawfulBasis | str) -> bool:
    """True when sharing relied on consent and consent is not given."""
    return LawfulBasis(basis) is LawfulBasis.CONSENT and (
        ConsentStatus(status) is not ConsentStatus.GIVEN
    )


def sharing_stopped_clause(referral_table: Any) -> ColumnElement[bool]:
    """`sharing_stopped` as a condition on the referral table."""
    return and_(
        referral_table.c.consent_basis == LawfulBasis.CONSENT.value,
        referral_table.c.consent_status != ConsentStatus.GIVEN.value,
    )

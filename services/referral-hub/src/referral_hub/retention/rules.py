"""When a person is past their retention period, and why a right-to-erasure request is
refused: pure rules over what the person index knows of them.

A referral is last needed on the day it was closed or withdrawn (its last update); a
person on the day of their latest referral. A person is due for erasure when every one of
their referrals is closed and past the referral period, the latest of them (or, with
none, the day they entered the index) is past the person period, and no hub case names
them (hub cases have a retention period of their own).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal, Protocol
from zoneinfo import ZoneInfo

from csp_common import clock
from csp_common.retention import RetentionConfiguration
from referral_hub.fields import CIVIL_TIMEZONE

CLOSED_STATUSES = frozenset({"closed", "withdrawn"})

RefusalCode = Literal[
    "open_referral",
    "lawful_basis",
    "law_enforcement",
    "marac_case",
    "hub_case",
    "ongoing_review",
    "review_check_unavailable",
]


class ReferralFacts(Protocol):
    status: str
    received_on: date
    updated_at: object
    consent_basis: str
    referrer_kind: str
    marac_referral: bool


@dataclass(frozen=True)
class Refusal:
    code: RefusalCode
    detail: str


def today() -> date:
    """The partnership's date (UK time): a period ends on a civil day."""
    return clock.today(ZoneInfo(CIVIL_TIMEZONE))


def last_needed(referral: ReferralFacts) -> date:
    return clock.as_utc(referral.updated_at).date()  # type: ignore[arg-type]


def is_due(
    referrals: Sequence[ReferralFacts],
    *,
    entered_on: date,
    hub_cases: int,
    retention: RetentionConfiguration,
    today: date,
) -> bool:
    if hub_cases:
        return False
    referral_cutoff = retention.cutoff("referral", today)
    if any(r.status not in CLOSED_STATUSES or last_needed(r) >= referral_cutoff for r in referrals):
        return False
    latest = max((r.received_on for r in referrals), default=entered_on)
    return latest < retention.cutoff("person", today)


def refusals(
    referrals: Sequence[ReferralFacts],
    *,
    open_hub_cases: int,
    retention: RetentionConfiguration,
    today: date,
) -> list[Refusal]:
    """Why the law does not allow erasing this person now (empty: it does)."""
    found: list[Refusal] = []
    if any(r.status not in CLOSED_STATUSES for r in referrals):
        found.append(
            Refusal("open_referral", "A referral about this person is still being worked.")
        )
    bases = sorted({r.consent_basis for r in referrals} & set(retention.erasure_refused_for_bases))
    if bases:
        found.append(
            Refusal(
                "lawful_basis",
                "A referral was shared on a basis under which erasure does not apply "
                f"(UK GDPR Article 17(3)(b)): {', '.join(bases)}.",
            )
        )
    if retention.police_referrals_held and any(r.referrer_kind == "police" for r in referrals):
        found.append(
            Refusal(
                "law_enforcement",
                "A police force referred this person: the record is processed for law "
                "enforcement (Data Protection Act 2018, Part 3), where erasure is restricted.",
            )
        )
    marac_cutoff = retention.cutoff("marac_case", today)
    if any(r.marac_referral and r.received_on >= marac_cutoff for r in referrals):
        found.append(
            Refusal(
                "marac_case",
                "A MARAC case about this person is within its retention period.",
            )
        )
    if open_hub_cases:
        found.append(Refusal("hub_case", "A community safety hub case about this person is open."))
    return found


ONGOING_REVIEW = Refusal(
    "ongoing_review", "A Domestic Homicide Review that is not finished names this person."
)
REVIEW_CHECK_UNAVAILABLE = Refusal(
    "review_check_unavailable",
    "dhr-tracker could not say whether an ongoing review needs this person; ask again later.",
)

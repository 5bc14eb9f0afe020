"""How long each kind of record about people is kept, part of the partnership's
configuration (`retention` in its file; these defaults otherwise).

A record is past its period when the day it was last needed (a referral's or hub case's
closing, a person's latest referral, a MARAC case's closing, a review's publication, an
audit row's writing) is more than its period before today. Right-to-erasure requests
are refused for the lawful bases listed in `erasure_refused_for_bases` (UK GDPR
Article 17(3)(b): a legal obligation or a public task) and, when `police_referrals_held`,
for records a police force referred (processing under Part 3 of the Data Protection Act
2018, where erasure is restricted).
"""

from datetime import date
from typing import Literal

from dateutil.relativedelta import relativedelta
from pydantic import BaseModel, Field, model_validator

RecordKind = Literal["referral", "person", "marac_case", "hub_case", "review", "audit"]
RECORD_KINDS: tuple[RecordKind, ...] = (
    "referral",
    "person",
    "marac_case",
    "hub_case",
    "review",
    "audit",
)

AUDIT_FLOOR_YEARS = 2
"""The audit trail is never kept for less: the database trigger refuses to delete an
audit row younger than this, whatever a configuration says."""


class RetentionPeriod(BaseModel):
    years: int = Field(ge=1, le=100)
    months: int = Field(default=0, ge=0, le=11)

    def cutoff(self, today: date) -> date:
        """Records last needed before this day are past their period."""
        return today - relativedelta(years=self.years, months=self.months)


def _defaults() -> dict[RecordKind, RetentionPeriod]:
    return {
        "referral": RetentionPeriod(years=6),
        "person": RetentionPeriod(years=6),
        "marac_case": RetentionPeriod(years=6),
        "hub_case": RetentionPeriod(years=6),
        "review": RetentionPeriod(years=20),
        "audit": RetentionPeriod(years=7),
    }


class RetentionConfiguration(BaseModel):
    periods: dict[RecordKind, RetentionPeriod] = Field(default_factory=_defaults)
    erasure_refused_for_bases: list[str] = Field(
        default_factory=lambda: ["legal_obligation", "public_task"],
        description="Lawful bases under which a right-to-erasure request is refused",
    )
    police_referrals_held: bool = Field(
        default=True,
        description="Refuse erasure of what a police force referred (law-enforcement basis)",
    )

    @model_validator(mode="after")
    def _audit_kept_long_enough(self) -> "RetentionConfiguration":
        audit = self.period("audit")
        if (audit.years, audit.months) < (AUDIT_FLOOR_YEARS, 0):
            raise ValueError(f"retention.periods.audit: at least {AUDIT_FLOOR_YEARS} years")
        return self

    def period(self, kind: RecordKind) -> RetentionPeriod:
        return self.periods.get(kind) or _defaults()[kind]

    def cutoff(self, kind: RecordKind, today: date) -> date:
        return self.period(kind).cutoff(today)

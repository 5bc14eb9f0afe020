"""The consent API's bodies: a change to record, the current consent and its history."""

import uuid
from datetime import datetime
from typing import Any, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from csp_common.fields import ShortText
from referral_hub.codes import ConsentStatus, LawfulBasis
from referral_hub.fields import InputModel
from referral_hub.referral.schemas import ConsentOut, consent_out


class ConsentChangeIn(InputModel):
    """A change of the victim's consent, or of the lawful basis of sharing."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"status": "withdrawn", "reason": "Victim phoned the officer in the case"},
                {
                    "status": "overridden",
                    "basis": "vital_interests",
                    "reason": "Threats to kill since the withdrawal",
                    "authorised_by": "DI Example, safeguarding hub manager",
                },
                {"status": "given"},
            ]
        }
    )

    status: ConsentStatus
    basis: LawfulBasis | None = Field(
        default=None,
        description="The lawful basis of sharing from now on. With `given`: defaults to "
        "consent. With `refused` or `not_sought`: another basis, defaulting to the "
        "referral's if it is not consent. With `overridden`: required, not consent. Not "
        "with `withdrawn` (the basis stays: if it was consent, sharing stops).",
    )
    reason: ShortText = Field(default=None, description="Why; required with `overridden`")
    authorised_by: ShortText = Field(
        default=None,
        description="Who authorised sharing without consent; required with `overridden`, "
        "only allowed with it",
    )

    @model_validator(mode="after")
    def _fits_status(self) -> Self:
        overridden = self.status is ConsentStatus.OVERRIDDEN
        if overridden and (self.basis is None or self.basis is LawfulBasis.CONSENT):
            raise ValueError("an override needs a lawful basis other than consent")
        if overridden and (self.reason is None or self.authorised_by is None):
            raise ValueError("an override needs a reason and who authorised it (authorised_by)")
        if not overridden and self.authorised_by is not None:
            raise ValueError("authorised_by is only for an override")
        if self.status is ConsentStatus.WITHDRAWN and self.basis is not None:
            raise ValueError(
                "a withdrawal keeps the referral's basis; to share on another, record an override"
            )
        if self.status in (ConsentStatus.REFUSED, ConsentStatus.NOT_SOUGHT) and (
            self.basis is LawfulBasis.CONSENT
        ):
            raise ValueError(f"basis cannot be consent when consent is {self.status}")
        return self


class ConsentChangeOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    previous_status: ConsentStatus
    previous_basis: LawfulBasis
    status: ConsentStatus
    basis: LawfulBasis
    reason: str | None
    authorised_by: str | None
    recorded_by: str = Field(description="The recording system (the token's subject)")
    agency: str
    recorded_at: datetime


class ConsentHistory(BaseModel):
    """A referral's consent now, and every recorded change, oldest first."""

    referral_id: uuid.UUID
    current: ConsentOut
    changes: list[ConsentChangeOut]


def history_out(referral: Any, changes: list[Any]) -> ConsentHistory:
    return ConsentHistory(
        referral_id=referral.id,
        current=consent_out(status=referral.consent_status, basis=referral.consent_basis),
        changes=[ConsentChangeOut.model_validate(change) for change in changes],
    )

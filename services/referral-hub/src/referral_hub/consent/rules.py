"""The rules of consent: which changes may follow which (when sharing stops:
`referral/sharing.py`).

    given     -> withdrawn (its basis kept), refused, not_sought (on another basis)
    not given -> given, refused, not_sought, overridden (on another basis, authorised,
                 with a reason); withdrawn only follows given
    the same status on the same basis is no change (409)
"""

from dataclasses import dataclass

from referral_hub.codes import ConsentStatus, LawfulBasis


@dataclass(frozen=True)
class ConsentRefused(Exception):
    """A change that cannot follow the referral's current consent (a 409)."""

    code: str
    detail: str


@dataclass(frozen=True)
class NeedsBasis(Exception):
    """A change that needs a lawful basis other than consent and names none (a 422)."""

    detail: str


def next_consent(
    *,
    current_status: ConsentStatus,
    current_basis: LawfulBasis,
    status: ConsentStatus,
    basis: LawfulBasis | None,
) -> tuple[ConsentStatus, LawfulBasis]:
    """The consent and basis after a change (validated as a body already, see
    `ConsentChangeIn`). Raises ConsentRefused or NeedsBasis."""
    new: tuple[ConsentStatus, LawfulBasis]
    if status is ConsentStatus.WITHDRAWN:
        if current_status is not ConsentStatus.GIVEN:
            raise ConsentRefused(
                "consent-not-given", f"Consent is {current_status}; there is none to withdraw."
            )
        new = (status, current_basis)
    elif status is ConsentStatus.OVERRIDDEN:
        if current_status is ConsentStatus.GIVEN:
            raise ConsentRefused("consent-given", "Consent is given; there is nothing to override.")
        new = (status, basis or current_basis)
    elif status is ConsentStatus.GIVEN:
        new = (status, basis or LawfulBasis.CONSENT)
    else:
        kept = current_basis if current_basis is not LawfulBasis.CONSENT else None
        chosen = basis or kept
        if chosen is None:
            raise NeedsBasis(
                f"consent {status} needs a lawful basis other than consent: the referral's "
                "basis is consent"
            )
        new = (status, chosen)
    if new == (current_status, current_basis):
        raise ConsentRefused(
            "consent-unchanged", f"Consent is already {current_status} on {current_basis}."
        )
    return new

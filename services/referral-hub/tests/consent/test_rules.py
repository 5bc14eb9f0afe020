"""Which consent changes may follow which, and when sharing stops (pure rules)."""

import pytest

from referral_hub.codes import ConsentStatus, LawfulBasis
from referral_hub.consent.rules import ConsentRefused, NeedsBasis, next_consent
from referral_hub.referral.sharing import sharing_stopped

S, B = ConsentStatus, LawfulBasis
VITAL, TASK = B.VITAL_INTERESTS, B.PUBLIC_TASK


@pytest.mark.parametrize(
    ("status", "basis", "stopped"),
    [
        (S.GIVEN, B.CONSENT, False),
        (S.WITHDRAWN, B.CONSENT, True),
        (S.WITHDRAWN, B.PUBLIC_TASK, False),
        (S.OVERRIDDEN, B.VITAL_INTERESTS, False),
        (S.REFUSED, B.PUBLIC_TASK, False),
        (S.NOT_SOUGHT, B.LEGAL_OBLIGATION, False),
    ],
)
def test_sharing_stops_only_when_consent_was_the_basis_and_is_gone(
    status: ConsentStatus, basis: LawfulBasis, stopped: bool
) -> None:
    assert sharing_stopped(status=status, basis=basis) is stopped


@pytest.mark.parametrize(
    ("current", "change", "after"),
    [
        ((S.GIVEN, B.CONSENT), (S.WITHDRAWN, None), (S.WITHDRAWN, B.CONSENT)),
        ((S.GIVEN, B.PUBLIC_TASK), (S.WITHDRAWN, None), (S.WITHDRAWN, B.PUBLIC_TASK)),
        ((S.WITHDRAWN, B.CONSENT), (S.OVERRIDDEN, VITAL), (S.OVERRIDDEN, VITAL)),
        ((S.WITHDRAWN, B.CONSENT), (S.GIVEN, None), (S.GIVEN, B.CONSENT)),
        ((S.NOT_SOUGHT, B.PUBLIC_TASK), (S.REFUSED, None), (S.REFUSED, B.PUBLIC_TASK)),
        ((S.NOT_SOUGHT, B.PUBLIC_TASK), (S.GIVEN, B.PUBLIC_TASK), (S.GIVEN, B.PUBLIC_TASK)),
        ((S.GIVEN, B.CONSENT), (S.REFUSED, B.LEGAL_OBLIGATION), (S.REFUSED, B.LEGAL_OBLIGATION)),
        ((S.OVERRIDDEN, VITAL), (S.OVERRIDDEN, TASK), (S.OVERRIDDEN, TASK)),
    ],
)  # fmt: skip
def test_allowed_changes(
    current: tuple[ConsentStatus, LawfulBasis],
    change: tuple[ConsentStatus, LawfulBasis | None],
    after: tuple[ConsentStatus, LawfulBasis],
) -> None:
    found = next_consent(
        current_status=current[0], current_basis=current[1], status=change[0], basis=change[1]
    )
    assert found == after


@pytest.mark.parametrize(
    ("current", "change", "code"),
    [
        ((S.REFUSED, B.PUBLIC_TASK), (S.WITHDRAWN, None), "consent-not-given"),
        ((S.OVERRIDDEN, B.VITAL_INTERESTS), (S.WITHDRAWN, None), "consent-not-given"),
        ((S.GIVEN, B.CONSENT), (S.OVERRIDDEN, B.VITAL_INTERESTS), "consent-given"),
        ((S.GIVEN, B.CONSENT), (S.GIVEN, None), "consent-unchanged"),
        ((S.REFUSED, B.PUBLIC_TASK), (S.REFUSED, None), "consent-unchanged"),
    ],
)
def test_refused_changes(
    current: tuple[ConsentStatus, LawfulBasis],
    change: tuple[ConsentStatus, LawfulBasis | None],
    code: str,
) -> None:
    with pytest.raises(ConsentRefused) as refused:
        next_consent(
            current_status=current[0], current_basis=current[1], status=change[0], basis=change[1]
        )
    assert refused.value.code == code


def test_refusing_consent_that_was_the_basis_needs_another_basis() -> None:
    with pytest.raises(NeedsBasis):
        next_consent(current_status=S.GIVEN, current_basis=B.CONSENT, status=S.REFUSED, basis=None)

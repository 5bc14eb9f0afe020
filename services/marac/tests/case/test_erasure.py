"""marac applies referral-hub's `RecordsErased`: the erased referrals' copies go and the
erased people's ids are replaced in cases, on PostgreSQL (each test rolled back)."""

import uuid
from datetime import date

from sqlalchemy import func, or_, select

from csp_common.contracts.retention import RecordsErased
from csp_devtools.kits.marac import received, referral_event
from marac.case.flows import referral_handler
from marac.case.models import case_table
from marac.referral.models import referral_table

FIRST = date(2031, 3, 1)


async def test_an_erasure_drops_the_referral_and_the_persons_id_from_cases(
    marac_session, marac_settings
) -> None:  # type: ignore[no-untyped-def]
    victim, perpetrator, other = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    erased = referral_event(victim_id=victim, perpetrator_id=perpetrator, referred_on=FIRST)
    kept = referral_event(victim_id=other, perpetrator_id=perpetrator, referred_on=FIRST)
    erasure = RecordsErased(
        erasure_id=uuid.uuid4(),
        reason="erasure_request",
        person_ids=[victim],
        referral_ids=[erased.referral_id],
        erased_on=FIRST,
    )
    handler = referral_handler(marac_settings)

    await handler(marac_session, [received(erased), received(kept), received(erasure)])

    cases = {
        row.id: row
        for row in await marac_session.execute(
            select(case_table).where(
                or_(
                    case_table.c.perpetrator_id == str(perpetrator),
                    case_table.c.victim_id == str(victim),
                )
            )
        )
    }
    assert len(cases) == 2  # the case stays for marac's own retention period...
    erased_case = next(c for c in cases.values() if c.referral_id is None)
    assert erased_case.victim_id not in (str(victim), str(other))  # ...naming no one
    assert {c.referral_id for c in cases.values()} == {None, str(kept.referral_id)}
    copies = await marac_session.scalar(
        select(func.count()).where(
            or_(
                referral_table.c.id == str(erased.referral_id),
                referral_table.c.victim_id == str(victim),
            )
        )
    )
    assert copies == 0
    still = await marac_session.scalar(
        select(referral_table.c.victim_id).where(referral_table.c.id == str(kept.referral_id))
    )
    assert still == str(other)

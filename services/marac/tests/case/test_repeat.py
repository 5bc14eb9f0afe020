"""The repeat rule: same victim and perpetrator within 12 months.

365 days after the last MARAC referral is still a repeat; 366 is a new referral, as in
referral-hub's `is_repeat`.
"""

import uuid
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from csp_devtools.kits.marac import received, referral_event
from marac.case.flows import referral_handler
from marac.case.models import case_table
from marac.case.rules import is_repeat
from marac.config.service import set_policy
from marac.policy import MaracPolicy

FIRST = date(2031, 3, 1)


async def _repeat_of(session, referral_id) -> bool:  # type: ignore[no-untyped-def]
    return await session.scalar(
        select(case_table.c.repeat).where(case_table.c.referral_id == str(referral_id))
    )


@pytest.mark.parametrize(("days", "repeat"), [(0, True), (364, True), (365, True), (366, False)])
async def test_a_second_referral_of_the_pair_is_a_repeat_up_to_365_days(
    marac_session, marac_settings, days: int, repeat: bool
) -> None:  # type: ignore[no-untyped-def]
    victim, perpetrator = uuid.uuid4(), uuid.uuid4()
    first = referral_event(victim_id=victim, perpetrator_id=perpetrator, referred_on=FIRST)
    second = referral_event(
        victim_id=victim, perpetrator_id=perpetrator, referred_on=FIRST + timedelta(days=days)
    )
    await referral_handler(marac_settings)(marac_session, [received(first), received(second)])
    assert await _repeat_of(marac_session, first.referral_id) is False
    assert await _repeat_of(marac_session, second.referral_id) is repeat


async def test_the_repeat_is_found_across_batches_and_for_the_same_pair_only(
    marac_session, marac_settings
) -> None:  # type: ignore[no-untyped-def]
    handler = referral_handler(marac_settings)
    victim, perpetrator = uuid.uuid4(), uuid.uuid4()
    await handler(
        marac_session,
        [received(referral_event(victim_id=victim, perpetrator_id=perpetrator, referred_on=FIRST))],
    )
    again = referral_event(
        victim_id=victim, perpetrator_id=perpetrator, referred_on=FIRST + timedelta(days=200)
    )
    other_perpetrator = referral_event(
        victim_id=victim, perpetrator_id=uuid.uuid4(), referred_on=FIRST + timedelta(days=200)
    )
    unknown_perpetrator = referral_event(
        victim_id=victim, perpetrator_id=None, referred_on=FIRST + timedelta(days=200)
    )
    await handler(
        marac_session, [received(e) for e in (again, other_perpetrator, unknown_perpetrator)]
    )
    assert await _repeat_of(marac_session, again.referral_id) is True
    assert await _repeat_of(marac_session, other_perpetrator.referral_id) is False
    assert await _repeat_of(marac_session, unknown_perpetrator.referral_id) is False


async def test_the_window_is_configuration(marac_session, marac_settings) -> None:  # type: ignore[no-untyped-def]
    await set_policy(marac_session, policy=MaracPolicy(repeat_window_days=30), by="test")
    victim, perpetrator = uuid.uuid4(), uuid.uuid4()
    events = [
        referral_event(
            victim_id=victim, perpetrator_id=perpetrator, referred_on=FIRST + timedelta(days=d)
        )
        for d in (0, 30, 61)
    ]
    await referral_handler(marac_settings)(marac_session, [received(e) for e in events])
    assert [await _repeat_of(marac_session, e.referral_id) for e in events] == [False, True, False]


async def test_referral_hubs_repeat_flag_is_kept(marac_session, marac_settings) -> None:  # type: ignore[no-untyped-def]
    event = referral_event(repeat=True, criteria=["repeat"], referred_on=FIRST)
    await referral_handler(marac_settings)(marac_session, [received(event)])
    assert await _repeat_of(marac_session, event.referral_id) is True


def test_is_repeat_boundaries() -> None:
    assert is_repeat(days_since_last=365, window_days=365)
    assert not is_repeat(days_since_last=366, window_days=365)
    assert not is_repeat(days_since_last=None, window_days=365)


async def test_a_person_merge_is_followed_so_the_repeat_is_still_found(
    marac_session, marac_settings
) -> None:  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime

    from csp_common.contracts.referrals import PersonsMerged

    duplicate, surviving, perpetrator = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    first = referral_event(victim_id=duplicate, perpetrator_id=perpetrator, referred_on=FIRST)
    merge = PersonsMerged(
        surviving_person_id=surviving, merged_person_id=duplicate, merged_at=datetime.now(UTC)
    )
    second = referral_event(
        victim_id=surviving, perpetrator_id=perpetrator, referred_on=FIRST + timedelta(days=100)
    )
    await referral_handler(marac_settings)(
        marac_session, [received(first), received(merge), received(second)]
    )
    victim = await marac_session.scalar(
        select(case_table.c.victim_id).where(case_table.c.referral_id == str(first.referral_id))
    )
    assert victim == str(surviving)
    assert await _repeat_of(marac_session, second.referral_id) is True


async def test_a_person_split_moves_the_named_referrals_to_the_new_person(
    marac_session, marac_settings
) -> None:  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime

    from csp_common.contracts.referrals import PersonSplit
    from marac.referral.models import referral_table

    person, new_person, perpetrator = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    kept = referral_event(victim_id=person, perpetrator_id=perpetrator, referred_on=FIRST)
    moved = referral_event(
        victim_id=person, perpetrator_id=perpetrator, referred_on=FIRST + timedelta(days=30)
    )
    split = PersonSplit(
        person_id=person,
        new_person_id=new_person,
        referral_ids=[moved.referral_id],
        split_at=datetime.now(UTC),
    )
    await referral_handler(marac_settings)(
        marac_session, [received(kept), received(moved), received(split)]
    )
    for table, column in (
        (case_table, case_table.c.referral_id),
        (referral_table, referral_table.c.id),
    ):
        victims = dict(
            (
                await marac_session.execute(
                    select(column, table.c.victim_id).where(
                        column.in_([str(kept.referral_id), str(moved.referral_id)])
                    )
                )
            )
            .tuples()
            .all()
        )
        assert victims == {
            str(kept.referral_id): str(person),
            str(moved.referral_id): str(new_person),
        }

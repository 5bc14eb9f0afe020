"""Case list capacity, overflow to the next meeting, and urgent cases first."""

from datetime import date, timedelta

from sqlalchemy import select

from csp_devtools.kits.marac import received, referral_event
from marac.case.flows import referral_handler
from marac.case.models import case_table
from marac.config.service import set_area_config
from marac.meeting.models import meeting_table
from marac.meeting.service import cadence_dates
from marac.policy import AreaConfig


async def _listing(session, referral_ids) -> list[tuple[date, bool]]:  # type: ignore[no-untyped-def]
    rows = await session.execute(
        select(case_table.c.referral_id, meeting_table.c.held_on, case_table.c.urgent)
        .join(meeting_table, meeting_table.c.id == case_table.c.meeting_id)
        .where(case_table.c.referral_id.in_([str(r) for r in referral_ids]))
    )
    found = {r.referral_id: (r.held_on, r.urgent) for r in rows}
    return [found[str(r)] for r in referral_ids]


async def _small_selby(session, cap: int = 2) -> AreaConfig:  # type: ignore[no-untyped-def]
    config = AreaConfig(
        expected_agencies=["north-yorkshire-police", "idas"],
        case_cap=cap,
        marac_first_meeting_on=date(2022, 1, 12),
    )
    await set_area_config(session, area="selby", config=config, by="test")
    return config


def _future(days: int) -> date:
    return date.today() + timedelta(days=days)


async def test_cases_fill_a_meeting_to_its_cap_then_overflow_to_the_next(
    marac_session, marac_settings
) -> None:  # type: ignore[no-untyped-def]
    await _small_selby(marac_session, cap=2)
    referred_on = _future(900)
    events = [
        referral_event(area="selby", marac_area="selby", referred_on=referred_on, score=15)
        for _ in range(5)
    ]
    await referral_handler(marac_settings)(marac_session, [received(e) for e in events])

    listing = await _listing(marac_session, [e.referral_id for e in events])
    first, second, third = list(
        _take(cadence_dates(date(2022, 1, 12), 14, referred_on + timedelta(days=1)), 3)
    )
    assert [held_on for held_on, _ in listing] == [first, first, second, second, third]


async def test_an_urgent_case_goes_first_and_pushes_the_latest_ordinary_case(
    marac_session, marac_settings
) -> None:  # type: ignore[no-untyped-def]
    await _small_selby(marac_session, cap=2)
    handler = referral_handler(marac_settings)
    referred_on = _future(1200)
    ordinary = [
        referral_event(
            area="selby", marac_area="selby", referred_on=referred_on - timedelta(days=d), score=14
        )
        for d in (1, 0)
    ]
    await handler(marac_session, [received(e) for e in ordinary])
    urgent = referral_event(area="selby", marac_area="selby", referred_on=referred_on, score=22)
    await handler(marac_session, [received(urgent)])

    first, second = list(
        _take(cadence_dates(date(2022, 1, 12), 14, referred_on + timedelta(days=1)), 2)
    )
    assert await _listing(marac_session, [urgent.referral_id]) == [(first, True)]
    assert await _listing(marac_session, [e.referral_id for e in ordinary]) == [
        (first, False),
        (second, False),
    ]


async def test_cases_are_listed_no_earlier_than_the_lead_time(
    marac_session, marac_settings
) -> None:  # type: ignore[no-untyped-def]
    config = await _small_selby(marac_session, cap=5)
    meeting_day = next(cadence_dates(config.marac_first_meeting_on, 14, _future(700)))
    event = referral_event(area="selby", marac_area="selby", referred_on=meeting_day)
    await referral_handler(marac_settings)(marac_session, [received(event)])
    [(held_on, _)] = await _listing(marac_session, [event.referral_id])
    assert held_on == meeting_day + timedelta(days=14)


def _take(iterator, n):  # type: ignore[no-untyped-def]
    for _ in range(n):
        yield next(iterator)

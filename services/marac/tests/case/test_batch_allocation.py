"""A batch of referrals is applied exactly as the same referrals one at a time would be.

The consumer applies thousands of referrals in one transaction (one look-up of the
pairs' histories, one of the areas' meetings, one insert of each kind); each case must
still get the repeat flag, the meeting and the events it would get alone, the
referrals taken in referral date order (as a batch decides them): several
referrals of one pair (repeats within the batch), of one area with a small cap
(overflow to the next meetings, meetings created as needed) and urgent cases pushing
ordinary ones, those of the batch and those stored before it.
"""

import json
import random
import uuid
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from csp_common.tables import outbox_table
from csp_devtools.kits.marac import received, referral_event
from marac.case.flows import referral_handler
from marac.case.models import case_table
from marac.config.service import set_area_config
from marac.meeting.models import meeting_table
from marac.policy import AreaConfig

AREAS = ("selby", "york")


async def _small_areas(session) -> None:  # type: ignore[no-untyped-def]
    for area in AREAS:
        config = AreaConfig(
            expected_agencies=["north-yorkshire-police", "idas"],
            case_cap=2,
            marac_first_meeting_on=date(2022, 1, 12),
        )
        await set_area_config(session, area=area, config=config, by="test")


def _referrals(rng: random.Random, start: date, count: int) -> list:  # type: ignore[type-arg]
    pairs = [(uuid.uuid4(), uuid.uuid4()) for _ in range(3)]
    events = []
    for _ in range(count):
        victim, perpetrator = rng.choice(pairs) if rng.random() < 0.6 else (uuid.uuid4(), None)
        area = rng.choice(AREAS)
        events.append(
            referral_event(
                victim_id=victim,
                perpetrator_id=perpetrator,
                area=area,
                marac_area=area,
                # a few days apart, several on the same day
                referred_on=start + timedelta(days=rng.choice((0, 0, 3, 9, 20))),
                score=rng.choice((14, 16, 20, 24)),
            )
        )
    return events


async def _outcome(session, events) -> dict:  # type: ignore[no-untyped-def]
    """What the referrals became, by referral: case, meeting date, and the events."""
    referral_ids = [str(e.referral_id) for e in events]
    rows = (
        await session.execute(
            select(
                case_table.c.id,
                case_table.c.referral_id,
                case_table.c.repeat,
                case_table.c.urgent,
                case_table.c.status,
                case_table.c.marac_area,
                meeting_table.c.held_on,
            )
            .outerjoin(meeting_table, meeting_table.c.id == case_table.c.meeting_id)
            # this test's cases only: other suites leave cases in these areas (some with no
            # referral) in the same database
            .where(case_table.c.referral_id.in_(referral_ids))
        )
    ).all()
    by_case = {r.id: r.referral_id for r in rows}
    meetings = {
        m.id: (m.marac_area, m.held_on.isoformat())
        for m in await session.execute(
            select(meeting_table).where(
                meeting_table.c.kind == "marac", meeting_table.c.marac_area.in_(AREAS)
            )
        )
    }
    published = []
    for row in await session.execute(
        select(outbox_table.c.key, outbox_table.c.event_type, outbox_table.c.data)
        .where(outbox_table.c.key.in_(list(by_case)))
        .order_by(outbox_table.c.id)
    ):
        data = json.loads(row.data)
        data["case_id"] = by_case[data["case_id"]]
        if "meeting_id" in data:
            data["meeting_id"] = meetings[data["meeting_id"]]
        published.append((by_case[row.key], row.event_type, data))
    return {
        "cases": sorted(
            (r.referral_id, r.repeat, r.urgent, r.status, r.marac_area, r.held_on) for r in rows
        ),
        "meetings": sorted(meetings.values()),
        # each case's events in the order it got them (events of different cases may
        # interleave differently in a batch)
        "events": {
            rid: [(t, d) for r, t, d in published if r == rid]
            for rid in referral_ids + sorted(set(by_case.values()) - set(referral_ids))
        },
    }


def _in_order(some: list, every: list) -> bool:  # type: ignore[type-arg]
    """Whether `some` is `every` with some items left out."""
    rest = iter(every)
    return all(any(item == other for other in rest) for item in some)


@pytest.mark.parametrize("seed", [1, 2, 3])
async def test_a_batch_allocates_exactly_as_one_at_a_time(
    marac_session, marac_settings, seed: int
) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(seed)
    await _small_areas(marac_session)
    handler = referral_handler(marac_settings)
    start = date.today() + timedelta(days=2000 + 100 * seed)
    # Cases already stored and listed, some of which urgent cases of the batch push on.
    stored = _referrals(rng, start, 8)
    await handler(marac_session, [received(e) for e in stored])
    batch = sorted(_referrals(rng, start, 30), key=lambda e: e.referred_on)

    outcomes = []
    for apply in ("batch", "one at a time"):
        savepoint = await marac_session.begin_nested()
        if apply == "batch":
            await handler(marac_session, [received(e) for e in batch])
        else:
            for event in batch:
                await handler(marac_session, [received(event)])
        outcomes.append(await _outcome(marac_session, stored + batch))
        await savepoint.rollback()

    in_batch, alone = outcomes
    assert in_batch["cases"] == alone["cases"]
    assert in_batch["meetings"] == alone["meetings"]
    assert in_batch["events"].keys() == alone["events"].keys()
    for referral_id, events in alone["events"].items():
        # One at a time, a case pushed on twice is listed twice; a batch lists it once,
        # where it ends up: the same first and last events, and none the other lacks.
        batched = in_batch["events"][referral_id]
        assert (batched[0], batched[-1]) == (events[0], events[-1])
        assert _in_order(batched, events)
    # the scenario exercises what it is about
    assert sum(repeat for _, repeat, *_ in alone["cases"]) >= 3
    held = [(area, held_on) for *_, area, held_on in alone["cases"]]
    assert max(held.count(m) for m in held) == 2  # meetings filled to their cap
    stored_ids = {str(e.referral_id) for e in stored}
    # a stored case was pushed on by an urgent one of the batch
    assert any(len(alone["events"][rid]) > 2 for rid in stored_ids)

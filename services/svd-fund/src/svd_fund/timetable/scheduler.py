"""The round timetable: publishes `round_opened` when a round's opening time has come and
`round_closed` when its closing time has, once each.

Once is kept by the database: one UPDATE flips the round's flag where it is still unset
and the time has come, and returns the rounds it flipped; the events are written in the
same transaction. A second replica's UPDATE waits on the rows, finds the flag set and
returns nothing; a crash before the commit leaves the flag unset for the next pass.

`round_opened` carries the titles the settings give the round's priorities and activity
types, so that reporting shows them rather than codes.
"""

import logging
import textwrap

from fastapi import FastAPI
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from csp_common import clock
from csp_common.app import Worker
from csp_common.contracts.svd_fund import RoundClosed, RoundOpened, RoundTitles
from csp_common.periodic import periodic_worker
from csp_common.unit_of_work import unit_of_work
from svd_fund.bids.models import bid_table
from svd_fund.fields import pence
from svd_fund.rounds.models import round_table
from svd_fund.settings import SvdSettings

log = logging.getLogger(__name__)

EVENT_TITLE_LENGTH = 64
"""The longest string an event may carry; a settings title may be longer (300)."""


def event_title(title: str) -> str:
    """The title as an event carries it: shortened at a word to 64 characters if longer."""
    if len(title) <= EVENT_TITLE_LENGTH:
        return title
    short = textwrap.shorten(title, width=EVENT_TITLE_LENGTH, placeholder="…")
    if short == "…":  # one word longer than the limit
        short = title[: EVENT_TITLE_LENGTH - 1].rstrip() + "…"
    return short


def round_titles(
    settings: SvdSettings, priorities: list[str], activity_types: list[str]
) -> RoundTitles:
    """The titles of a round's codes that the settings still know (a code dropped from
    them since the round was made has none; reporting then shows the code)."""
    priority_titles = {p.code: p.title for p in settings.priorities}
    activity_titles = {a.code: a.title for a in settings.activity_types}
    return RoundTitles(
        priorities={c: event_title(priority_titles[c]) for c in priorities if c in priority_titles},
        activity_types={
            c: event_title(activity_titles[c]) for c in activity_types if c in activity_titles
        },
    )


async def publish_round_times(
    session_factory: async_sessionmaker[AsyncSession], settings: SvdSettings
) -> int:
    """One pass: the events of every round whose opening or closing has come; how many."""
    now = clock.now()
    async with unit_of_work(session_factory, purpose="round-schedule") as work:
        opened = (
            await work.session.execute(
                update(round_table)
                .where(round_table.c.opening_published.is_(False), round_table.c.opens_at <= now)
                .values(opening_published=True)
                .returning(round_table)
            )
        ).all()
        for row in opened:
            work.emit(
                RoundOpened(
                    round_id=row.id,
                    budget_pence=pence(row.budget),
                    grant_cap_pence=pence(row.grant_cap),
                    opens_at=clock.as_utc(row.opens_at),
                    closes_at=clock.as_utc(row.closes_at),
                    priorities=row.priorities,
                    titles=round_titles(settings, row.priorities, row.activity_types),
                ),
                key=str(row.id),
            )
        closed = (
            await work.session.execute(
                update(round_table)
                .where(round_table.c.closing_published.is_(False), round_table.c.closes_at <= now)
                .values(closing_published=True)
                .returning(round_table.c.id, round_table.c.closes_at)
            )
        ).all()
        for row in closed:
            submitted = (
                await work.session.execute(
                    select(func.count())
                    .select_from(bid_table)
                    .where(bid_table.c.round_id == row.id, bid_table.c.status != "draft")
                )
            ).scalar_one()
            work.emit(
                RoundClosed(
                    round_id=row.id,
                    closes_at=clock.as_utc(row.closes_at),
                    bids_submitted=submitted,
                ),
                key=str(row.id),
            )
    return len(opened) + len(closed)


def round_worker(settings: SvdSettings) -> Worker:
    async def publish(app: FastAPI) -> int:
        return await publish_round_times(app.state.session_factory, settings)

    return periodic_worker(
        publish,
        name="round-scheduler",
        every_seconds=settings.round_check_seconds,
        enabled=settings.round_scheduler_enabled,
        log=log,
        counted="events",
        done="round openings and closings published",
    )

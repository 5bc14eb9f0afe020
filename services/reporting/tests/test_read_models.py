"""Read models fed by real events through the broker and the reporting consumer."""

from datetime import UTC, date, datetime

from sqlalchemy import func, select

from csp_devtools.events import (
    case_heard,
    hate_incident,
    referral_received,
    risk_assessed,
)
from reporting.hate_crime.models import HateReport
from reporting.marac.models import CaseHearing
from reporting.read_models import live_slot
from reporting.referrals.models import Referral, RiskAssessment


async def _live(app, model):  # type: ignore[no-untyped-def]
    """The model's table in the slot that serves (a rebuild may have swapped them)."""
    async with app.state.session_factory() as session:
        return model.table(await live_slot(session))


async def _count(app, table, *where) -> int:  # type: ignore[no-untyped-def]
    async with app.state.engine.connect() as conn:
        return int(await conn.scalar(select(func.count()).select_from(table).where(*where)) or 0)


async def test_events_become_facts_in_the_live_slot(
    reporting_app, reporting_feeder, reporting_year: int
) -> None:  # type: ignore[no-untyped-def]
    day = date(reporting_year, 5, 2)
    referral = referral_received(received_on=day, area="selby")
    await reporting_feeder.feed([referral, risk_assessed(referral_id=referral.referral_id)])
    referrals = await _live(reporting_app, Referral)
    assert (
        await _count(reporting_app, referrals, referrals.c.referral_id == referral.referral_id) == 1
    )
    risks = await _live(reporting_app, RiskAssessment)
    async with reporting_app.state.engine.connect() as conn:
        row = (
            await conn.execute(select(risks).where(risks.c.referral_id == referral.referral_id))
        ).one()
    assert row.level == "high"


async def test_the_same_event_twice_counts_once(
    reporting_app, reporting_feeder, reporting_year: int
) -> None:  # type: ignore[no-untyped-def]
    heard = case_heard(heard_on=date(reporting_year, 3, 3), marac_area="selby")
    sent = await reporting_feeder.feed([heard])
    # Redelivered with the same CloudEvents id, and published again with a new id
    # (a producer retried after a crash): both leave one hearing.
    await reporting_feeder.feed([heard], event_ids=[sent[0].event_id])
    await reporting_feeder.feed([heard])
    table = await _live(reporting_app, CaseHearing)
    assert await _count(reporting_app, table, table.c.case_id == heard.case_id) == 1


async def test_an_older_event_does_not_overwrite_a_newer_one(
    reporting_app, reporting_feeder, reporting_year: int
) -> None:  # type: ignore[no-untyped-def]
    referral = referral_received(received_on=date(reporting_year, 6, 1))
    newer = risk_assessed(referral_id=referral.referral_id, level="medium")
    older = risk_assessed(referral_id=referral.referral_id, level="high")
    await reporting_feeder.feed([referral, newer], time=datetime(2030, 1, 2, tzinfo=UTC))
    await reporting_feeder.feed([older], time=datetime(2030, 1, 1, tzinfo=UTC))
    risks = await _live(reporting_app, RiskAssessment)
    async with reporting_app.state.engine.connect() as conn:
        level = await conn.scalar(
            select(risks.c.level).where(risks.c.referral_id == referral.referral_id)
        )
    assert level == "medium"


async def test_the_events_own_date_decides_the_period_not_its_arrival(
    reporting_app, reporting_feeder, reporting_year: int
) -> None:  # type: ignore[no-untyped-def]
    # Reported long after, in local time: 23:30 on 31 March BST is still March (FY Q4).
    crime = hate_incident(on=date(reporting_year, 3, 31), hour=23, area="craven")
    await reporting_feeder.feed([crime], time=datetime(2099, 1, 1, tzinfo=UTC))
    table = await _live(reporting_app, HateReport)
    async with reporting_app.state.engine.connect() as conn:
        row = (await conn.execute(select(table).where(table.c.report_id == crime.report_id))).one()
    assert row.occurred_on == date(reporting_year, 3, 31)
    assert row.occurred_hour == 23

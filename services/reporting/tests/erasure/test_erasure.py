"""reporting applies referral-hub's `RecordsErased` off the broker: the erased referrals'
ids go from every read model, and the figures stay as they were."""

import uuid
from datetime import UTC, date, datetime

from sqlalchemy import select

from csp_common.contracts.retention import RecordsErased
from csp_devtools.events import referral_received, referral_routed, risk_assessed
from reporting.read_models import ReadModel, live_slot


async def _stored_ids(engine, referral_ids) -> set:  # type: ignore[no-untyped-def]
    found = set()
    async with engine.connect() as connection:
        from sqlalchemy.ext.asyncio import AsyncSession

        slot = await live_slot(AsyncSession(bind=connection))
        for model in ReadModel.all:
            table = model.table(slot)
            if "referral_id" in table.c:
                rows = await connection.execute(
                    select(table.c.referral_id).where(table.c.referral_id.in_(referral_ids))
                )
                found |= set(rows.scalars())
    return found


async def test_an_erasure_anonymises_the_facts_and_keeps_the_figures(
    reporting_client, reporting_reader, reporting_feeder, reporting_app, reporting_year: int
) -> None:  # type: ignore[no-untyped-def]
    year = reporting_year
    referrals = [referral_received(received_on=date(year, 5, 10), area="york") for _ in range(12)]
    events = [
        *referrals,
        *(risk_assessed(referral_id=r.referral_id, level="high", area="york") for r in referrals),
        *(
            referral_routed(referral_id=r.referral_id, routed_at=datetime(year, 5, 11, tzinfo=UTC))
            for r in referrals
        ),
    ]
    await reporting_feeder.feed(events)
    fy = {"fy": f"{year}-{(year + 1) % 100:02d}", "group_by": "risk_level"}
    before = await reporting_client.get("/v1/stats/referrals", params=fy, headers=reporting_reader)
    erased = [r.referral_id for r in referrals[:3]]
    assert await _stored_ids(reporting_app.state.engine, erased) == set(erased)

    await reporting_feeder.feed(
        [
            RecordsErased(
                erasure_id=uuid.uuid4(),
                reason="retention_period",
                person_ids=[r.victim_id for r in referrals[:3]],
                referral_ids=erased,
                erased_on=date(year + 7, 1, 1),
            )
        ]
    )

    assert await _stored_ids(reporting_app.state.engine, erased) == set()
    kept = [r.referral_id for r in referrals[3:]]
    assert await _stored_ids(reporting_app.state.engine, kept) == set(kept)
    after = await reporting_client.get("/v1/stats/referrals", params=fy, headers=reporting_reader)
    assert after.json() == before.json()
    assert after.json()["referrals"] == 12

"""dhr-tracker applies referral-hub's `RecordsErased`: the erased person's id goes from
the reviews that named it, on PostgreSQL (each test rolled back)."""

import uuid
from datetime import UTC, date, datetime

from sqlalchemy import select

from csp_common.contracts.referrals import PersonsMerged
from csp_common.contracts.retention import RecordsErased
from csp_devtools.testing.feeding import received
from dhr_tracker.erasure.flows import apply_erasures
from dhr_tracker.record.models import review_table


async def test_an_erasure_drops_the_persons_id_from_reviews(dhr_api, dhr_app) -> None:  # type: ignore[no-untyped-def]
    erased, kept = str(uuid.uuid4()), str(uuid.uuid4())
    review = await dhr_api.notify(person_ids=[erased, kept])
    other = await dhr_api.notify(person_ids=[kept])
    erasure = RecordsErased(
        erasure_id=uuid.uuid4(),
        reason="retention_period",
        person_ids=[uuid.UUID(erased)],
        referral_ids=[uuid.uuid4()],
        erased_on=date(2026, 12, 7),
    )
    unrelated = PersonsMerged(
        surviving_person_id=uuid.UUID(kept),
        merged_person_id=uuid.uuid4(),
        merged_at=datetime(2026, 12, 7, 10, 0, tzinfo=UTC),
    )

    async with dhr_app.state.session_factory() as session:
        await apply_erasures(session, [received(unrelated), received(erasure)])
        await session.commit()
        named = dict(
            (await session.execute(select(review_table.c.id, review_table.c.person_ids))).all()
        )

    assert named[uuid.UUID(review["id"])] == [kept]
    assert named[uuid.UUID(other["id"])] == [kept]


async def test_an_ongoing_review_holds_the_person_and_says_only_so(
    dhr_api, dhr_client, auth_header
) -> None:  # type: ignore[no-untyped-def]
    named, other = str(uuid.uuid4()), str(uuid.uuid4())
    await dhr_api.notify(person_ids=[named])
    officer = auth_header(agency="pfcc", scopes=["records:retention"])

    held = await dhr_client.get(f"/v1/persons/{named}/retention-holds", headers=officer)
    free = await dhr_client.get(f"/v1/persons/{other}/retention-holds", headers=officer)
    manager = await dhr_client.get(
        f"/v1/persons/{named}/retention-holds",
        headers=auth_header(agency="pfcc", scopes=["dhr:manage"]),
    )

    assert held.status_code == 200, held.text
    assert held.json() == {"person_id": named, "holds": ["ongoing_review"]}
    assert free.json() == {"person_id": other, "holds": []}
    assert manager.status_code == 403

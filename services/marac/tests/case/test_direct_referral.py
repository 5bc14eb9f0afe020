"""A direct case may name only a referral the caller may see: any other is, to the
caller, a referral that does not exist (no case attached to it, no 409 confirming it)."""

import uuid

from sqlalchemy import func, select

from csp_devtools.kits.marac import (
    direct_referral,
    publish,
    received_event,
    referral_event,
    routed_event,
)
from csp_devtools.testing.infra import eventually
from marac.case.models import case_table
from marac.referral.models import referral_table


async def _known(app, referral_id) -> bool:  # type: ignore[no-untyped-def]
    async with app.state.session_factory() as session:
        found = await session.scalar(
            select(referral_table.c.id).where(referral_table.c.id == str(referral_id))
        )
    return found is not None


async def _cases_of(app, referral_id) -> int:  # type: ignore[no-untyped-def]
    async with app.state.session_factory() as session:
        return int(
            await session.scalar(
                select(func.count())
                .select_from(case_table)
                .where(case_table.c.referral_id == str(referral_id))
            )
            or 0
        )


def _naming(event, **overrides):  # type: ignore[no-untyped-def]
    people = {
        "referral_id": str(event.referral_id),
        "victim_id": str(event.victim_id),
        "perpetrator_id": str(event.perpetrator_id),
    }
    return direct_referral(**{**people, **overrides})


async def test_another_agencys_referral_is_one_that_does_not_exist(
    marac_app, marac_http, marac_auth, marac_producer
) -> None:  # type: ignore[no-untyped-def]
    standard = received_event()  # a police referral that never went to MARAC
    to_marac = referral_event(area="york", marac_area="york")  # police, and a MARAC case
    await publish(marac_producer, standard)
    await publish(marac_producer, routed_event(standard.referral_id, "idas"))
    await publish(marac_producer, to_marac)
    await eventually(lambda: _cases_of(marac_app, to_marac.referral_id), timeout=20)
    await eventually(lambda: _known(marac_app, standard.referral_id), timeout=20)

    health = marac_auth("refer", agency="health")
    answers = [
        await marac_http.post("/v1/cases", json=_naming(event), headers=health)
        for event in (received_event(), standard, to_marac)  # unknown, standard, MARAC
    ]
    assert [a.status_code for a in answers] == [422, 422, 422], [a.text for a in answers]
    bodies = [{k: v for k, v in a.json().items() if k != "request_id"} for a in answers]
    assert bodies[0] == bodies[1] == bodies[2]
    assert answers[0].json()["type"].endswith("unknown-referral")
    assert await _cases_of(marac_app, standard.referral_id) == 0
    assert await _cases_of(marac_app, to_marac.referral_id) == 1


async def test_the_agency_that_made_or_was_sent_a_referral_may_name_it(
    marac_app, marac_http, marac_auth, marac_producer
) -> None:  # type: ignore[no-untyped-def]
    made = received_event()
    sent = received_event()
    to_marac = referral_event(area="york", marac_area="york")
    for event in (made, sent, routed_event(sent.referral_id, "idas"), to_marac):
        await publish(marac_producer, event)
    await eventually(lambda: _cases_of(marac_app, to_marac.referral_id), timeout=20)
    await eventually(lambda: _known(marac_app, sent.referral_id), timeout=20)
    police = marac_auth("refer", agency="north-yorkshire-police")

    wrong_victim = await marac_http.post(
        "/v1/cases", json=_naming(made, victim_id=str(uuid.uuid4())), headers=police
    )
    assert wrong_victim.status_code == 422, wrong_victim.text
    own = await marac_http.post(
        "/v1/cases", json=_naming(made, perpetrator_id=None), headers=police
    )
    assert own.status_code == 201, own.text
    assert own.json()["perpetrator_id"] == str(made.perpetrator_id)  # the referral's
    routed = await marac_http.post(
        "/v1/cases", json=_naming(sent), headers=marac_auth("refer", agency="idas")
    )
    assert routed.status_code == 201, routed.text
    again = await marac_http.post("/v1/cases", json=_naming(to_marac), headers=police)
    assert again.status_code == 409, again.text

"""A case shows the referral's consent and lawful basis, kept current from referral-hub's
events over a real broker: in the case, the case list and the meeting pack."""

import uuid

from sqlalchemy import select

from csp_devtools.events import consent_changed
from csp_devtools.kits.marac import publish, referral_event
from csp_devtools.testing.infra import eventually
from marac.case.models import case_table

AREA = "scarborough-ryedale"


async def _case_id(app, referral_id: uuid.UUID) -> str | None:  # type: ignore[no-untyped-def]
    async with app.state.session_factory() as session:
        return await session.scalar(
            select(case_table.c.id).where(case_table.c.referral_id == str(referral_id))
        )


def _consent_is(http, headers, case_id: str, wanted: tuple):  # type: ignore[no-untyped-def]
    async def check() -> dict | None:  # type: ignore[type-arg]
        case = (await http.get(f"/v1/cases/{case_id}", headers=headers)).json()
        return case if (case["consent_status"], case["lawful_basis"]) == wanted else None

    return check


async def test_a_case_follows_the_referrals_consent_into_the_pack(
    marac_app, marac_http, marac_auth, marac_producer
) -> None:  # type: ignore[no-untyped-def]
    headers = marac_auth(area=AREA)
    event = referral_event(consent_status="given", lawful_basis="consent")
    await publish(marac_producer, event)
    case_id = await eventually(lambda: _case_id(marac_app, event.referral_id), timeout=20)
    case = await eventually(_consent_is(marac_http, headers, case_id, ("given", "consent")))

    await publish(
        marac_producer,
        consent_changed(referral_id=event.referral_id, status="withdrawn", lawful_basis="consent"),
    )
    await eventually(_consent_is(marac_http, headers, case_id, ("withdrawn", "consent")))
    pack = await marac_http.get(f"/v1/meetings/{case['meeting_id']}/pack", headers=headers)
    assert pack.status_code == 200
    [in_pack] = [c for c in pack.json()["cases"] if c["id"] == case_id]
    assert (in_pack["consent_status"], in_pack["lawful_basis"]) == ("withdrawn", "consent")

    await publish(
        marac_producer,
        consent_changed(
            referral_id=event.referral_id,
            previous_status="withdrawn",
            status="overridden",
            lawful_basis="vital_interests",
        ),
    )
    await eventually(_consent_is(marac_http, headers, case_id, ("overridden", "vital_interests")))
    listed = await marac_http.get("/v1/cases", params={"area": AREA}, headers=headers)
    assert listed.status_code == 200, listed.text
    [in_list] = [c for c in listed.json()["items"] if c["id"] == case_id]
    assert (in_list["consent_status"], in_list["lawful_basis"]) == ("overridden", "vital_interests")


async def test_a_case_referred_without_consent_codes_shows_them_unknown(
    marac_app, marac_http, marac_auth, marac_producer
) -> None:  # type: ignore[no-untyped-def]
    event = referral_event()
    await publish(marac_producer, event)
    case_id = await eventually(lambda: _case_id(marac_app, event.referral_id), timeout=20)

    case = (await marac_http.get(f"/v1/cases/{case_id}", headers=marac_auth(area=AREA))).json()

    assert (case["consent_status"], case["lawful_basis"]) == (None, None)

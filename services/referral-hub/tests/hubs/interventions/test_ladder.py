"""Interventions up the ladder through /v1/hub-cases/{id}/interventions (PostgreSQL,
each test rolled back): no rung skipped where the configuration says so; breaches."""

from collections.abc import Callable
from typing import Any

import httpx

from csp_common.hub_configuration import HubsConfiguration, InterventionKind
from referral_hub.hubs.interventions.rules import Issued, missing_step


async def _issue(
    client: httpx.AsyncClient, case: dict[str, Any], headers: dict[str, str], kind: str, **more: Any
) -> httpx.Response:
    subject = next(p["id"] for p in case["people"] if p["role"] == "subject")
    body = {"kind": kind, "subject_id": subject, "issued_on": "2023-03-10"} | more
    return await client.post(
        f"/v1/hub-cases/{case['id']}/interventions", json=body, headers=headers
    )


async def test_the_ladder_refuses_to_skip_a_step(
    hub_client: httpx.AsyncClient, open_case: Callable[..., Any], staff: Callable[..., Any]
) -> None:
    case = await open_case(hub_client)
    skipped = await _issue(hub_client, case, staff(), "community_protection_notice")
    assert skipped.status_code == 409, skipped.text
    assert skipped.json()["type"].endswith("ladder-step-skipped")
    assert skipped.json()["missing_step"] == "community_protection_warning"
    for kind in ("warning_letter", "acceptable_behaviour_contract", "community_protection_warning"):
        issued = await _issue(hub_client, case, staff(), kind)
        assert issued.status_code == 201, issued.text
    notice = await _issue(
        hub_client, case, staff(), "community_protection_notice", expires_on="2024-03-09"
    )
    assert notice.status_code == 201, notice.text
    assert notice.json()["step"] == 4 and notice.json()["ladder"] == "behaviour"

    breach = await hub_client.post(
        f"/v1/hub-cases/{case['id']}/interventions/{notice.json()['id']}/breaches",
        json={"breached_on": "2023-04-01"},
        headers=staff(),
    )
    assert breach.status_code == 201, breach.text
    assert breach.json()["breach_number"] == 1
    read = (await hub_client.get(f"/v1/hub-cases/{case['id']}", headers=staff())).json()
    assert [i["kind"] for i in read["interventions"]][-1] == "community_protection_notice"
    assert read["interventions"][-1]["breaches"][0]["breached_on"] == "2023-04-01"


async def test_skipping_is_allowed_when_configured(
    hub_client: httpx.AsyncClient,
    open_case: Callable[..., Any],
    staff: Callable[..., Any],
    configure: Callable[..., Any],
) -> None:
    configure(ladder_skipping_allowed=True)
    case = await open_case(hub_client)
    injunction = await _issue(hub_client, case, staff(), "civil_injunction")
    assert injunction.status_code == 201, injunction.text


async def test_a_place_order_targets_the_place_and_a_persons_order_a_subject(
    hub_client: httpx.AsyncClient, open_case: Callable[..., Any], staff: Callable[..., Any]
) -> None:
    case = await open_case(hub_client)
    pspo = await hub_client.post(
        f"/v1/hub-cases/{case['id']}/interventions",
        json={"kind": "public_spaces_protection_order", "issued_on": "2023-03-10"},
        headers=staff(),
    )
    assert pspo.status_code == 201, pspo.text
    assert pspo.json()["target"] == "place"
    no_subject = await hub_client.post(
        f"/v1/hub-cases/{case['id']}/interventions",
        json={"kind": "warning_letter", "issued_on": "2023-03-10"},
        headers=staff(),
    )
    assert no_subject.status_code == 422
    assert no_subject.json()["errors"][0]["pointer"] == "#/body/subject_id"
    unknown = await _issue(hub_client, case, staff(), "banishment")
    assert unknown.status_code == 422
    letter = await _issue(hub_client, case, staff(), "warning_letter")
    early = await hub_client.post(
        f"/v1/hub-cases/{case['id']}/interventions/{letter.json()['id']}/breaches",
        json={"breached_on": "2023-03-09"},
        headers=staff(),
    )
    assert early.status_code == 422


def test_a_rung_is_climbed_for_the_same_person() -> None:
    config = HubsConfiguration()
    kind = config.intervention("acceptable_behaviour_contract")
    assert isinstance(kind, InterventionKind)
    letter_to_another = [Issued(ladder="behaviour", step=1, subject_id="someone else")]
    assert missing_step(kind, subject_id="subject", issued=letter_to_another, config=config)
    letter = [Issued(ladder="behaviour", step=1, subject_id="subject")]
    assert missing_step(kind, subject_id="subject", issued=letter, config=config) is None

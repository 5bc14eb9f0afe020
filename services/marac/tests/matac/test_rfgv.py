"""RFGV ranking with configured weights, the serial-perpetrator test, nominations."""

import uuid
from datetime import date, timedelta

import pytest

from marac.matac.models import incident_table
from marac.matac.rules import SubjectHistory, is_serial, rfgv
from marac.policy import RfgvPolicy, SerialRule

TODAY = date.today()


def _incidents(
    subject: str, *, area: str, specs: list[tuple[int, str, int]], band: str = "25_34"
) -> list[dict]:
    """specs: (days ago, victim, gravity)."""
    return [
        {
            "id": str(uuid.uuid4()),
            "source_reference": f"NYP-{uuid.uuid4().hex[:12]}",
            "subject_id": subject,
            "victim_id": victim,
            "marac_area": area,
            "occurred_on": TODAY - timedelta(days=days),
            "gravity": gravity,
            "subject_age_band": band,
        }
        for days, victim, gravity in specs
    ]


@pytest.fixture
async def two_subjects(marac_app, marac_client) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """A: frequent, recent, low harm, one victim. B: rarer, older, grave, three victims."""
    a, b = str(uuid.uuid4()), str(uuid.uuid4())
    victim = str(uuid.uuid4())
    rows = _incidents(
        a,
        area="hambleton-richmondshire",
        specs=[(d, victim, 1) for d in (3, 10, 20, 30, 45, 60, 80, 90)],
    )
    rows += _incidents(
        b,
        area="hambleton-richmondshire",
        specs=[
            (300, str(uuid.uuid4()), 9),
            (400, str(uuid.uuid4()), 8),
            (500, str(uuid.uuid4()), 9),
        ],
    )
    async with marac_app.state.session_factory() as session:
        await session.execute(incident_table.insert(), rows)
        await session.commit()
    return a, b


async def _ranked(client, headers) -> list[str]:  # type: ignore[no-untyped-def]
    response = await client.get("/v1/matac/rankings?area=hambleton-richmondshire", headers=headers)
    assert response.status_code == 200, response.text
    return [s["subject_id"] for s in response.json()]


async def test_the_ranking_follows_the_configured_weights(
    marac_client, marac_auth, two_subjects
) -> None:  # type: ignore[no-untyped-def]
    a, b = two_subjects
    headers = marac_auth(area="hambleton-richmondshire")
    admin = marac_auth("admin")
    recency_frequency = {
        "rfgv": {
            "recency_weight": 5,
            "frequency_weight": 5,
            "gravity_weight": 1,
            "victims_weight": 1,
        }
    }
    assert (
        await marac_client.put("/v1/config/policy", json=recency_frequency, headers=admin)
    ).status_code == 200
    assert await _ranked(marac_client, headers) == [a, b]
    gravity_victims = {
        "rfgv": {
            "recency_weight": 1,
            "frequency_weight": 1,
            "gravity_weight": 5,
            "victims_weight": 5,
        }
    }
    assert (
        await marac_client.put("/v1/config/policy", json=gravity_victims, headers=admin)
    ).status_code == 200
    assert await _ranked(marac_client, headers) == [b, a]
    serial = (
        await marac_client.get(
            "/v1/matac/rankings?area=hambleton-richmondshire&serial_only=true", headers=headers
        )
    ).json()
    assert [s["subject_id"] for s in serial] == [b]


async def test_nomination_entry_and_exit_scores_and_interventions(
    marac_client, marac_auth, two_subjects
) -> None:  # type: ignore[no-untyped-def]
    _, b = two_subjects
    headers = marac_auth(area="hambleton-richmondshire")
    nominated = await marac_client.post(
        "/v1/matac/nominations/from-ranking",
        json={"area": "hambleton-richmondshire", "top": 3},
        headers=headers,
    )
    assert nominated.status_code == 201, nominated.text
    [nomination] = nominated.json()
    assert (nomination["subject_id"], nomination["serial_perpetrator"], nomination["source"]) == (
        b,
        True,
        "police-data",
    )
    assert nomination["entry_score"] > 0 and nomination["meeting_id"]
    meeting = (
        await marac_client.get(f"/v1/meetings/{nomination['meeting_id']}", headers=headers)
    ).json()
    assert meeting["kind"] == "matac" and meeting["held_on"] >= TODAY.isoformat()
    again = await marac_client.post(
        "/v1/matac/nominations",
        json={"subject_id": b, "area": "hambleton-richmondshire"},
        headers=headers,
    )
    assert again.status_code == 409
    plus = await marac_client.post(
        f"/v1/matac/nominations/{nomination['id']}/interventions",
        json={"kind": "support", "plus_choices_referral": True},
        headers=headers,
    )
    assert plus.status_code == 201
    assert (plus.json()["provider"], plus.json()["programme"]) == ("foundation", "plus_choices")
    bad = await marac_client.post(
        f"/v1/matac/nominations/{nomination['id']}/interventions",
        json={"kind": "hugs"},
        headers=headers,
    )
    assert bad.status_code == 422
    exited = await marac_client.post(
        f"/v1/matac/nominations/{nomination['id']}/exit", json={}, headers=headers
    )
    assert exited.status_code == 200
    assert exited.json()["exit_score"] == nomination["entry_score"]
    assert exited.json()["score_change"] == 0


async def test_a_partner_agency_nominates_and_sees_only_its_own(marac_client, marac_auth) -> None:  # type: ignore[no-untyped-def]
    body = {
        "subject_id": str(uuid.uuid4()),
        "area": "selby",
        "reason": "Second partner disclosing.",
    }
    partner = marac_auth("refer", agency="probation")
    created = await marac_client.post("/v1/matac/nominations", json=body, headers=partner)
    assert created.status_code == 201, created.text
    assert created.json()["source"] == "probation"
    # Scores and the serial test come from police data: the coordinator's, not a partner's.
    assert (created.json()["entry_score"], created.json()["serial_perpetrator"]) == (None, None)
    path = f"/v1/matac/nominations/{created.json()['id']}"
    assert (await marac_client.get(path, headers=partner)).status_code == 200
    assert (
        await marac_client.get(path, headers=marac_auth("refer", agency="health"))
    ).status_code == 404
    assert (await marac_client.get(path, headers=marac_auth(area="york"))).status_code == 404


def _history(band: str, specs: list[tuple[int, str]]) -> SubjectHistory:
    history = SubjectHistory("s", "york", age_band=band)
    history.incidents = [(TODAY - timedelta(days=d), v, 3) for d, v in specs]
    return history


@pytest.mark.parametrize(
    ("band", "specs", "serial"),
    [
        ("25_34", [(10, "v1"), (400, "v2")], True),
        ("16_17", [(10, "v1"), (20, "v2")], True),
        ("under_16", [(10, "v1"), (20, "v2")], False),
        ("25_34", [(10, "v1"), (20, "v1"), (30, "v1")], False),  # one victim
        ("25_34", [(10, "v1"), (3 * 365 + 5, "v2")], False),  # the second victim is too old
    ],
)
def test_the_serial_perpetrator_test(band, specs, serial) -> None:  # type: ignore[no-untyped-def]
    assert is_serial(_history(band, specs), as_of=TODAY, rule=SerialRule()) is serial


def test_rfgv_components_saturate_and_decay() -> None:
    rule = RfgvPolicy(window_days=100, frequency_cap=2, gravity_cap=6, victims_cap=2)
    score = rfgv(
        _history("25_34", [(50, "v1"), (60, "v2"), (150, "v3")]),
        as_of=TODAY,
        rule=rule,
        serial=SerialRule(),
    )
    assert (score.recency, score.frequency, score.gravity, score.victims) == (
        50.0,
        100.0,
        100.0,
        100.0,
    )
    assert score.incidents == 2 and score.score == 87.5


async def test_another_agencys_nomination_is_not_revealed(marac_client, marac_auth) -> None:  # type: ignore[no-untyped-def]
    body = {"subject_id": str(uuid.uuid4()), "area": "selby"}
    police = marac_auth("refer", agency="north-yorkshire-police")
    health = marac_auth("refer", agency="health")
    first = await marac_client.post("/v1/matac/nominations", json=body, headers=police)
    assert first.status_code == 201, first.text
    second = await marac_client.post("/v1/matac/nominations", json=body, headers=health)
    assert second.status_code == 201, second.text  # not 409: police's is not health's to know
    again = await marac_client.post("/v1/matac/nominations", json=body, headers=health)
    assert again.status_code == 409
    coordinator = marac_auth(area="selby")
    listed = (
        await marac_client.get("/v1/matac/nominations?area=selby&limit=500", headers=coordinator)
    ).json()["items"]
    mine = [n for n in listed if n["subject_id"] == body["subject_id"]]
    assert sorted(n["nominating_agency"] for n in mine) == ["health", "north-yorkshire-police"]
    assert all(n["entry_score"] is not None for n in mine)
    duplicate = await marac_client.post("/v1/matac/nominations", json=body, headers=coordinator)
    assert duplicate.status_code == 409

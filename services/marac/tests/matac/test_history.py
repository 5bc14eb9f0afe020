"""MATAC nominations of the partnership's history (`POST /v1/matac/nominations/history`):
recorded by an importer (`marac:import`) as the imports of history are, with their
interventions and exit on their own days, their events dated on those days (so
reporting counts them in their period), never in the future, once per Idempotency-Key."""

import json
import uuid
from datetime import date, timedelta

from sqlalchemy import func, select

from csp_common import clock
from csp_common.tables import outbox_table
from csp_common.upsert import insert_ignoring
from marac.matac.models import incident_table, intervention_table, nomination_table
from marac.meeting.models import meeting_table
from marac.meeting.service import meeting_row

PATH = "/v1/matac/nominations/history"
KEY = "Idempotency-Key"
AREA = "hambleton-richmondshire"
NOMINATED = date(2011, 10, 3)
HEARD = date(2011, 10, 13)
EXITED = date(2012, 2, 20)


async def _history(app, subject: str) -> None:  # type: ignore[no-untyped-def]
    """Police incidents of the subject before the nomination (two victims: serial), and
    the area's MATAC meetings around it, one held after the nomination."""
    victims = [str(uuid.uuid4()), str(uuid.uuid4())]
    incidents = [
        {
            "id": str(uuid.uuid4()),
            "source_reference": f"NYP-H-{uuid.uuid4().hex[:12]}",
            "subject_id": subject,
            "victim_id": victims[n % 2],
            "marac_area": AREA,
            "occurred_on": NOMINATED - timedelta(days=days),
            "gravity": 7,
            "subject_age_band": "35_44",
        }
        for n, days in enumerate((10, 40, 90, 200))
    ]
    meetings = [
        meeting_row(area=AREA, held_on=day, kind="matac", capacity=20, status=status)
        for day, status in (
            (date(2011, 9, 15), "held"),
            (HEARD, "held"),
            (date(2011, 11, 10), "held"),
        )
    ]
    async with app.state.session_factory() as session:
        await session.execute(incident_table.insert(), incidents)
        await session.execute(insert_ignoring(session, meeting_table), meetings)
        await session.commit()


def _body(subject: str, **changes: object) -> dict:
    return {
        "subject_id": subject,
        "area": AREA,
        "nominated_on": NOMINATED.isoformat(),
        "subject_age_band": "35_44",
        "interventions": [
            {"kind": "support", "plus_choices_referral": True, "started_on": "2011-10-20"},
            {"kind": "disruption", "started_on": "2011-11-02"},
        ],
        "exited_on": EXITED.isoformat(),
    } | changes


async def test_a_nomination_of_history_keeps_its_days_and_its_events_theirs(
    marac_http, marac_app, marac_auth
) -> None:  # type: ignore[no-untyped-def]
    subject = str(uuid.uuid4())
    await _history(marac_app, subject)
    importer = marac_auth("import", area=AREA)
    response = await marac_http.post(PATH, json=_body(subject), headers=importer)
    assert response.status_code == 201, response.text
    out = response.json()
    assert response.headers["location"] == f"/v1/matac/nominations/{out['id']}"
    assert (out["nominated_on"], out["exited_on"], out["status"]) == (
        "2011-10-03",
        "2012-02-20",
        "exited",
    )
    assert (
        out["serial_perpetrator"] is True and out["nominating_agency"] == "north-yorkshire-police"
    )
    # the scores are the RFGV scores on those days: months without an incident lower it
    assert out["entry_score"] > out["exit_score"] > 0 and out["score_change"] < 0
    async with marac_app.state.session_factory() as session:
        held_on = await session.scalar(
            select(meeting_table.c.held_on).where(meeting_table.c.id == out["meeting_id"])
        )
        events = (
            await session.execute(
                select(outbox_table.c.event_type, outbox_table.c.time, outbox_table.c.data).where(
                    outbox_table.c.key == out["id"]
                )
            )
        ).all()
    assert held_on == HEARD  # the first MATAC held on or after the day, not today's next
    dated = sorted(
        (kind.split(".")[2], time.date().isoformat(), time.hour) for kind, time, _ in events
    )
    assert dated == [
        ("matac_intervention", "2011-10-20", 12),
        ("matac_intervention", "2011-11-02", 12),
        ("matac_nominated", "2011-10-03", 12),
        ("matac_scored", "2011-10-03", 12),
        ("matac_scored", "2012-02-20", 12),
    ]
    payloads = {kind.split(".")[2]: json.loads(data) for kind, _, data in events}
    assert payloads["matac_nominated"]["nominated_on"] == "2011-10-03"
    interventions = (
        await marac_http.get(f"/v1/matac/nominations/{out['id']}/interventions", headers=importer)
    ).status_code
    assert interventions == 403  # recording history is not reading the subject's record
    coordinator = marac_auth("coordinator", area=AREA)
    listed = (
        await marac_http.get(
            f"/v1/matac/nominations/{out['id']}/interventions", headers=coordinator
        )
    ).json()
    assert [(i["kind"], i["programme"], i["started_on"]) for i in listed] == [
        ("support", "plus_choices", "2011-10-20"),
        ("disruption", None, "2011-11-02"),
    ]


async def test_a_retry_with_its_key_records_nothing_twice(
    marac_http, marac_app, marac_auth
) -> None:  # type: ignore[no-untyped-def]
    subject = str(uuid.uuid4())
    await _history(marac_app, subject)
    headers = marac_auth("admin") | {KEY: f"history-{subject}"}
    first = await marac_http.post(PATH, json=_body(subject), headers=headers)
    again = await marac_http.post(PATH, json=_body(subject), headers=headers)
    assert first.status_code == again.status_code == 201, first.text
    assert again.json() == first.json() and again.headers["idempotent-replayed"] == "true"
    other = await marac_http.post(PATH, json=_body(subject, exited_on=None), headers=headers)
    assert other.status_code == 409, other.text
    async with marac_app.state.session_factory() as session:
        nominations = await session.scalar(
            select(func.count())
            .select_from(nomination_table)
            .where(nomination_table.c.subject_id == subject)
        )
        interventions = await session.scalar(
            select(func.count())
            .select_from(intervention_table)
            .where(intervention_table.c.nomination_id == first.json()["id"])
        )
    assert (nominations, interventions) == (1, 2)


async def test_a_subject_still_nominated_is_409_and_one_exited_may_be_nominated_again(
    marac_http, marac_app, marac_auth
) -> None:  # type: ignore[no-untyped-def]
    subject = str(uuid.uuid4())
    await _history(marac_app, subject)
    headers = marac_auth("import", area=AREA)
    assert (await marac_http.post(PATH, json=_body(subject), headers=headers)).status_code == 201
    later = _body(subject, nominated_on="2012-06-01", interventions=[], exited_on=None)
    again = await marac_http.post(PATH, json=later, headers=headers)
    assert again.status_code == 201, again.text
    assert again.json()["meeting_id"] is None  # no MATAC meeting recorded after it
    third = await marac_http.post(
        PATH,
        json=_body(subject, nominated_on="2012-07-01", interventions=[], exited_on=None),
        headers=headers,
    )
    assert third.status_code == 409 and third.json()["type"].endswith("/duplicate"), third.text


async def test_a_day_in_the_future_or_out_of_order_is_a_422_problem(marac_http, marac_auth) -> None:  # type: ignore[no-untyped-def]
    subject = str(uuid.uuid4())
    headers = marac_auth("import", area=AREA)
    tomorrow = (clock.today() + timedelta(days=1)).isoformat()
    future = [
        ({"nominated_on": tomorrow, "interventions": [], "exited_on": None}, "nominated_on"),
        ({"exited_on": tomorrow}, "exited_on"),
        (
            {"interventions": [{"kind": "support", "started_on": tomorrow}], "exited_on": None},
            "interventions[0].started_on",
        ),
    ]
    for changes, name in future:
        response = await marac_http.post(PATH, json=_body(subject, **changes), headers=headers)
        assert response.status_code == 422, response.text
        assert response.headers["content-type"] == "application/problem+json"
        assert name in response.json()["detail"]
    for changes in (
        {"exited_on": "2011-09-01"},
        {"interventions": [{"kind": "support", "started_on": "2011-09-01"}]},
        {"interventions": [{"kind": "support", "started_on": "2012-03-01"}]},
        {"nominated_on": None},
        {"area": "atlantis"},
        {"nominating_agency": "no-such-agency"},
    ):
        response = await marac_http.post(
            PATH, json=_body(subject, **changes), headers=marac_auth("admin")
        )
        assert response.status_code == 422, (changes, response.text)
        assert response.headers["content-type"] == "application/problem+json"


async def test_who_records_history_mirrors_the_imports(marac_http, marac_app, marac_auth) -> None:  # type: ignore[no-untyped-def]
    subject = str(uuid.uuid4())
    await _history(marac_app, subject)
    body = _body(subject)
    for role in ("coordinator", "refer"):
        refused = await marac_http.post(PATH, json=body, headers=marac_auth(role, area=AREA))
        assert refused.status_code == 403, (role, refused.text)
    other_area = await marac_http.post(PATH, json=body, headers=marac_auth("import", area="york"))
    assert other_area.status_code == 422 and other_area.json()["type"].endswith("/other-area")
    for_health = _body(subject, nominating_agency="health")
    refused = await marac_http.post(PATH, json=for_health, headers=marac_auth("import", area=AREA))
    assert refused.status_code == 422 and refused.json()["type"].endswith("/other-agency")
    migrated = await marac_http.post(PATH, json=for_health, headers=marac_auth("admin"))
    assert migrated.status_code == 201, migrated.text
    assert migrated.json()["nominating_agency"] == migrated.json()["source"] == "health"

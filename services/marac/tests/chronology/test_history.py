"""`GET /v1/persons/{id}/history`: what marac holds about a person, for a DHR chronology."""

import uuid
from datetime import date, timedelta

from sqlalchemy import select

from csp_common.tables import audit_table
from csp_devtools.kits.marac import list_cases_at, meeting_dates

YORK_ANCHOR = date(2022, 1, 6)
PURPOSE = {"X-Purpose": "DHR-2024-01 chronology"}


def _team(auth_header, scopes=("dhr:chronology",)):  # type: ignore[no-untyped-def]
    return auth_header(agency="pfcc", scopes=list(scopes))


async def test_the_scope_is_required(marac_client, auth_header, marac_auth) -> None:  # type: ignore[no-untyped-def]
    person = uuid.uuid4()
    for headers in (_team(auth_header, scopes=["reports:read"]), marac_auth("admin")):
        response = await marac_client.get(
            f"/v1/persons/{person}/history", headers={**headers, **PURPOSE}
        )
        assert response.status_code == 403
        assert response.headers["content-type"] == "application/problem+json"
        assert "dhr:chronology" in response.json()["detail"]


async def test_a_purpose_is_required(marac_client, auth_header) -> None:  # type: ignore[no-untyped-def]
    url = f"/v1/persons/{uuid.uuid4()}/history"
    for purpose in ({}, {"X-Purpose": ""}, {"X-Purpose": "   "}, {"X-Purpose": "x" * 201}):
        response = await marac_client.get(url, headers={**_team(auth_header), **purpose})
        assert response.status_code == 400, purpose
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["type"].endswith("purpose-required")


async def test_a_person_marac_knows_nothing_of_has_no_entries_and_the_read_is_audited(
    marac_client, marac_app, auth_header
) -> None:  # type: ignore[no-untyped-def]
    person = str(uuid.uuid4())
    response = await marac_client.get(
        f"/v1/persons/{person}/history", headers={**_team(auth_header), **PURPOSE}
    )
    assert response.status_code == 200, response.text
    assert response.json() == {"person_id": person, "source": "marac", "entries": []}
    async with marac_app.state.session_factory() as session:
        audited = (
            await session.execute(
                select(
                    audit_table.c.action, audit_table.c.record_type, audit_table.c.purpose
                ).where(audit_table.c.record_id == person)
            )
        ).all()
    assert [tuple(row) for row in audited] == [("chronology", "person", PURPOSE["X-Purpose"])]


async def test_a_victim_heard_with_two_actions_and_the_perpetrator_at_matac(
    marac_client, marac_app, marac_auth, auth_header
) -> None:  # type: ignore[no-untyped-def]
    coordinator = marac_auth(area="york")
    victim, perpetrator = str(uuid.uuid4()), str(uuid.uuid4())
    held_on, following = meeting_dates(YORK_ANCHOR, date(2019, 6, 1), 2)
    meetings = []
    for day in (held_on, following):
        created = await marac_client.post(
            "/v1/meetings", json={"area": "york", "held_on": day.isoformat()}, headers=coordinator
        )
        assert created.status_code == 201, created.text
        meetings.append(created.json())
    referred_on = held_on - timedelta(days=10)
    [case_id] = await list_cases_at(
        marac_app,
        meeting_id=meetings[0]["id"],
        held_on=held_on,
        area="york",
        victim_id=victim,
        perpetrator_id=perpetrator,
        referred_on=referred_on,
        referring_agency="idas",
        referrer_kind="partner",
    )
    due = held_on + timedelta(days=14)
    recorded = await marac_client.put(
        f"/v1/meetings/{meetings[0]['id']}/record",
        json={
            "chair_agency": "north-yorkshire-police",
            "confidentiality_statement_read": True,
            "attendance": [{"agency": "north-yorkshire-police", "status": "present"}],
            "cases": [
                {
                    "case_id": case_id,
                    "actions": [
                        {
                            "owner_agency": "health",
                            "description": "GP to review.",
                            "due_on": due.isoformat(),
                        },
                        {
                            "owner_agency": "idas",
                            "description": "Safety plan.",
                            "due_on": due.isoformat(),
                        },
                    ],
                }
            ],
            "outstanding_actions": [],
        },
        headers=coordinator,
    )
    assert recorded.status_code == 200, recorded.text
    actions = (
        await marac_client.get(f"/v1/actions?case_id={case_id}", headers=coordinator)
    ).json()["items"]
    by_owner = {a["owner_agency"]: a["id"] for a in actions}
    completed_on = held_on + timedelta(days=5)
    completion = await marac_client.post(
        f"/v1/actions/{by_owner['idas']}/completion",
        json={"outcome": "completed", "completed_on": completed_on.isoformat()},
        headers=coordinator,
    )
    assert completion.status_code == 200, completion.text
    nominated = await marac_client.post(
        "/v1/matac/nominations",
        json={"subject_id": perpetrator, "area": "york"},
        headers=coordinator,
    )
    assert nominated.status_code == 201, nominated.text

    headers = {**_team(auth_header), **PURPOSE}
    history = await marac_client.get(f"/v1/persons/{victim}/history", headers=headers)
    assert history.status_code == 200, history.text
    body = history.json()
    assert (body["person_id"], body["source"]) == (victim, "marac")
    entries = [
        (e["occurred_on"], e["kind"], e["agency"], e["record_id"], e["role"])
        for e in body["entries"]
    ]
    agreed = held_on.isoformat()
    health_first = sorted([by_owner["health"], by_owner["idas"]])
    assert entries == [
        (referred_on.isoformat(), "marac_case_listed", "idas", case_id, "victim"),
        (referred_on.isoformat(), "marac_referral_received", "idas", case_id, "victim"),
        *[
            (
                agreed,
                "marac_action_agreed",
                "health" if a == by_owner["health"] else "idas",
                a,
                "victim",
            )
            for a in health_first
        ],
        (agreed, "marac_case_heard", "idas", case_id, "victim"),
        (completed_on.isoformat(), "marac_action_completed", "idas", by_owner["idas"], "victim"),
    ]
    details = {(e["kind"], e["record_id"]): e["detail"] for e in body["entries"]}
    assert details[("marac_case_listed", case_id)] == {"marac_area": "york", "meeting_date": agreed}
    assert details[("marac_referral_received", case_id)] == {
        "marac_area": "york",
        "source": "direct",
        "referrer_kind": "partner",
        "dash_score": 15,
    }
    assert details[("marac_action_agreed", by_owner["health"])] == {
        "case_id": case_id,
        "marac_area": "york",
        "owner_agency": "health",
        "due_on": due.isoformat(),
    }
    assert details[("marac_action_completed", by_owner["idas"])]["outcome"] == "completed"
    assert all(e["occurred_at"] is None and e["source"] == "marac" for e in body["entries"])
    assert "GP to review." not in history.text and "Safety plan." not in history.text

    before = await marac_client.get(
        f"/v1/persons/{victim}/history?before={completed_on.isoformat()}", headers=headers
    )
    assert [e["kind"] for e in before.json()["entries"]] == [k for _, k, *_ in entries][:-1]

    theirs = (await marac_client.get(f"/v1/persons/{perpetrator}/history", headers=headers)).json()
    kinds = {(e["kind"], e["role"]) for e in theirs["entries"]}
    assert ("matac_nominated", "perpetrator") in kinds
    assert ("marac_case_heard", "perpetrator") in kinds
    assert not any(
        e["kind"].startswith("marac_action") and e["role"] != "perpetrator"
        for e in theirs["entries"]
    )


async def test_a_merged_persons_records_are_in_the_surviving_persons_history(
    marac_client, marac_app, marac_auth, marac_settings, auth_header
) -> None:  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime

    from csp_common.contracts.referrals import PersonsMerged
    from csp_devtools.kits.marac import received
    from marac.case.flows import referral_handler

    duplicate, surviving = str(uuid.uuid4()), str(uuid.uuid4())
    nominated = await marac_client.post(
        "/v1/matac/nominations",
        json={"subject_id": duplicate, "area": "york"},
        headers=marac_auth(area="york"),
    )
    assert nominated.status_code == 201, nominated.text
    merge = PersonsMerged(
        surviving_person_id=uuid.UUID(surviving),
        merged_person_id=uuid.UUID(duplicate),
        merged_at=datetime.now(UTC),
    )
    async with marac_app.state.session_factory() as session:
        await referral_handler(marac_settings)(session, [received(merge)])
        await session.commit()

    headers = {**_team(auth_header), **PURPOSE}
    history = (await marac_client.get(f"/v1/persons/{surviving}/history", headers=headers)).json()
    assert [(e["kind"], e["record_id"]) for e in history["entries"]] == [
        ("matac_nominated", nominated.json()["id"])
    ]
    gone = (await marac_client.get(f"/v1/persons/{duplicate}/history", headers=headers)).json()
    assert gone["entries"] == []

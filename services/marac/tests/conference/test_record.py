"""Recording a meeting: cases heard or relisted, actions agreed, completed and carried."""

from datetime import date, timedelta

from csp_devtools.kits.marac import list_cases_at, meeting_dates

YORK_ANCHOR = date(2022, 1, 6)


async def _meetings(client, headers, area: str, days: list[date]) -> list[dict]:  # type: ignore[no-untyped-def]
    meetings = []
    for day in days:
        response = await client.post(
            "/v1/meetings", json={"area": area, "held_on": day.isoformat()}, headers=headers
        )
        assert response.status_code == 201, response.text
        meetings.append(response.json())
    return meetings


def _record(cases=(), outstanding=(), attendance=None) -> dict:  # type: ignore[no-untyped-def]
    return {
        "chair_agency": "north-yorkshire-police",
        "confidentiality_statement_read": True,
        "attendance": attendance
        or [
            {"agency": "north-yorkshire-police", "status": "present"},
            {"agency": "idas", "status": "present"},
        ],
        "cases": list(cases),
        "outstanding_actions": list(outstanding),
    }


async def test_actions_carry_over_until_completed(marac_client, marac_app, marac_auth) -> None:  # type: ignore[no-untyped-def]
    headers = marac_auth(area="york")
    d1, d2, d3 = meeting_dates(YORK_ANCHOR, date(2019, 3, 1), 3)
    m1, m2, _ = await _meetings(marac_client, headers, "york", [d1, d2, d3])
    heard, deferred = await list_cases_at(
        marac_app, meeting_id=m1["id"], held_on=d1, area="york", count=2
    )
    due = (d1 + timedelta(days=7)).isoformat()
    actions = [
        {
            "owner_agency": "north-yorkshire-police",
            "description": "Flag the address.",
            "due_on": due,
        },
        {"owner_agency": "health", "description": "GP to review.", "due_on": due},
        {"owner_agency": "idas", "description": "IDVA safety plan.", "due_on": due},
    ]
    first = await marac_client.put(
        f"/v1/meetings/{m1['id']}/record",
        json=_record(
            cases=[
                {
                    "case_id": heard,
                    "actions": actions,
                    "information_shared": [{"agency": "idas", "summary": "Engaged with IDVA."}],
                }
            ]
        ),
        headers=headers,
    )
    assert first.status_code == 200, first.text
    assert first.json() | {"meeting": None} == {
        "meeting": None,
        "heard": 1,
        "relisted": 1,
        "actions_created": 3,
        "actions_carried": 0,
        "escalations_raised": 0,
    }
    deferred_case = (await marac_client.get(f"/v1/cases/{deferred}", headers=headers)).json()
    assert (deferred_case["meeting_id"], deferred_case["status"]) == (m2["id"], "listed")

    pack = (await marac_client.get(f"/v1/meetings/{m2['id']}/pack", headers=headers)).json()
    outstanding = {a["owner_agency"]: a["id"] for a in pack["outstanding_actions"]}
    assert set(outstanding) == {"north-yorkshire-police", "health", "idas"}

    second = await marac_client.put(
        f"/v1/meetings/{m2['id']}/record",
        json=_record(
            cases=[{"case_id": deferred}],
            outstanding=[
                {"action_id": outstanding["north-yorkshire-police"], "review": "completed"},
                {"action_id": outstanding["idas"], "review": "circumstances_changed"},
            ],
        ),
        headers=headers,
    )
    assert second.json()["actions_carried"] == 2
    actions_now = {
        a["owner_agency"]: a
        for a in (await marac_client.get(f"/v1/actions?case_id={heard}", headers=headers)).json()[
            "items"
        ]
    }
    assert actions_now["north-yorkshire-police"]["status"] == "done"
    assert actions_now["health"]["carry_reason"] == "agency_did_not_act"
    assert actions_now["idas"]["carry_reason"] == "circumstances_changed"
    assert actions_now["health"]["carried_count"] == 1
    carried_to = actions_now["health"]["carried_to_meeting_id"]
    third_pack = (await marac_client.get(f"/v1/meetings/{carried_to}/pack", headers=headers)).json()
    assert {a["owner_agency"] for a in third_pack["outstanding_actions"]} == {"health", "idas"}

    case = (await marac_client.get(f"/v1/cases/{heard}", headers=headers)).json()
    assert case["status"] == "heard"
    for owner in ("health", "idas"):
        done = await marac_client.post(
            f"/v1/actions/{actions_now[owner]['id']}/completion",
            json={"outcome": "completed"},
            headers=headers,
        )
        assert done.status_code == 200, done.text
    case = (await marac_client.get(f"/v1/cases/{heard}", headers=headers)).json()
    assert case["status"] == "actions_complete"
    closed = await marac_client.post(f"/v1/cases/{heard}/close", json={}, headers=headers)
    assert closed.json()["status"] == "closed"


async def test_a_record_is_checked_before_anything_is_stored(
    marac_client, marac_app, marac_auth
) -> None:  # type: ignore[no-untyped-def]
    headers = marac_auth(area="york")
    [day] = meeting_dates(YORK_ANCHOR, date(2019, 6, 1), 1)
    [meeting] = await _meetings(marac_client, headers, "york", [day])
    [case_id] = await list_cases_at(marac_app, meeting_id=meeting["id"], held_on=day, area="york")
    stranger = "00000000-0000-4000-8000-000000000000"
    for body in (
        _record(cases=[{"case_id": stranger}]),
        _record(
            attendance=[
                {"agency": "idas", "status": "present"},
                {"agency": "idas", "status": "absent"},
            ]
        ),
        _record(attendance=[{"agency": "hogwarts", "status": "present"}]),
        _record(
            cases=[
                {
                    "case_id": case_id,
                    "actions": [
                        {"owner_agency": "idas", "description": "x", "due_on": "2000-01-01"}
                    ],
                }
            ]
        ),
        _record(outstanding=[{"action_id": stranger, "review": "completed"}]),
    ):
        response = await marac_client.put(
            f"/v1/meetings/{meeting['id']}/record", json=body, headers=headers
        )
        assert response.status_code == 422, response.text
        assert response.headers["content-type"] == "application/problem+json"
    still = (await marac_client.get(f"/v1/meetings/{meeting['id']}", headers=headers)).json()
    assert still["status"] == "scheduled"
    ok = await marac_client.put(
        f"/v1/meetings/{meeting['id']}/record",
        json=_record(cases=[{"case_id": case_id}]),
        headers=headers,
    )
    assert ok.status_code == 200
    again = await marac_client.put(
        f"/v1/meetings/{meeting['id']}/record", json=_record(), headers=headers
    )
    assert again.status_code == 409
    future = await _meetings(marac_client, headers, "york", [date.today() + timedelta(days=3)])
    early = await marac_client.put(
        f"/v1/meetings/{future[0]['id']}/record", json=_record(), headers=headers
    )
    assert early.status_code == 422


async def test_a_case_moves_to_another_areas_next_meeting(marac_client, marac_auth) -> None:  # type: ignore[no-untyped-def]
    from csp_devtools.kits.marac import direct_referral

    case = (
        await marac_client.post(
            "/v1/cases", json=direct_referral(area="york"), headers=marac_auth("refer")
        )
    ).json()
    moved = await marac_client.post(
        f"/v1/cases/{case['id']}/transfer",
        json={"to_area": "selby"},
        headers=marac_auth(area="york"),
    )
    assert moved.status_code == 200, moved.text
    assert moved.json()["area"] == "selby"
    assert moved.json()["meeting_date"] > date.today().isoformat()
    assert (
        await marac_client.get(f"/v1/cases/{case['id']}", headers=marac_auth(area="york"))
    ).status_code == 404
    assert (
        await marac_client.get(f"/v1/cases/{case['id']}", headers=marac_auth(area="selby"))
    ).status_code == 200


async def test_cancelling_a_meeting_moves_its_cases_to_the_next(
    marac_client, marac_app, marac_auth
) -> None:  # type: ignore[no-untyped-def]
    headers = marac_auth(area="york")
    d1, d2 = meeting_dates(YORK_ANCHOR, date.today() + timedelta(days=2000), 2)
    m1, m2 = await _meetings(marac_client, headers, "york", [d1, d2])
    cases = await list_cases_at(marac_app, meeting_id=m1["id"], held_on=d1, area="york", count=2)
    cancelled = await marac_client.post(f"/v1/meetings/{m1['id']}/cancellation", headers=headers)
    assert cancelled.status_code == 200, cancelled.text
    assert cancelled.json()["status"] == "cancelled"
    for case_id in cases:
        case = (await marac_client.get(f"/v1/cases/{case_id}", headers=headers)).json()
        assert case["meeting_id"] == m2["id"]
    again = await marac_client.post(f"/v1/meetings/{m1['id']}/cancellation", headers=headers)
    assert again.status_code == 409


async def test_a_matac_meeting_records_attendance_but_no_cases(
    marac_client, marac_app, marac_auth
) -> None:  # type: ignore[no-untyped-def]
    headers = marac_auth(area="york")
    day = date(2019, 9, 9)
    meeting = (
        await marac_client.post(
            "/v1/meetings",
            json={"area": "york", "held_on": day.isoformat(), "kind": "matac"},
            headers=headers,
        )
    ).json()
    [case_id] = await list_cases_at(marac_app, meeting_id=meeting["id"], held_on=day, area="york")
    refused = await marac_client.put(
        f"/v1/meetings/{meeting['id']}/record",
        json=_record(cases=[{"case_id": case_id}]),
        headers=headers,
    )
    assert refused.status_code == 422
    recorded = await marac_client.put(
        f"/v1/meetings/{meeting['id']}/record", json=_record(), headers=headers
    )
    assert recorded.status_code == 200, recorded.text
    attendance = (
        await marac_client.get(f"/v1/meetings/{meeting['id']}/attendance", headers=headers)
    ).json()
    assert {a["agency"]: a["status"] for a in attendance}["health"] == "absent"

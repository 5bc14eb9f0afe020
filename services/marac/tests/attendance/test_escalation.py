"""Attendance rates, and escalation when an agency misses N of its last M meetings."""

from datetime import date

import pytest

from csp_devtools.kits.marac import meeting_dates

SELBY_ANCHOR = date(2022, 1, 12)


async def _hold(client, headers, day: date, health: str) -> dict:  # type: ignore[no-untyped-def]
    meeting = (
        await client.post(
            "/v1/meetings", json={"area": "selby", "held_on": day.isoformat()}, headers=headers
        )
    ).json()
    attendance = [
        {"agency": agency, "status": "present"}
        for agency in (
            "north-yorkshire-police",
            "north-yorkshire-council",
            "idas",
            "probation",
            "fire-rescue",
        )
    ] + [{"agency": "health", "status": health}]
    body = {
        "chair_agency": "north-yorkshire-police",
        "confidentiality_statement_read": True,
        "attendance": attendance,
    }
    response = await client.put(f"/v1/meetings/{meeting['id']}/record", json=body, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


@pytest.mark.parametrize(
    ("health", "raised_at"),
    [
        (["absent", "present", "absent", "absent"], 3),  # 2 of the last 3 at the third meeting
        (["absent", "present", "present", "absent"], None),  # never 2 of 3
        (["apologies", "apologies", "apologies", "present"], None),  # apologies are not absences
        (["absent", "absent", "present", "present"], 2),
    ],
)
async def test_escalation_thresholds(marac_client, marac_auth, health, raised_at) -> None:  # type: ignore[no-untyped-def]
    admin = marac_auth("admin")
    policy = {"escalation": {"missed": 2, "of_meetings": 3}}
    assert (
        await marac_client.put("/v1/config/policy", json=policy, headers=admin)
    ).status_code == 200
    headers = marac_auth(area="selby")
    days = meeting_dates(SELBY_ANCHOR, date(2018, 2, 1), len(health))
    raised = [
        (await _hold(marac_client, headers, day, status))["escalations_raised"]
        for day, status in zip(days, health, strict=True)
    ]
    expected = [1 if raised_at == i + 1 else 0 for i in range(len(health))]
    assert raised == expected
    escalations = (await marac_client.get("/v1/escalations?area=selby", headers=headers)).json()[
        "items"
    ]
    mine = [
        e
        for e in escalations
        if e["raised_on"] >= days[0].isoformat() and e["raised_on"] <= days[-1].isoformat()
    ]
    assert len(mine) == (1 if raised_at else 0)
    if raised_at:
        assert mine[0]["agency"] == "health" and mine[0]["missed"] == 2
        partnership = (await marac_client.get("/v1/escalations", headers=admin)).json()["items"]
        assert mine[0]["id"] in [e["id"] for e in partnership]


async def test_attendance_rate_per_agency_per_quarter(marac_client, marac_auth) -> None:  # type: ignore[no-untyped-def]
    headers = marac_auth(area="selby")
    days = meeting_dates(SELBY_ANCHOR, date(2017, 1, 1), 4)
    for day, status in zip(days, ["present", "absent", "information_only", "present"], strict=True):
        await _hold(marac_client, headers, day, status)
    rates = (
        await marac_client.get(
            "/v1/attendance?from=2017-01-01&to=2017-03-31&agency=health", headers=headers
        )
    ).json()
    [q1] = rates
    assert (q1["period"], q1["meetings"], q1["present"], q1["absent"]) == ("2017-Q1", 4, 2, 1)
    assert q1["attendance_rate"] == 0.5 and q1["engagement_rate"] == 0.75

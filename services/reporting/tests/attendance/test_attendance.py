"""GET /v1/stats/attendance: agencies at meetings, published exactly."""

import uuid
from datetime import date

from csp_devtools.events import attendance, escalation


async def test_attendance_per_agency_and_escalations(
    reporting_client, reporting_reader, reporting_feeder, reporting_year: int
) -> None:  # type: ignore[no-untyped-def]
    year = reporting_year
    events = []
    for month in range(1, 5):
        meeting = uuid.uuid4()
        day = date(year, month, 10)
        events.append(
            attendance(
                meeting_id=meeting,
                agency="north-yorkshire-police",
                status="present",
                meeting_date=day,
                marac_area="selby",
            )
        )
        events.append(
            attendance(
                meeting_id=meeting,
                agency="health",
                status="absent" if month < 4 else "apologies",
                meeting_date=day,
                marac_area="selby",
            )
        )
    # a correction: the last record of an agency at a meeting wins
    corrected = uuid.uuid4()
    events.append(
        attendance(
            meeting_id=corrected,
            agency="probation",
            status="absent",
            meeting_date=date(year, 6, 1),
            marac_area="selby",
        )
    )
    events.append(escalation(agency="health", raised_on=date(year, 4, 20), marac_area="selby"))
    await reporting_feeder.feed(events)
    await reporting_feeder.feed(
        [
            attendance(
                meeting_id=corrected,
                agency="probation",
                status="present",
                meeting_date=date(year, 6, 1),
                marac_area="selby",
            )
        ]
    )
    response = await reporting_client.get(
        "/v1/stats/attendance",
        params={"year": year, "marac_area": "selby"},
        headers=reporting_reader,
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["meetings"] == 5
    health = body["by_agency"]["health"]
    assert health == {
        "meetings": 4,
        "present": 0,
        "apologies": 1,
        "information_only": 0,
        "absent": 3,
        "attendance_pct": 0.0,
        "engagement_pct": 0.0,
        "escalations": 1,
    }
    assert body["by_agency"]["north-yorkshire-police"]["attendance_pct"] == 100.0
    assert body["by_agency"]["probation"]["present"] == 1

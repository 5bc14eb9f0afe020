"""The seed report's figures as events: what reporting's tests and the committee report's
checks count against (1,998 MARAC cases in 2023, 283 hate crimes in Q3 2023/24...)."""

import uuid
from datetime import UTC, date, datetime, time, timedelta

from csp_common.events import EventPayload
from csp_devtools.events.marac import attendance, case_heard, escalation
from csp_devtools.events.referrals import (
    hate_incident,
    provider_status,
    referral_received,
    referral_routed,
    risk_assessed,
)

SEED_MARAC_2023 = {
    "scarborough-ryedale": 539,
    "harrogate-craven": 480,
    "york": 460,
    "hambleton-richmondshire": 300,
    "selby": 219,
}  # 1,998: 27%, 24%, 23%
SEED_MARAC_2022 = {
    "scarborough-ryedale": 520,
    "harrogate-craven": 470,
    "york": 440,
    "hambleton-richmondshire": 280,
    "selby": 211,
}  # 1,921: 4% fewer than 2023
SEED_STRANDS = {
    "race": 156,
    "religion": 35,
    "sexual_orientation": 50,
    "disability": 30,
    "transgender": 12,
}
SEED_HOURS = [34, 31, 27, 23, 8, 4, 4, 5, 7, 9, 10, 11, 12, 12, 12, 12, 13, 13, 12, 10, 7, 5, 1, 1]
HATE_AREAS = (
    "craven",
    "hambleton",
    "harrogate",
    "richmondshire",
    "ryedale",
    "scarborough",
    "selby",
    "york",
)


def seed_dataset() -> list[EventPayload]:
    """Events whose figures are the seed report's: 1,998 MARAC cases in 2023 (4% more than
    2022; 27%, 24%, 23%); 283 hate crimes in Q3 2023/24 against 256, race 55%, 14 against
    officers, most between 00:00 and 04:00; and some referrals, routes and attendance."""
    events: list[EventPayload] = []
    for year, areas in ((2023, SEED_MARAC_2023), (2022, SEED_MARAC_2022)):
        for area, cases in areas.items():
            for i in range(cases):
                events.append(
                    case_heard(
                        heard_on=date(year, 1, 1) + timedelta(days=(i * 13) % 365),
                        marac_area=area,
                        repeat=i % 10 < 3,
                        referrer_kind="partner" if i % 3 == 0 else "police",
                        referring_agency="health" if i % 3 == 0 else "north-yorkshire-police",
                        children_in_household=i % 3,
                        victim_ethnicity="asian" if i % 20 == 0 else "white",
                        victim_gender="male" if i % 12 == 0 else "female",
                    )
                )
    hours = [h for h, n in enumerate(SEED_HOURS) for _ in range(n)]
    strands = [s for s, n in SEED_STRANDS.items() for _ in range(n)]
    for i in range(283):
        events.append(
            hate_incident(
                on=date(2023, 10, 1) + timedelta(days=i % 92),
                hour=hours[i],
                strands=[strands[i]],
                area=HATE_AREAS[i % len(HATE_AREAS)],
                officer=i % 20 == 0 and i < 280,
            )
        )
    for i in range(256):
        events.append(
            hate_incident(
                on=date(2022, 10, 1) + timedelta(days=i % 92),
                hour=(i * 5) % 24,
                strands=["race" if i % 2 else "religion"],
                area=HATE_AREAS[i % len(HATE_AREAS)],
                officer=i % 25 == 0,
            )
        )
    events += [hate_incident(on=date(2023, 11, 1), kind="non_crime_incident") for _ in range(40)]
    # Referrals through Q3 2023/24 and a year before, some routed to IDAS and Foundation.
    for year in (2023, 2022):
        for i in range(600 if year == 2023 else 540):
            received = date(year, 10, 1) + timedelta(days=i % 92)
            referral = referral_received(
                received_on=received,
                area=HATE_AREAS[i % len(HATE_AREAS)],
                referrer_kind="partner" if i % 3 == 0 else "police",
            )
            events.append(referral)
            level = ("high", "medium", "standard")[i % 3]
            events.append(risk_assessed(referral_id=referral.referral_id, level=level))
            routed_at = datetime.combine(received, time(10), tzinfo=UTC)
            if i % 2 == 0:
                route = referral_routed(referral_id=referral.referral_id, routed_at=routed_at)
                events.append(route)
                steps = [
                    ("sent", "accepted"),
                    ("accepted", "contacted"),
                    ("contacted", "engaged"),
                    ("engaged", "closed"),
                ][: i % 5]
                for day, (previous, status) in enumerate(steps, start=1):
                    events.append(
                        provider_status(
                            route,
                            previous=previous,
                            status=status,
                            occurred_at=routed_at + timedelta(days=day * 2),
                            outcome_codes=["risk_reduced"] if status == "closed" else [],
                        )
                    )
            elif i % 7 == 1:
                events.append(
                    referral_routed(
                        referral_id=referral.referral_id,
                        routed_at=routed_at,
                        provider="foundation",
                        service="foundation_plus_choices",
                    )
                )
    agencies = ("north-yorkshire-police", "health", "probation", "north-yorkshire-council")
    for area in SEED_MARAC_2023:
        for month in range(1, 13):
            meeting = uuid.uuid4()
            for n, agency in enumerate(agencies):
                status = "present"
                if agency == "health" and month % 3 != 0:
                    status = "absent"
                elif agency == "probation" and month % 4 == 0:
                    status = "apologies"
                events.append(
                    attendance(
                        meeting_id=meeting,
                        agency=agency,
                        status=status,
                        meeting_date=date(2023, month, 10 + n % 2 * 0),
                        marac_area=area,
                    )
                )
    events.append(escalation(agency="health", raised_on=date(2023, 9, 1)))
    return events

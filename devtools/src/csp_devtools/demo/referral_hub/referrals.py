"""The demo's domestic abuse referrals, January 2022 to the end of the demo's history, as
rows of referral-hub's referral import: some 2,600 a year across the areas and referring
agencies, about a fifth high risk (so referred to MARAC), some asking for IDAS's or
Foundation's services, and repeats (the same victim and perpetrator referred again 1 to
3 months later). Deterministic (seeded); every row has a fixed source reference.
"""

import random
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from csp_devtools.demo.context import HISTORY_ENDS, HISTORY_STARTS
from csp_devtools.demo.referral_hub.hate import AREA_WEIGHTS, POLICE, SEED

UK = ZoneInfo("Europe/London")
DASH_KEYS = tuple(str(number) for number in range(1, 25))
"""The DASH checklist's 24 questions, keyed "1" to "24" as referral-hub takes them."""

GIVEN_F = ["Amelia", "Olivia", "Isla", "Ava", "Emily", "Sophie", "Grace", "Lily", "Chloe",
           "Ella", "Jessica", "Lucy", "Megan", "Holly", "Hannah", "Zara", "Aisha"]  # fmt: skip
GIVEN_M = ["Oliver", "George", "Harry", "Jack", "Jacob", "Noah", "Charlie", "Thomas",
           "Oscar", "James", "William", "Leo", "Alfie", "Joshua", "Daniel", "Ryan"]  # fmt: skip
FAMILY = ["Atkinson", "Barker", "Dawson", "Fletcher", "Hardcastle", "Holmes", "Kettlewell",
          "Lister", "Metcalfe", "Outhwaite", "Pickersgill", "Robinson", "Sowerby", "Thwaite",
          "Umpleby", "Wainwright", "Whitaker", "Ackroyd", "Brough", "Coates"]  # fmt: skip
OUTWARD = {
    "craven": ["BD23", "BD24", "LA2"],
    "hambleton": ["DL6", "DL7", "YO7"],
    "harrogate": ["HG1", "HG2", "HG5"],
    "richmondshire": ["DL8", "DL9", "DL10"],
    "ryedale": ["YO17", "YO18", "YO62"],
    "scarborough": ["YO11", "YO12", "YO21"],
    "selby": ["YO8", "LS25", "DN14"],
    "york": ["YO10", "YO24", "YO31"],
}
REFERRERS = {
    POLICE: 60,
    "health": 11,
    "north-yorkshire-council": 9,
    "city-of-york-council": 6,
    "probation": 8,
    "fire-rescue": 3,
}
ETHNICITY = {"white": 88, "asian": 4, "mixed": 3, "black": 2, "other": 1, "not_stated": 2}
RELATIONSHIP = {
    "intimate_partner": 45,
    "ex_partner": 38,
    "family_member": 14,
    "household_member": 3,
}
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
REFERRALS = 5000
"""First referrals over the history (about 190 a month, some 2,300 a year), beside the
repeats: a hub taking the police's and partners' domestic abuse referrals across North
Yorkshire and York. About 18% are high risk, some 420 MARAC referrals a year, a share of
the 1,998 cases MARAC heard in 2023 (it takes referrals from elsewhere too). Even the
smallest areas (Craven, Richmondshire) then have enough referrals each month that the
figures by area and month are published rather than suppressed."""
REPEATS = 600


def _postcode(rng: random.Random, area: str) -> str:
    letters = "".join(rng.choice(INWARD_LETTERS) for _ in range(2))
    return f"{rng.choice(OUTWARD[area])} {rng.randint(1, 9)}{letters}"


def _pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _dash(rng: random.Random, yes: int) -> dict[str, str]:
    chosen = set(rng.sample(DASH_KEYS, yes))
    return {
        k: "yes" if k in chosen else rng.choice(["no", "no", "no", "not_known"]) for k in DASH_KEYS
    }


def _person(
    rng: random.Random, area: str, *, female: bool, born: tuple[int, int]
) -> dict[str, Any]:
    return {
        "given_name": rng.choice(GIVEN_F if female else GIVEN_M),
        "family_name": rng.choice(FAMILY),
        "date_of_birth": date(
            rng.randint(*born), rng.randint(1, 12), rng.randint(1, 28)
        ).isoformat(),
        "gender": "female" if female else "male",
        "postcode": _postcode(rng, area),
    }


def _score(rng: random.Random) -> int:
    """DASH "yes" answers: about 18% high risk (14+, a MARAC referral), 27% medium."""
    band = rng.random()
    if band < 0.18:
        return rng.randint(14, 20)
    if band < 0.45:
        return rng.randint(10, 13)
    return rng.randint(1, 9)


def _referral(rng: random.Random, n: int, incident: date, pair: tuple[dict, dict, str] | None):
    if pair is None:
        area = _pick(rng, AREA_WEIGHTS)
        female = rng.random() < 0.86
        victim = _person(rng, area, female=female, born=(1955, 2005)) | {
            "ethnicity": _pick(rng, ETHNICITY),
            "disability": rng.random() < 0.12,
            "lgbt": rng.random() < 0.04,
        }
        perpetrator = _person(rng, area, female=not female, born=(1950, 2003))
    else:
        victim, perpetrator, area = pair
    yes = _score(rng)
    judgement = yes < 14 and rng.random() < 0.05
    referrer = _pick(rng, REFERRERS)
    if referrer == "city-of-york-council" and area != "york":
        referrer = "north-yorkshire-council"
    if referrer == "north-yorkshire-council" and area == "york":
        referrer = "city-of-york-council"
    received = datetime.combine(
        incident + timedelta(days=rng.randint(0, 3)),
        time(rng.randint(8, 18), rng.randrange(60)),
        UK,
    )
    consent_given = rng.random() < 0.8 or yes < 14
    # a refuge place is asked for most often at high risk; enough of them a quarter that
    # the refuge's figures are not small numbers
    refuge = 0.4 if yes >= 14 else 0.1
    services = [s for s, p in (("idas_community_support", 0.35), ("idas_refuge", refuge),
                               ("foundation_plus_choices", 0.06)) if rng.random() < p]  # fmt: skip
    return {
        "source_reference": f"DEMO-DA-{n:05d}",
        "referring_agency": referrer,
        "received_at": received.isoformat(),
        "area": area,
        "incident_date": incident.isoformat(),
        "victim": victim,
        "perpetrator": perpetrator,
        "relationship": _pick(rng, RELATIONSHIP),
        "children_in_household": rng.choice([0, 0, 0, 1, 1, 2, 3]),
        "dash": {
            "answers": _dash(rng, yes),
            "professional_judgement": {
                "high_risk": judgement,
                "reasons": "Escalating coercive control" if judgement else None,
            },
            "incidents_last_12_months": rng.choice([0, 1, 1, 1, 2, 2, 2, 3]),
        },
        "consent": {"status": "given"} if consent_given
        else {"status": "refused", "basis": "vital_interests"},
        "services_requested": services,
    }  # fmt: skip


def referrals(seed: int = SEED) -> list[dict[str, Any]]:
    """The demo's domestic abuse referrals over its history, as import rows in date order
    (each received within three days of its incident, none after the history's end)."""
    rng = random.Random(seed + 1)
    first, days = HISTORY_STARTS + timedelta(days=1), (HISTORY_ENDS - HISTORY_STARTS).days - 4
    incidents = sorted(first + timedelta(days=rng.randrange(days)) for _ in range(REFERRALS))
    rows = [_referral(rng, n, incident, None) for n, incident in enumerate(incidents)]
    # Repeats: the same victim and perpetrator referred again 1 to 3 months later.
    early_enough = [
        r for r in rows if r["incident_date"] < (first + timedelta(days - 95)).isoformat()
    ]
    for k, earlier in enumerate(rng.sample(early_enough, REPEATS)):
        incident = date.fromisoformat(earlier["incident_date"]) + timedelta(
            days=rng.randint(30, 95)
        )
        pair = (earlier["victim"], earlier["perpetrator"], earlier["area"])
        rows.append(_referral(rng, REFERRALS + k, incident, pair))
    return sorted(rows, key=lambda r: r["received_at"])

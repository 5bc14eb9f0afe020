"""North Yorkshire demo data for `make run`, loaded through the bulk import API.

Deterministic (seeded), so the figures the reporting dashboard shows are known:

- hate crimes and non-crime hate incidents from January 2022 to December 2024, with
  exactly 283 crimes in Q3 2023/24 (October to December 2023) against 256 in Q3
  2022/23 (+10.5%, "+10%" in the seed report); non-crime incidents are kept apart and
  never counted as crimes;
- race on exactly 156 of those 283 crimes: 55.1%, published as 55%. A crime can carry
  several strands, so a strand's share is the share of crimes carrying it (the shares
  add up to more than 100%);
- exactly 14 of the 283 against police officers on duty;
- hours concentrated between 00:00 and 04:00 (UK time): 40% of crimes start then.
  No record falls on the first or last day of a quarter, so its quarter is the same
  whether a report counts in UTC or in UK time;
- a few hundred domestic abuse referrals in 2024 across the areas and referring
  agencies, about a fifth high risk (so referred to MARAC), with some repeats. They
  are dated 2024 so that they do not change the 2022 and 2023 MARAC figures, which the
  marac service's own demo loads.

Re-running the loader imports nothing new: every row has a fixed source reference.
"""

import asyncio
import csv
import io
import json
import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx

from csp_devtools.demo.context import DemoContext
from referral_hub.codes import HateStrand
from referral_hub.imports.schemas import HATE_REPORT_COLUMNS
from referral_hub.imports.service import MIGRATION_SCOPE
from referral_hub.referral.schemas import DASH_KEYS

UK = ZoneInfo("Europe/London")
SEED = 20240301
IMPORTING_AGENCY = "pfcc"
POLICE = "north-yorkshire-police"

# Q3 of a financial year is October to December of its first calendar year.
Q3_2022_23 = (date(2022, 10, 1), date(2022, 12, 31))
Q3_2023_24 = (date(2023, 10, 1), date(2023, 12, 31))


@dataclass(frozen=True)
class QuarterPlan:
    """A quarter's crimes, how many of them carry race and are against officers on duty,
    and its non-crime incidents."""

    first: date
    last: date
    crimes: int
    race: int
    officers: int
    incidents: int


AREA_WEIGHTS = {
    "york": 22,
    "harrogate": 18,
    "scarborough": 17,
    "selby": 10,
    "hambleton": 10,
    "ryedale": 9,
    "craven": 7,
    "richmondshire": 7,
}
OTHER_STRANDS = {
    HateStrand.SEXUAL_ORIENTATION.value: 34,
    HateStrand.DISABILITY.value: 24,
    HateStrand.RELIGION.value: 22,
    HateStrand.TRANSGENDER.value: 20,
}
EARLY_HOURS = range(0, 4)  # 00:00 to 03:59
EARLY_SHARE = 0.40
OTHER_HOUR_WEIGHTS = {h: (3 if 17 <= h <= 23 else 2 if 10 <= h <= 16 else 1) for h in range(4, 24)}


def _quarters() -> list[QuarterPlan]:
    rng = random.Random(SEED)
    plans = []
    for year in (2022, 2023, 2024):
        for first_month in (1, 4, 7, 10):
            first = date(year, first_month, 1)
            after = date(year + 1, 1, 1) if first_month == 10 else date(year, first_month + 3, 1)
            last = after - timedelta(days=1)
            if (first, last) == Q3_2022_23:
                crimes, race, officers = 256, 140, 12
            elif (first, last) == Q3_2023_24:
                crimes, race, officers = 283, 156, 14
            else:
                crimes = rng.randint(215, 275)
                race = round(crimes * rng.uniform(0.50, 0.58))
                officers = rng.randint(8, 16)
            plans.append(
                QuarterPlan(first, last, crimes, race, officers, incidents=rng.randint(35, 70))
            )
    return plans


def _when(rng: random.Random, plan: QuarterPlan, *, early: bool) -> datetime:
    # Never the first or last day of the quarter (see the module's docstring).
    day = plan.first + timedelta(days=rng.randint(1, (plan.last - plan.first).days - 1))
    if early:
        hour = rng.choice(EARLY_HOURS)
    else:
        hour = rng.choices(list(OTHER_HOUR_WEIGHTS), weights=list(OTHER_HOUR_WEIGHTS.values()))[0]
    return datetime.combine(day, time(hour, rng.randrange(60)), UK)


def _strands(rng: random.Random, *, race: bool) -> list[str]:
    others = list(OTHER_STRANDS)
    weights = list(OTHER_STRANDS.values())
    if race:
        strands = [HateStrand.RACE.value]
        if rng.random() < 0.12:  # race and religion together is common
            strands.append(HateStrand.RELIGION.value)
        return strands
    strands = [rng.choices(others, weights=weights)[0]]
    if rng.random() < 0.08:
        second = rng.choices(others, weights=weights)[0]
        if second not in strands:
            strands.append(second)
    return strands


def _exactly(rng: random.Random, total: int, chosen: int) -> list[bool]:
    flags = [True] * chosen + [False] * (total - chosen)
    rng.shuffle(flags)
    return flags


def hate_reports(seed: int = SEED) -> list[dict[str, Any]]:
    """Every demo hate report, as import rows (crimes first within a quarter)."""
    rng = random.Random(seed)
    rows: list[dict[str, Any]] = []
    areas, area_weights = list(AREA_WEIGHTS), list(AREA_WEIGHTS.values())
    for plan in _quarters():
        races = _exactly(rng, plan.crimes, plan.race)
        officers = _exactly(rng, plan.crimes, plan.officers)
        early = _exactly(rng, plan.crimes, round(plan.crimes * EARLY_SHARE))
        kinds = [("crime", i) for i in range(plan.crimes)]
        kinds += [("non_crime_incident", i) for i in range(plan.incidents)]
        for kind, i in kinds:
            crime = kind == "crime"
            area = rng.choices(areas, weights=area_weights)[0]
            third_party = rng.random() < 0.12
            occurred = _when(rng, plan, early=early[i] if crime else rng.random() < 0.25)
            rows.append(
                {
                    "source_reference": f"NYP-HATE-{plan.first:%Y%m}-{kind[0].upper()}{i:04d}",
                    "reporting_agency": (
                        ("city-of-york-council" if area == "york" else "north-yorkshire-council")
                        if third_party
                        else POLICE
                    ),
                    "kind": kind,
                    "strands": _strands(rng, race=races[i] if crime else rng.random() < 0.5),
                    "occurred_at": occurred.isoformat(),
                    "area": area,
                    "victim_police_officer_on_duty": officers[i] if crime else False,
                    "reporting_channel": (
                        "third_party_reporting_centre" if third_party else "police"
                    ),
                }
            )
    return rows


def hate_reports_csv(rows: list[dict[str, Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    columns = list(HATE_REPORT_COLUMNS.paths)
    writer.writerow(columns)
    for row in rows:
        writer.writerow(
            [
                ";".join(row[c]) if isinstance(row[c], list)
                else str(row[c]).lower() if isinstance(row[c], bool)
                else row[c]
                for c in columns
            ]
        )  # fmt: skip
    return out.getvalue().encode()


# --- domestic abuse referrals ------------------------------------------------------------

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
REFERRALS = 420
REPEATS = 24


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
    services = [s for s, p in (("idas_community_support", 0.35), ("idas_refuge", 0.04),
                               ("foundation_plus_choices", 0.06)) if rng.random() < p]  # fmt: skip
    return {
        "source_reference": f"DEMO-DA-2024-{n:05d}",
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
    """The demo's domestic abuse referrals (2024), as import rows in date order."""
    rng = random.Random(seed + 1)
    first, days = date(2024, 1, 2), 360
    incidents = sorted(first + timedelta(days=rng.randrange(days - 100)) for _ in range(REFERRALS))
    rows = [_referral(rng, n, incident, None) for n, incident in enumerate(incidents)]
    # Repeats: the same victim and perpetrator referred again 1 to 3 months later.
    for k, earlier in enumerate(rng.sample(rows, REPEATS)):
        incident = date.fromisoformat(earlier["incident_date"]) + timedelta(
            days=rng.randint(30, 95)
        )
        pair = (earlier["victim"], earlier["perpetrator"], earlier["area"])
        rows.append(_referral(rng, REFERRALS + k, incident, pair))
    return sorted(rows, key=lambda r: r["received_at"])


def ndjson(rows: list[dict[str, Any]]) -> bytes:
    return "".join(json.dumps(row) + "\n" for row in rows).encode()


# --- loading -----------------------------------------------------------------------------


class DemoLoadFailed(RuntimeError):
    pass


async def _import(client: httpx.AsyncClient, kind: str, content_type: str, content: bytes) -> dict:
    answer = await client.post(
        f"/v1/imports/{kind}", content=content, headers={"Content-Type": content_type}
    )
    if answer.status_code != 202:
        raise DemoLoadFailed(f"import of {kind} refused: {answer.status_code} {answer.text}")
    location = answer.headers["location"]
    while True:
        job = (await client.get(location)).json()
        if job["status"] in {"completed", "failed"}:
            break
        await asyncio.sleep(0.1)
    if job["status"] != "completed" or job["rows_failed"]:
        errors = (await client.get(job["errors_url"], params={"limit": 5})).json()
        raise DemoLoadFailed(f"import of {kind} did not complete cleanly: {job} {errors}")
    return job


async def load_demo(context: DemoContext) -> None:
    """Load the demo through referral-hub's import API (see the module's docstring)."""
    # The CSP team loads every agency's history: a delegated, audited migration.
    token = context.mint_token(
        agency=IMPORTING_AGENCY, scopes=["referrals:import", MIGRATION_SCOPE], ttl=3600
    )
    async with httpx.AsyncClient(
        base_url=context.urls["referral-hub"],
        headers={"Authorization": f"Bearer {token}", "X-Purpose": "demo data"},
        timeout=60,
    ) as client:
        await _import(client, "hate-reports", "text/csv", hate_reports_csv(hate_reports()))
        await _import(client, "referrals", "application/x-ndjson", ndjson(referrals()))

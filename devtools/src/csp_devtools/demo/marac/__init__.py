"""The North Yorkshire demo: MARAC history from January 2022 to the end of the demo's
history (February 2024) and recent police data for MATAC.

Generated deterministically (seeded) and loaded through marac's own import API, as a
partnership would bring its history. The figures match the seed report: 1,998 cases
heard in 2023, 4% more than 2022's 1,921; Scarborough and Ryedale 27%, Harrogate and
Craven 24%, York 23%; a repeat rate near 30% and about 36% of referrals from partner
agencies (SafeLives' benchmarks), and health's irregular attendance at Selby's MARAC,
worse from July 2023, which the escalation rule picks up. A case closed after the
history's end is still open in it.

MATAC: from April 2022 (2022/23, the year before the one the committee compares) each
area's 4-weekly MATAC hears one to three perpetrators nominated in the weeks before it,
recorded as history (`POST /v1/matac/nominations/history`, each nomination's
Idempotency-Key derived from its own reference, so a second load adds nothing) with
the police incidents that made them serial perpetrators, the interventions begun and,
for most, their exit months later, all on their own days. MATAC also ranks the police's
incidents of the months before the day it ranks, so more incidents are dated back from
the day of loading, for the ranking of today.
"""

import asyncio
import json
import random
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import httpx

from csp_common import clock
from csp_devtools.demo.context import HISTORY_ENDS, DemoContext

SEED = 20240301
NOMINATION_KEYS = uuid.UUID("5d0c8f0e-3b8a-4f57-9a43-2f7e2c9d6b10")
"""The namespace of the nominations' Idempotency-Keys (one per nomination's reference)."""
MATAC_STARTS = date(2022, 4, 1)
"""The first nominations of the demo's MATAC history: 2022/23, the comparison year."""
INTERVENTION_KINDS = [
    ("support", 25),
    ("prevention", 15),
    ("diversion", 10),
    ("disruption", 25),
    ("enforcement", 25),
]
NOMINATING = [("north-yorkshire-police", 70), ("probation", 15), ("idas", 15)]
CONCURRENT_NOMINATIONS = 4
CASES_HEARD = {
    2022: {
        "scarborough-ryedale": 519,
        "harrogate-craven": 461,
        "york": 442,
        "hambleton-richmondshire": 313,
        "selby": 186,
    },
    2023: {
        "scarborough-ryedale": 540,
        "harrogate-craven": 480,
        "york": 460,
        "hambleton-richmondshire": 325,
        "selby": 193,
    },
    2024: {
        "scarborough-ryedale": 556,
        "harrogate-craven": 495,
        "york": 474,
        "hambleton-richmondshire": 335,
        "selby": 201,
    },
}
HUB_AREAS = {
    "scarborough-ryedale": [("scarborough", 65), ("ryedale", 35)],
    "harrogate-craven": [("harrogate", 70), ("craven", 30)],
    "york": [("york", 100)],
    "hambleton-richmondshire": [("hambleton", 55), ("richmondshire", 45)],
    "selby": [("selby", 100)],
}
IRREGULAR = {("selby", "health"): 0.45, ("harrogate-craven", "probation"): 0.2}
WORSE_FROM = date(2023, 7, 1)  # and worse still from then, so an escalation is open
REPEAT_RATE = 0.30
PARTNER_RATE = 0.36


def _pick(rng: random.Random, weighted: list[tuple[Any, float]]) -> Any:
    return rng.choices([v for v, _ in weighted], weights=[w for _, w in weighted])[0]


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


@dataclass
class DemoData:
    meetings: list[dict] = field(default_factory=list)
    cases: list[dict] = field(default_factory=list)
    incidents: list[dict] = field(default_factory=list)
    nominations: list[tuple[str, dict]] = field(default_factory=list)
    """(reference, body) of each MATAC nomination of the history."""


def _attendance(rng: random.Random, area: str, agencies: list[str], day: date) -> dict[str, str]:
    attendance = {}
    for agency in agencies:
        missing = IRREGULAR.get((area, agency))
        if missing is not None and day >= WORSE_FROM:
            missing = min(1.0, missing * 1.6)
        if missing is not None and rng.random() < missing:
            attendance[agency] = _pick(
                rng, [("absent", 0.7), ("information_only", 0.2), ("apologies", 0.1)]
            )
        else:
            attendance[agency] = _pick(
                rng,
                [
                    ("present", 0.89),
                    ("apologies", 0.06),
                    ("information_only", 0.04),
                    ("absent", 0.01),
                ],
            )
    return attendance


def _equality(rng: random.Random) -> dict[str, Any]:
    return {
        "victim_age_band": _pick(
            rng,
            [
                ("16_17", 2),
                ("18_24", 18),
                ("25_34", 32),
                ("35_44", 25),
                ("45_54", 13),
                ("55_64", 6),
                ("65_plus", 4),
            ],
        ),
        "victim_gender": _pick(rng, [("female", 93), ("male", 6), ("non_binary", 1)]),
        "victim_ethnicity": _pick(
            rng,
            [
                ("white", 90),
                ("asian", 3),
                ("black", 2),
                ("mixed", 2),
                ("other", 1),
                ("not_stated", 2),
            ],
        ),
        "victim_disability": rng.random() < 0.12,
        "victim_lgbt": rng.random() < 0.03,
        "perpetrator_age_band": _pick(
            rng,
            [
                ("under_16", 0.4),
                ("16_17", 1.2),
                ("18_24", 17),
                ("25_34", 35),
                ("35_44", 27),
                ("45_54", 13),
                ("55_64", 5),
                ("65_plus", 1.4),
            ],
        ),
        "perpetrator_gender": _pick(rng, [("male", 92), ("female", 8)]),
    }


def generate(areas: dict[str, dict], *, today: date, scale: float = 1.0) -> DemoData:
    """`areas`: the `/v1/config/areas` entries by area code (expected agencies, anchors)."""
    rng = random.Random(SEED)
    data = DemoData()
    for area, config in areas.items():
        agencies = config["expected_agencies"]
        council = "city-of-york-council" if area == "york" else "north-yorkshire-council"
        partners = [
            (council, 30),
            ("health", 25),
            ("idas", 25),
            ("probation", 10),
            ("fire-rescue", 10),
        ]
        pairs: list[tuple[str, str, date]] = []  # (victim, perpetrator, last referred) of the area
        case_number = 0
        for kind, anchor, cadence in (
            (
                "marac",
                date.fromisoformat(config["marac_first_meeting_on"]),
                config["marac_cadence_days"],
            ),
            (
                "matac",
                date.fromisoformat(config["matac_first_meeting_on"]),
                config["matac_cadence_days"],
            ),
        ):
            for year, by_area in CASES_HEARD.items():
                days = [
                    d
                    for d in _until(
                        cadence_dates(anchor, cadence, date(year, 1, 1)), date(year, 12, 31)
                    )
                ]
                heard = [0] * len(days)
                if kind == "marac":
                    total = round(by_area[area] * scale)
                    for index in range(total):
                        heard[index % len(days)] += 1
                    rng.shuffle(heard)
                for number, day in enumerate(days, start=1):
                    reference = f"NY-{area}-{kind}-{day.isoformat()}"
                    data.meetings.append(
                        {
                            "source_reference": reference,
                            "area": area,
                            "kind": kind,
                            "held_on": day.isoformat(),
                            "chair_agency": "north-yorkshire-police",
                            "confidentiality_statement_read": True,
                            "attendance": _attendance(rng, area, agencies, day),
                        }
                    )
                    for _ in range(heard[number - 1]):
                        case_number += 1
                        referred_on = day - timedelta(days=rng.randint(4, 13))
                        pairs = [p for p in pairs if (referred_on - p[2]).days <= 365]
                        repeat = rng.random() < REPEAT_RATE
                        if repeat and pairs:
                            victim, perpetrator, _ = pairs.pop(rng.randrange(len(pairs)))
                        else:
                            victim, perpetrator = _uuid(rng), _uuid(rng)
                        pairs.append((victim, perpetrator, referred_on))
                        partner = rng.random() < PARTNER_RATE
                        criterion = _pick(
                            rng,
                            [
                                ("visible_high_risk", 60),
                                ("professional_judgement", 25),
                                ("potential_escalation", 15),
                            ],
                        )
                        case = {
                            "source_reference": f"NY-{area}-case-{case_number:05d}",
                            "area": _pick(rng, HUB_AREAS[area]),
                            "victim_id": victim,
                            "perpetrator_id": perpetrator,
                            "referred_on": referred_on.isoformat(),
                            "referring_agency": _pick(rng, partners)
                            if partner
                            else "north-yorkshire-police",
                            "criteria": [criterion, *(["repeat"] if repeat else [])],
                            "score": rng.randint(14, 24)
                            if criterion == "visible_high_risk"
                            else rng.randint(7, 13),
                            "children_in_household": _pick(
                                rng, [(0, 40), (1, 25), (2, 20), (3, 10), (4, 5)]
                            ),
                            "repeat": repeat,
                            "meeting_reference": reference,
                            **_equality(rng),
                        }
                        closed_on = day + timedelta(days=rng.randint(28, 150))
                        if closed_on <= HISTORY_ENDS:
                            case["closed_on"] = closed_on.isoformat()
                        if day <= HISTORY_ENDS:
                            data.cases.append(case)
        data.incidents += _incidents(rng, area, today=today, scale=scale)
    # MATAC's history draws on a generator of its own: the MARAC figures above stay the seed's.
    matac_rng = random.Random(SEED + 1)
    for area in areas:
        heard_on = sorted(
            date.fromisoformat(m["held_on"])
            for m in data.meetings
            if m["area"] == area and m["kind"] == "matac"
        )
        nominations, incidents = _nominations(matac_rng, area, heard_on, scale=scale)
        data.nominations += nominations
        data.incidents += incidents
    data.meetings = [m for m in data.meetings if m["held_on"] <= HISTORY_ENDS.isoformat()]
    data.meetings.sort(key=lambda m: (m["held_on"], m["area"], m["kind"]))
    return data


def cadence_dates(anchor: date, cadence_days: int, start: date) -> Iterator[date]:
    """Meeting dates every `cadence_days` through `anchor`, on or after `start` (as
    `/v1/config/areas` gives a MARAC's anchor and cadence)."""
    day = anchor + timedelta(days=-(-(start - anchor).days // cadence_days) * cadence_days)
    while True:
        yield day
        day += timedelta(days=cadence_days)


def _until(dates, end: date):  # type: ignore[no-untyped-def]
    for day in dates:
        if day > end:
            return
        yield day


def _incidents(rng: random.Random, area: str, *, today: date, scale: float) -> list[dict]:
    """Recent police data: most suspects have one victim; some are serial."""
    rows = []
    hubs = HUB_AREAS[area]
    for subject_number in range(max(2, round(40 * scale))):
        subject = _uuid(rng)
        band = _pick(
            rng, [("16_17", 3), ("18_24", 20), ("25_34", 40), ("35_44", 25), ("45_54", 12)]
        )
        victims = [_uuid(rng) for _ in range(_pick(rng, [(1, 70), (2, 20), (3, 8), (4, 2)]))]
        for incident in range(rng.randint(1, 7)):
            rows.append(
                {
                    "source_reference": f"NYP-{area}-{subject_number:03d}-{incident}",
                    "subject_id": subject,
                    "victim_id": rng.choice(victims),
                    "area": _pick(rng, hubs),
                    "occurred_on": (today - timedelta(days=rng.randint(1, 900))).isoformat(),
                    "gravity": rng.randint(1, 10),
                    "subject_age_band": band,
                }
            )
    return rows


def _nominations(
    rng: random.Random, area: str, heard_on: list[date], *, scale: float
) -> tuple[list[tuple[str, dict]], list[dict]]:
    """One to three perpetrators heard at each MATAC of the area from April 2022 to the
    history's end (`scale` keeps the first of them), each with the incidents before their
    nomination that make them a serial perpetrator (two or three victims), the
    interventions begun and, for most, an exit months later (none after the history)."""
    nominations: list[tuple[str, dict]] = []
    incidents: list[dict] = []
    hubs = HUB_AREAS[area]
    planned = [
        day - timedelta(days=rng.randint(7, 21))
        for day in heard_on
        if day <= HISTORY_ENDS
        for _ in range(rng.randint(1, 3))
    ]
    planned = [on for on in planned if on >= MATAC_STARTS]
    for number, nominated_on in enumerate(planned[: max(2, round(len(planned) * scale))]):
        reference = f"NY-{area}-matac-{number:03d}"
        subject = _uuid(rng)
        band = _pick(rng, [("18_24", 20), ("25_34", 40), ("35_44", 25), ("45_54", 15)])
        victims = [_uuid(rng) for _ in range(rng.randint(2, 3))]
        for incident in range(rng.randint(3, 6)):
            incidents.append(
                {
                    "source_reference": f"NYP-{area}-matac-{number:03d}-{incident}",
                    "subject_id": subject,
                    "victim_id": victims[incident % len(victims)],
                    "area": _pick(rng, hubs),
                    "occurred_on": (nominated_on - timedelta(days=rng.randint(3, 500))).isoformat(),
                    "gravity": rng.randint(3, 10),
                    "subject_age_band": band,
                }
            )
        exited_on: date | None = nominated_on + timedelta(days=rng.randint(84, 252))
        if rng.random() >= 0.8 or exited_on > HISTORY_ENDS:
            exited_on = None
        last = exited_on or HISTORY_ENDS
        interventions = []
        for _ in range(rng.randint(1, 3)):
            started_on = nominated_on + timedelta(days=rng.randint(3, 60))
            if started_on > last:
                continue
            kind = _pick(rng, INTERVENTION_KINDS)
            intervention: dict[str, Any] = {"kind": kind, "started_on": started_on.isoformat()}
            if kind == "support" and rng.random() < 0.5:
                intervention["plus_choices_referral"] = True
            elif kind in ("disruption", "enforcement"):
                intervention["provider"] = "north-yorkshire-police"
            interventions.append(intervention)
        body: dict[str, Any] = {
            "subject_id": subject,
            "area": area,
            "nominated_on": nominated_on.isoformat(),
            "nominating_agency": _pick(rng, NOMINATING),
            "subject_age_band": band,
            "interventions": interventions,
        }
        if exited_on is not None:
            body["exited_on"] = exited_on.isoformat()
        nominations.append((reference, body))
    return nominations, incidents


async def _nominate(
    client: httpx.AsyncClient, token: str, nominations: list[tuple[str, dict]]
) -> dict:
    """Each nomination of the history once: a second load's are the first answers again."""
    gate = asyncio.Semaphore(CONCURRENT_NOMINATIONS)

    async def one(reference: str, body: dict) -> bool:
        async with gate:
            response = await client.post(
                "/v1/matac/nominations/history",
                json=body,
                headers={
                    "Authorization": f"Bearer {token}",
                    "Idempotency-Key": str(uuid.uuid5(NOMINATION_KEYS, reference)),
                    "X-Purpose": "demo data",
                },
            )
        if response.status_code != 201:
            raise RuntimeError(f"{reference}: {response.status_code} {response.text[:300]}")
        return response.headers.get("idempotent-replayed") != "true"

    made = await asyncio.gather(*(one(reference, body) for reference, body in nominations))
    return {
        "status": "completed",
        "rows_total": len(made),
        "rows_imported": sum(made),
        "rows_skipped": len(made) - sum(made),
        "rows_failed": 0,
    }


async def _import(
    client: httpx.AsyncClient, token: str, kind: str, rows: list[dict], timeout: float
) -> dict:
    body = "".join(json.dumps(row) + "\n" for row in rows).encode()
    response = await client.post(
        f"/v1/imports/{kind}",
        content=body,
        headers={"Authorization": f"Bearer {token}", "content-type": "application/x-ndjson"},
    )
    response.raise_for_status()
    location = response.headers["location"]
    deadline = asyncio.get_running_loop().time() + timeout
    while asyncio.get_running_loop().time() < deadline:
        job = (await client.get(location, headers={"Authorization": f"Bearer {token}"})).json()
        if job["status"] in ("completed", "failed"):
            return job
        await asyncio.sleep(0.5)
    raise TimeoutError(f"the {kind} import did not finish in {timeout}s")


async def load(
    base_url: str, mint_token: Callable[..., str], *, scale: float = 1.0, timeout: float = 900
) -> dict[str, dict]:
    """Load the demo into a running marac; returns the finished import jobs by kind, and
    the MATAC nominations of the history as one (`rows_imported`: those recorded now)."""
    token = mint_token(
        agency="pfcc", scopes=["marac:import", "marac:coordinate", "admin"], ttl=4 * 3600
    )
    async with httpx.AsyncClient(base_url=base_url, timeout=120) as client:
        response = await client.get(
            "/v1/config/areas", headers={"Authorization": f"Bearer {token}"}
        )
        response.raise_for_status()
        areas = {entry["marac_area"]: entry for entry in response.json()}
        data = generate(areas, today=clock.today(), scale=scale)
        jobs = {
            kind: await _import(client, token, kind, rows, timeout)
            for kind, rows in (
                ("meetings", data.meetings),
                ("cases", data.cases),
                ("incidents", data.incidents),
            )
        }
        # after the incidents: the entry and exit scores are RFGV scores on their days
        jobs["nominations"] = await _nominate(client, token, data.nominations)
    return jobs


async def load_demo(context: DemoContext) -> None:
    await load(context.urls["marac"], context.mint_token)

"""The demo's community safety hubs: the seven hubs of North Yorkshire (Craven,
Hambleton, Harrogate, Richmondshire, Ryedale, Scarborough, Selby) and York, with their
anti-social behaviour and other cases from January 2022 to the end of the demo's
history (February 2024), opened all through it, through
referral-hub's API as the hubs' staff and the police would record them: cases opened
with their incidents, risk assessed, interventions issued up the ladder (some
breached), cases closed with an outcome, and ASB case review applications decided and
reviewed.

The cases are made up (seeded, so the same every run) in proportions a hub would
recognise. Every creating call sends an Idempotency-Key derived from the case's own
reference, so a second run replays the first run's answers and records nothing twice.
"""

import asyncio
import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import httpx

from csp_devtools.demo.context import HISTORY_ENDS, DemoContext

HUBS = {
    "craven": 12,
    "hambleton": 13,
    "harrogate": 19,
    "richmondshire": 10,
    "ryedale": 10,
    "scarborough": 20,
    "selby": 13,
    "york": 22,
}
"""Cases a hub opens in the demo's 26 months (the larger towns more): a few a month
across the hubs, so every quarter, the seed report's Q3 2023/24 too, has its cases."""
KINDS = [
    ("asb_personal", 30),
    ("asb_nuisance", 30),
    ("asb_environmental", 12),
    ("drugs", 10),
    ("alcohol", 7),
    ("reoffending", 6),
    ("crime_prevention", 5),
]
OUTCOMES = [("resolved", 45), ("improved", 30), ("no_further_action", 15), ("unresolved", 10)]
PLACES = ["Market Place", "Station Road", "the recreation ground", "High Street", "the bus station"]
GIVEN = ["Alex", "Sam", "Jo", "Chris", "Pat", "Lee", "Kim", "Robin", "Jamie", "Toni"]
FAMILY = ["Walker", "Hudson", "Atkinson", "Dobson", "Harker", "Metcalfe", "Lister", "Pickard"]
NAMESPACE = uuid.UUID("6f1c43c2-6f9e-4f3e-9f3b-8c3a2b2f5a10")
STARTS = date(2022, 1, 4)
ENDS = HISTORY_ENDS
REVIEW_DAYS = 60
"""An ASB case review takes up to about eight weeks from the application to the review
(acknowledged, decided, reviewed within working-day limits): applications later than
this before the history's end are left out, so that nothing is dated after it."""
CONCURRENCY = 6
LADDER = [
    "warning_letter",
    "acceptable_behaviour_contract",
    "community_protection_warning",
    "community_protection_notice",
]


class DemoHubsFailed(RuntimeError):
    pass


def _pick(rng: random.Random, weighted: list[tuple[str, int]]) -> str:
    return rng.choices([k for k, _ in weighted], weights=[w for _, w in weighted])[0]


@dataclass
class DemoCase:
    reference: str
    hub: str
    body: dict[str, Any]
    incidents: list[tuple[date, date]]
    high_risk: bool
    interventions: list[str]
    breached: bool
    closed: tuple[str, date] | None
    trigger: date | None
    steps: list[str] = field(default_factory=list)


def cases(seed: int = 14) -> Iterator[DemoCase]:
    """Every hub's cases, the same for the same seed."""
    rng = random.Random(seed)
    for hub, count in HUBS.items():
        for n in range(count):
            reference = f"DEMO-HUB-{hub.upper()}-{n + 1:03d}"
            reported = STARTS + timedelta(days=rng.randrange((ENDS - STARTS).days - 7))
            kind = _pick(rng, KINDS)
            place = rng.choice(PLACES) if n % 4 else PLACES[0]  # a repeat location
            incidents = []
            behaviour = reported - timedelta(days=rng.randint(1, 10))
            for _ in range(rng.randint(1, 5)):
                incidents.append((behaviour, behaviour + timedelta(days=rng.randint(0, 40))))
                behaviour += timedelta(days=rng.randint(5, 30))
            incidents = [(b, min(c, ENDS)) for b, c in incidents if b <= ENDS]
            people = [
                {
                    "role": "victim",
                    "given_name": rng.choice(GIVEN),
                    "family_name": rng.choice(FAMILY),
                    "date_of_birth": date(
                        rng.randint(1940, 2004), rng.randint(1, 12), 1
                    ).isoformat(),
                }
            ]
            if kind.startswith("asb") or kind in ("drugs", "alcohol"):
                people.append(
                    {
                        "role": "subject",
                        "given_name": rng.choice(GIVEN),
                        "family_name": rng.choice(FAMILY),
                    }
                )
            climbed = LADDER[: rng.choice([0, 0, 1, 1, 2, 3, 4])] if len(people) > 1 else []
            closes = rng.random() < 0.7
            closed_on = reported + timedelta(days=rng.randint(30, 240))  # may be after ENDS
            yield DemoCase(
                reference=reference,
                hub=hub,
                body={
                    "hub": hub,
                    "kind": kind,
                    "reported_on": reported.isoformat(),
                    "opened_on": (reported + timedelta(days=rng.randint(0, 3))).isoformat(),
                    "location": {"kind": "place", "place": f"{place}, {hub.title()}"},
                    "people": people,
                    "source_reference": reference,
                },
                incidents=incidents,
                high_risk=rng.random() < 0.12,
                interventions=climbed,
                breached=bool(climbed) and rng.random() < 0.3,
                closed=(_pick(rng, OUTCOMES), closed_on) if closes else None,
                trigger=(reported + timedelta(days=rng.randint(40, 70)))
                if len(incidents) >= 2 and rng.random() < 0.25
                else None,
            )


class _Hubs:
    def __init__(self, client: httpx.AsyncClient, context: DemoContext) -> None:
        self.client = client
        self.context = context
        self.tokens: dict[str, str] = {}

    def headers(self, hub: str, key: str) -> dict[str, str]:
        if hub not in self.tokens:
            agency = "city-of-york-council" if hub == "york" else "north-yorkshire-council"
            self.tokens[hub] = self.context.mint_token(
                agency=agency, scopes=["hubs:write", "hubs:read"], area=hub, ttl=3600
            )
        return {
            "Authorization": f"Bearer {self.tokens[hub]}",
            "Idempotency-Key": str(uuid.uuid5(NAMESPACE, key)),
            "X-Purpose": "demo data",
        }

    async def post(self, hub: str, key: str, url: str, body: dict[str, Any]) -> dict[str, Any]:
        response = await self.client.post(url, json=body, headers=self.headers(hub, key))
        if response.status_code not in (200, 201, 204):
            raise DemoHubsFailed(f"{url}: {response.status_code} {response.text[:300]}")
        return response.json() if response.content else {}

    async def load(self, case: DemoCase) -> None:
        ref, hub = case.reference, case.hub
        opened = await self.post(hub, ref, "/v1/hub-cases", case.body)
        url = f"/v1/hub-cases/{opened['id']}"
        for i, (behaviour, complained) in enumerate(case.incidents):
            body = {"occurred_on": behaviour.isoformat(), "reported_on": complained.isoformat()}
            await self.post(hub, f"{ref}/incident/{i}", f"{url}/incidents", body)
        answers = (
            {"repeat_victim": True, "feels_unsafe": True, "vulnerable": True, "targeted": True,
             "health_impact": True, "isolated": True}
            if case.high_risk
            else {"daily_life": True, "repeat_victim": len(case.incidents) > 2}
        )  # fmt: skip
        assessed_on = case.body["opened_on"]
        await self.post(
            hub,
            f"{ref}/risk",
            f"{url}/risk-assessments",
            {"answers": answers, "assessed_on": assessed_on},
        )
        subject = next((p["id"] for p in opened["people"] if p["role"] == "subject"), None)
        issued = date.fromisoformat(assessed_on)
        last: dict[str, Any] = {}
        for kind in case.interventions:
            if issued + timedelta(days=21) > ENDS:
                break  # the next rung would come after the history's end
            issued += timedelta(days=21)
            last = await self.post(
                hub,
                f"{ref}/intervention/{kind}",
                f"{url}/interventions",
                {"kind": kind, "subject_id": subject, "issued_on": issued.isoformat()},
            )
        if case.breached and last and issued + timedelta(days=10) <= ENDS:
            breached_on = issued + timedelta(days=10)
            await self.post(
                hub,
                f"{ref}/breach",
                f"{url}/interventions/{last['id']}/breaches",
                {"breached_on": breached_on.isoformat()},
            )
        if case.trigger is not None and case.trigger <= ENDS - timedelta(days=REVIEW_DAYS):
            await self._trigger(case, opened["id"])
        if case.closed is not None:
            outcome, closed_on = case.closed
            closed_on = max(closed_on, issued, case.trigger or closed_on)
            if closed_on <= ENDS:
                response = await self.client.post(
                    f"{url}/closure",
                    json={"outcome": outcome, "closed_on": closed_on.isoformat()},
                    headers=self.headers(hub, f"{ref}/closure"),
                )
                if response.status_code not in (204, 409):  # 409: closed by an earlier run
                    raise DemoHubsFailed(f"{url}/closure: {response.status_code} {response.text}")

    async def _trigger(self, case: DemoCase, case_id: str) -> None:
        assert case.trigger is not None
        hub, ref = case.hub, case.reference
        application = await self.post(
            hub,
            f"{ref}/trigger",
            "/v1/case-reviews",
            {"case_id": case_id, "applicant": "victim", "received_on": case.trigger.isoformat()},
        )
        if application.get("decided_on"):
            return  # an earlier run went on with it
        url = f"/v1/case-reviews/{application['id']}"
        step = {"Authorization": self.headers(hub, ref)["Authorization"], "X-Purpose": "demo data"}
        acknowledged = date.fromisoformat(application["acknowledge_by"]) - timedelta(days=3)
        await self.client.post(
            f"{url}/acknowledgement",
            json={"acknowledged_on": max(acknowledged, case.trigger).isoformat()},
            headers=step,
        )
        decided = (
            await self.client.post(
                f"{url}/threshold-decision",
                json={"decided_on": application["decide_by"]},
                headers=step,
            )
        ).json()
        if decided.get("met") and decided.get("review_by"):
            held = date.fromisoformat(decided["review_by"]) - timedelta(days=2)
            await self.client.post(
                f"{url}/review",
                json={
                    "held_on": held.isoformat(),
                    "recommendations": [
                        "Joint visit by the council and the neighbourhood policing team",
                        "Mediation offered to both households",
                    ][: 1 + len(case.incidents) % 2],
                    "responded_on": (held + timedelta(days=3)).isoformat(),
                },
                headers=step,
            )


async def load_hubs(context: DemoContext) -> None:
    """Every hub's demo cases through referral-hub's API (see the module's docstring)."""
    async with httpx.AsyncClient(base_url=context.urls["referral-hub"], timeout=60) as client:
        hubs = _Hubs(client, context)
        gate = asyncio.Semaphore(CONCURRENCY)

        async def one(case: DemoCase) -> None:
            async with gate:
                await hubs.load(case)

        await asyncio.gather(*(one(case) for case in cases()))

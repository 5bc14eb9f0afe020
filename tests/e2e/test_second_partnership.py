"""Another partnership by configuration alone: referral-hub, marac and reporting as real
servers on a broker of their own, started for the made-up Fenmoor and Saltmere
partnership (`csp_devtools/partnerships/fenmoor.json`) the way a deployment is, by
naming its file in `CSP_PARTNERSHIP_FILE`.

Referrals made by its police go to its providers' services by its routing rules (North
Yorkshire's services are refused), the high-risk ones to the next meeting of its MARAC
area with the case cap its file sets; MARAC meetings and cases imported for its areas,
and its routes, come out of reporting's figures by its codes; and the committee report
names its areas, agencies and services and nothing of North Yorkshire's.
"""

import asyncio
import copy
import json
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest

from csp_common.partnership import load_partnership
from csp_devtools.partnerships import FENMOOR
from csp_devtools.testing.idempotency import KEYED_POSTS
from csp_devtools.testing.infra import (
    Broker,
    UvicornServer,
    create_database,
    drop_database,
    eventually,
)
from csp_devtools.testing.partnership import partnership_file
from marac.app import create_app as create_marac
from marac.settings import MaracSettings
from referral_hub.app import create_app as create_hub
from referral_hub.referral.schemas import DASH_KEYS, REFERRAL_EXAMPLE
from referral_hub.settings import ReferralHubSettings
from reporting.app import create_app as create_reporting
from reporting.periods import financial_year_of, fy_quarter, last_complete_year
from reporting.settings import ReportingSettings

POLICE = "fenmoor-constabulary"
NORTH_YORKSHIRE = load_partnership()
NDJSON = {"Content-Type": "application/x-ndjson", "X-Purpose": "e2e test of a partnership"}


@dataclass
class Fenmoor:
    hub: str
    marac: str
    reporting: str


@pytest.fixture(scope="module")
async def fenmoor(signing_keys: tuple[Path, Path]) -> AsyncIterator[Fenmoor]:
    broker = Broker().start()
    names = ("csp_e2e_fen_hub", "csp_e2e_fen_marac", "csp_e2e_fen_reporting")
    hub_db, marac_db, reporting_db = [await create_database(n) for n in names]
    common: dict[str, Any] = {
        "kafka_bootstrap_servers": broker.bootstrap_servers,
        "auth_public_key_file": signing_keys[1],
        "outbox_poll_interval_seconds": 0.2,
    }
    try:
        with partnership_file(FENMOOR):
            hub = create_hub(
                ReferralHubSettings(database_url=hub_db, person_key_secret="e2e", **common)
            )
            marac = create_marac(
                MaracSettings(
                    database_url=marac_db, referrals_consumer_group="marac-fenmoor", **common
                )
            )
            reporting = create_reporting(
                ReportingSettings(
                    database_url=reporting_db,
                    consumer_group="reporting-fenmoor",
                    dashboard_secret="e2e-dashboard-secret-0123456789",
                    **common,
                )
            )
            async with (
                UvicornServer(hub) as hub_server,
                UvicornServer(marac) as marac_server,
                UvicornServer(reporting) as reporting_server,
            ):
                for app in (marac, reporting):
                    await asyncio.wait_for(app.state.consumers[0].assigned.wait(), timeout=90)
                yield Fenmoor(hub_server.url, marac_server.url, reporting_server.url)
    finally:
        for database in (hub_db, marac_db, reporting_db):
            await drop_database(database)
        broker.stop()


def _referral(area: str, *, yes: int, n: int) -> dict[str, Any]:
    body = copy.deepcopy(REFERRAL_EXAMPLE)
    body.update(
        area=area,
        incident_date=date.today().isoformat(),
        relationship="ex_partner",
        children_in_household=0,
        services_requested=[],
    )
    body["dash"]["answers"] = {key: ("yes" if i < yes else "no") for i, key in enumerate(DASH_KEYS)}
    body["victim"].update(family_name=f"Fen{area.capitalize()}{n}", postcode="FN1 1AA")
    body["perpetrator"].update(family_name=f"Moor{area.capitalize()}{n}", postcode="FN1 2BB")
    return body


async def _import(client: httpx.AsyncClient, url: str, rows: list[dict], headers: dict) -> None:
    body = "\n".join(json.dumps(row) for row in rows) + "\n"
    response = await client.post(url, content=body.encode(), headers={**headers, **NDJSON})
    assert response.status_code == 202, response.text
    location = httpx.URL(url).join(response.headers["location"])

    async def finished() -> dict | None:
        job = (await client.get(location, headers=headers)).json()
        return job if job["status"] in ("completed", "failed") else None

    job = await eventually(finished, timeout=120, interval=0.3)
    assert job["status"] == "completed", job
    assert job.get("rows_failed", job.get("failed_rows")) == 0, job


def _heard(year: int) -> tuple[list[dict], list[dict]]:
    """Meetings of `year`'s first nine months (always past) and the cases heard at them:
    Brackwater and Eelsby hears 45 (health absent from every other meeting), Saltmere
    and Tollgate 54: never so few in a month that a figure is suppressed."""
    meetings, cases = [], []
    for area, per_meeting in (("brackwater-eelsby", 5), ("saltmere-tollgate", 6)):
        for month in range(1, 10):
            reference = f"FEN-M-{area}-{month}"
            attendance = {POLICE: "present", "harbour-light": "present"}
            attendance["fenmoor-health"] = "absent" if month % 2 else "present"
            meetings.append(
                {
                    "source_reference": reference,
                    "area": area,
                    "held_on": f"{year}-{month:02d}-10",
                    "status": "held",
                    "chair_agency": POLICE,
                    "attendance": attendance,
                }
            )
            for n in range(per_meeting):
                cases.append(
                    {
                        "source_reference": f"FEN-C-{area}-{month}-{n}",
                        "area": area,
                        "victim_id": str(uuid.uuid4()),
                        "perpetrator_id": str(uuid.uuid4()),
                        "referred_on": f"{year}-{month:02d}-01",
                        "referring_agency": POLICE,
                        "criteria": ["visible_high_risk"],
                        "score": 16,
                        "children_in_household": 0,
                        "victim_age_band": "25_34",
                        "victim_gender": "female",
                        "victim_ethnicity": "white",
                        "repeat": False,
                        "meeting_reference": reference,
                    }
                )
    return meetings, cases


def _north_yorkshire_names() -> set[str]:
    p = NORTH_YORKSHIRE
    names = {a.name for a in p.areas} | {m.name for m in p.marac_areas}
    names |= {a.name for a in p.agencies} | {s.name for v in p.providers for s in v.services}
    return names | {"North Yorkshire", "IDAS", "Foundation", "York"}


async def test_fenmoor_runs_the_platform_by_its_file_alone(
    fenmoor: Fenmoor, mint: Callable[..., str]
) -> None:
    def bearer(agency: str, *scopes: str, **claims: Any) -> dict[str, str]:
        return {"Authorization": f"Bearer {mint(agency=agency, scopes=list(scopes), **claims)}"}

    police = bearer(POLICE, "referrals:write", "referrals:read")
    coordinator = bearer(POLICE, "marac:coordinate", area="brackwater-eelsby")
    marac_import = bearer(POLICE, "marac:import", "admin")
    harbour = bearer("harbour-light", "provider:feedback")
    reader = bearer("fenmoor-pcc", "reports:read")
    today = date.today()
    fy, quarter = financial_year_of(today), ((today.month - 4) % 12) // 3 + 1
    period = fy_quarter(fy, quarter)
    last_quarter = fy_quarter(fy, quarter - 1) if quarter > 1 else fy_quarter(fy - 1, 4)
    marac_year = last_complete_year(period).start.year
    async with httpx.AsyncClient(timeout=60, event_hooks=KEYED_POSTS) as client:
        # North Yorkshire's services and areas are not this partnership's.
        refused = _referral("eelsby", yes=16, n=0) | {"services_requested": ["idas_refuge"]}
        answer = await client.post(f"{fenmoor.hub}/v1/referrals", json=refused, headers=police)
        assert answer.status_code == 422, answer.text
        assert "harbour_outreach" in answer.text  # the error names what may be sent
        york = await client.post(
            f"{fenmoor.hub}/v1/referrals", json=_referral("york", yes=16, n=0), headers=police
        )
        assert york.status_code == 422, york.text

        # Five high-risk referrals in Eelsby, five standard-risk in Saltmere.
        high, standard = [], []
        for n in range(5):
            for area, yes, made in (("eelsby", 16, high), ("saltmere", 4, standard)):
                response = await client.post(
                    f"{fenmoor.hub}/v1/referrals",
                    json=_referral(area, yes=yes, n=n),
                    headers=police,
                )
                assert response.status_code == 201, response.text
                made.append(response.json())
        for referral in high:
            assert sorted((r["provider"], r["service"]) for r in referral["routes"]) == [
                ("harbour-light", "harbour_outreach"),
                ("harbour-light", "harbour_sanctuary"),
                ("marac", None),
            ]
        for referral in standard:
            assert [(r["provider"], r["service"]) for r in referral["routes"]] == [
                ("new-tide", "new_tide_programme")
            ]
        inbox = await client.get(f"{fenmoor.hub}/v1/providers/harbour-light/inbox", headers=harbour)
        assert inbox.status_code == 200, inbox.text
        assert {item["referral"]["id"] for item in inbox.json()["items"]} == {r["id"] for r in high}

        # A provider's quarterly return of the last quarter, for one of its own services only.
        returns = bearer("harbour-light", "provider:returns")
        returned = f"{fenmoor.hub}/v1/providers/harbour-light/returns"
        figures_sent = {
            "referrals_received": 40,
            "self_referrals": 6,
            "caseload": 70,
            "closures": 20,
            "outcomes": {"risk_reduced": 15},
            "waiting_at_end": 5,
            "median_wait_days": 2.0,
        }
        submitted = await client.put(
            f"{returned}/harbour_outreach/{last_quarter.code}", json=figures_sent, headers=returns
        )
        assert submitted.status_code == 201, submitted.text
        not_its_own = await client.put(
            f"{returned}/new_tide_programme/{last_quarter.code}", json=figures_sent, headers=returns
        )
        assert not_its_own.status_code == 404, not_its_own.text

        # MARAC: listed at the next meeting of Brackwater and Eelsby, capped as configured.
        async def listed() -> list[dict] | None:
            page = await client.get(
                f"{fenmoor.marac}/v1/cases",
                params={"area": "brackwater-eelsby", "limit": 500},
                headers=coordinator,
            )
            assert page.status_code == 200, page.text
            cases = [c for c in page.json()["items"] if c["referral_id"] in {r["id"] for r in high}]
            return cases if len(cases) == len(high) else None

        cases = await eventually(listed, timeout=30, interval=0.2)
        assert {(c["area"], c["hub_area"], c["status"]) for c in cases} == {
            ("brackwater-eelsby", "eelsby", "listed")
        }
        meeting = await client.get(
            f"{fenmoor.marac}/v1/meetings/{cases[0]['meeting_id']}", headers=coordinator
        )
        assert meeting.status_code == 200, meeting.text
        assert meeting.json()["capacity"] == 12
        assert meeting.json()["held_on"] > today.isoformat()

        # Meetings and cases heard in the report's MARAC year, through marac's import API.
        meetings, heard = _heard(marac_year)
        await _import(client, f"{fenmoor.marac}/v1/imports/meetings", meetings, marac_import)
        await _import(client, f"{fenmoor.marac}/v1/imports/cases", heard, marac_import)

        # Reporting's figures, by Fenmoor's codes.
        async def figures() -> dict[str, Any] | None:
            found = {}
            for name, path, params in (
                ("referrals", "/v1/stats/referrals", {"period": period.code, "group_by": "area"}),
                ("providers", "/v1/stats/providers", {"period": period.code}),
                ("returns", "/v1/stats/providers", {"period": last_quarter.code}),
                ("marac", "/v1/stats/marac", {"year": marac_year}),
                ("attendance", "/v1/stats/attendance", {"year": marac_year}),
            ):
                response = await client.get(
                    f"{fenmoor.reporting}{path}", params=params, headers=reader
                )
                assert response.status_code == 200, (path, response.text)
                found[name] = response.json()
            settled = (
                found["referrals"]["referrals"] == 10
                and found["marac"]["cases"] == 99
                and found["returns"]["returns"]
            )
            return found if settled else None

        shown = await eventually(figures, timeout=120, interval=0.5)
        groups = shown["referrals"]["groups"]
        assert {area: groups[area]["count"] for area in groups} == {
            "brackwater": 0,
            "eelsby": 5,
            "saltmere": 5,
            "tollgate": 0,
        }
        providers = shown["providers"]["providers"]
        assert set(providers) == {"harbour-light", "new-tide", "marac"}
        harbour_services = providers["harbour-light"]["services"]
        assert harbour_services["harbour_outreach"]["received"] == 5
        assert harbour_services["harbour_sanctuary"]["received"] == 5
        assert providers["new-tide"]["services"]["new_tide_programme"]["received"] == 5
        by_area = shown["marac"]["by_area"]
        assert set(by_area) == {"brackwater-eelsby", "saltmere-tollgate"}
        assert (by_area["brackwater-eelsby"]["cases"], by_area["saltmere-tollgate"]["cases"]) == (
            45,
            54,
        )
        returned_figures = shown["returns"]["returns"]["harbour-light"]["harbour_outreach"]
        assert returned_figures["referrals_received"] == 40
        health = shown["attendance"]["by_agency"]["fenmoor-health"]
        assert (health["present"], health["absent"]) == (8, 10)

        # The committee reports: Fenmoor's names, none of North Yorkshire's.
        async def report(of: str) -> str:
            answer = await client.get(
                f"{fenmoor.reporting}/v1/reports/scrutiny",
                params={"period": of, "format": "html"},
                headers=reader,
            )
            assert answer.status_code == 200, answer.text
            return " ".join(answer.text.split())

        text, earlier = await report(period.code), await report(last_quarter.code)
        for name in (
            "Fenmoor and Saltmere",
            "Brackwater and Eelsby",
            "Saltmere and Tollgate",
            "Harbour Light",
            "Outreach and independent advocacy",
            "Sanctuary scheme",
            "New Tide",
            "Behaviour change programme",
            "Abuse at home",
            "Fenmoor Domestic Abuse Board",
        ):
            assert name in text, name
        assert "Harbour Light - Outreach and independent advocacy: 40 referrals" in earlier
        for html in (text, earlier):
            assert [name for name in sorted(_north_yorkshire_names()) if name in html] == []

"""referral-hub, marac and reporting as real servers on their own broker.

A dataset is imported through referral-hub's and marac's import APIs; the test counts
what it sent and checks every reporting figure against those counts: referrals by area
and risk level, routes to providers, hate crimes in a quarter against the same quarter
a year before (strands, hours, officers), MARAC cases by area year on year with the
repeat rate, the SafeLives return and agency attendance. Then reporting's consumer
crashes in the middle of a second import and a new instance finishes it; then the read
models are rebuilt from offset zero. The figures stay exact throughout.
"""

import asyncio
import copy
import json
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from csp_devtools.testing.idempotency import KEYED_POSTS
from csp_devtools.testing.infra import (
    Broker,
    UvicornServer,
    create_database,
    drop_database,
    eventually,
)

pytest.importorskip("referral_hub.app")
pytest.importorskip("marac.app")

from marac.app import create_app as create_marac
from marac.settings import MaracSettings
from referral_hub.app import create_app as create_hub
from referral_hub.referral.schemas import DASH_KEYS, REFERRAL_EXAMPLE
from referral_hub.settings import ReferralHubSettings
from reporting.app import create_app as create_reporting
from reporting.settings import ReportingSettings

NDJSON = {"Content-Type": "application/x-ndjson", "X-Purpose": "e2e test of reporting"}
MARAC_AREAS = ("york", "selby", "scarborough-ryedale")
AGENCIES = ("north-yorkshire-police", "health", "probation")


# ---- the dataset and its true counts -------------------------------------------------


@dataclass
class Truth:
    referrals: Counter = field(default_factory=Counter)  # (year, area)
    risk: Counter = field(default_factory=Counter)  # (year, level)
    routes: Counter = field(default_factory=Counter)  # (year, service)
    crimes: Counter = field(default_factory=Counter)  # (quarter start year, what)
    cases: Counter = field(default_factory=Counter)  # (year, area, what)
    attendance: Counter = field(default_factory=Counter)  # (year, agency, status)


def _answers(yes: int) -> dict[str, str]:
    return {key: ("yes" if i < yes else "no") for i, key in enumerate(DASH_KEYS)}


def referral_rows(truth: Truth, year: int, plan: dict[str, tuple[int, int, int]]) -> list[dict]:
    """plan: area -> (high, medium, standard) referrals received in May of `year`."""
    rows = []
    for area, levels in plan.items():
        for level, count in zip(("high", "medium", "standard"), levels, strict=True):
            for n in range(count):
                reference = f"E2E-{year}-{area}-{level}-{n}"
                body = copy.deepcopy(REFERRAL_EXAMPLE)
                body.update(
                    source_reference=reference,
                    referring_agency="north-yorkshire-police",
                    received_at=f"{year}-05-{10 + n % 15:02d}T10:00:00+01:00",
                    area=area,
                    incident_date=f"{year}-05-{9 + n % 15:02d}",
                    children_in_household=0,
                    services_requested=["idas_community_support"],
                )
                body["victim"].update(
                    given_name=f"Vic{level.capitalize()}{n}",
                    family_name=f"E2e{area.capitalize()}{year}",
                    date_of_birth=f"19{70 + n % 25}-0{1 + n % 9}-1{n % 9}",
                )
                body["perpetrator"].update(
                    given_name=f"Per{level.capitalize()}{n}",
                    family_name=f"E2e{area.capitalize()}{year}",
                    date_of_birth=f"19{65 + n % 25}-0{1 + n % 9}-2{n % 9}",
                )
                body["dash"] = {
                    "answers": _answers({"high": 16, "medium": 11, "standard": 4}[level]),
                    "incidents_last_12_months": 1,
                }
                rows.append(body)
                truth.referrals[(year, area)] += 1
                truth.risk[(year, level)] += 1
                truth.routes[(year, "idas_community_support")] += 1
                if level == "high":
                    truth.routes[(year, "idas_target_hardening")] += 1
                if level == "standard":
                    truth.routes[(year, "foundation_plus_choices")] += 1
    return rows


def hate_rows(truth: Truth, start_year: int, count: int, *, prefix: str = "E2E") -> list[dict]:
    """`count` crimes in Q3 of the financial year starting `start_year`, and 3 incidents."""
    rows = []
    strands = ["race"] * 11 + ["religion"] * 4 + ["disability"] * 3 + ["sexual_orientation"] * 2
    for n in range(count):
        strand = strands[n % len(strands)]
        hour = (1, 2, 3, 14, 20)[n % 5] if n % 3 else 1
        day = date(start_year, 10, 2) + timedelta(days=n % 88)
        officer = n % 7 == 0
        rows.append(
            {
                "source_reference": f"{prefix}-HATE-{start_year}-{n}",
                "kind": "crime",
                "strands": [strand],
                "occurred_at": f"{day.isoformat()}T{hour:02d}:30:00",
                "area": ("york", "selby", "harrogate")[n % 3],
                "victim_police_officer_on_duty": officer,
                "reporting_channel": "police",
            }
        )
        truth.crimes[(start_year, "crimes")] += 1
        truth.crimes[(start_year, f"strand:{strand}")] += 1
        truth.crimes[(start_year, f"hour:{hour}")] += 1
        truth.crimes[(start_year, "officers")] += officer
    for n in range(3):
        rows.append(
            {
                "source_reference": f"{prefix}-NCHI-{start_year}-{n}",
                "kind": "non_crime_incident",
                "strands": ["race"],
                "occurred_at": f"{start_year}-11-0{n + 2}T12:00:00",
                "area": "york",
                "victim_police_officer_on_duty": False,
                "reporting_channel": "third_party_reporting_centre",
            }
        )
        truth.crimes[(start_year, "incidents")] += 1
    return rows


def meeting_rows(truth: Truth, year: int) -> list[dict]:
    rows = []
    for area in MARAC_AREAS:
        for month in range(1, 13):
            attendance = {}
            for agency in AGENCIES:
                status = "present"
                if agency == "health" and month % 3 == 0:
                    status = "absent"
                elif agency == "probation" and month % 4 == 0:
                    status = "apologies"
                attendance[agency] = status
                truth.attendance[(year, agency, status)] += 1
            rows.append(
                {
                    "source_reference": f"E2E-M-{area}-{year}-{month:02d}",
                    "area": area,
                    "held_on": f"{year}-{month:02d}-08",
                    "status": "held",
                    "chair_agency": "north-yorkshire-police",
                    "attendance": attendance,
                }
            )
    return rows


def case_rows(truth: Truth, year: int, plan: dict[str, tuple[int, int]]) -> list[dict]:
    """plan: MARAC area -> (cases heard in `year`, of which repeats)."""
    rows = []
    for area, (cases, repeats) in plan.items():
        for n in range(cases):
            month = 1 + n % 12
            partner = n % 3 == 0
            minoritised = n % 5 == 0
            repeat = n < repeats
            rows.append(
                {
                    "source_reference": f"E2E-C-{area}-{year}-{n}",
                    "area": area,
                    "victim_id": str(uuid.uuid4()),
                    "perpetrator_id": str(uuid.uuid4()),
                    "referred_on": f"{year}-{month:02d}-01",
                    "referring_agency": "health" if partner else "north-yorkshire-police",
                    "criteria": ["visible_high_risk"],
                    "score": 16,
                    "children_in_household": n % 3,
                    "victim_age_band": "25_34",
                    "victim_gender": "female",
                    "victim_ethnicity": "asian" if minoritised else "white",
                    "repeat": repeat,
                    "meeting_reference": f"E2E-M-{area}-{year}-{month:02d}",
                }
            )
            truth.cases[(year, area, "cases")] += 1
            truth.cases[(year, area, "repeat")] += repeat
            truth.cases[(year, area, "partner")] += partner
            truth.cases[(year, area, "minoritised")] += minoritised
            truth.cases[(year, area, "children")] += n % 3
    return rows


# ---- the servers -----------------------------------------------------------------


@dataclass
class Stack:
    broker: Broker
    hub: str
    marac: str
    reporting_settings: ReportingSettings
    reporting: UvicornServer | None = None


async def start_reporting(stack: Stack) -> UvicornServer:
    app = create_reporting(stack.reporting_settings)
    server = await UvicornServer(app).start()
    await asyncio.wait_for(app.state.consumers[0].assigned.wait(), timeout=90)
    stack.reporting = server
    return server


@pytest.fixture(scope="module")
async def reporting_e2e_stack(signing_keys: tuple[Path, Path]) -> AsyncIterator[Stack]:
    """Its own broker, so other tests' events on the shared one do not count."""
    broker = Broker().start()
    names = ("csp_e2e_rep_hub", "csp_e2e_rep_marac", "csp_e2e_reporting")
    hub_db, marac_db, reporting_db = [await create_database(n) for n in names]
    common: dict[str, Any] = {
        "kafka_bootstrap_servers": broker.bootstrap_servers,
        "auth_public_key_file": signing_keys[1],
        "outbox_poll_interval_seconds": 0.2,
    }
    hub = create_hub(ReferralHubSettings(database_url=hub_db, person_key_secret="e2e", **common))
    marac = create_marac(MaracSettings(database_url=marac_db, **common))
    stack = Stack(
        broker=broker,
        hub="",
        marac="",
        reporting_settings=ReportingSettings(
            database_url=reporting_db,
            consumer_group="reporting-e2e",
            dashboard_secret="e2e-dashboard-secret-0123456789",
            **common,
        ),
    )
    try:
        async with UvicornServer(hub) as hub_server, UvicornServer(marac) as marac_server:
            stack.hub, stack.marac = hub_server.url, marac_server.url
            await start_reporting(stack)
            yield stack
            if stack.reporting is not None:
                await stack.reporting.stop()
    finally:
        for url in (hub_db, marac_db, reporting_db):
            await drop_database(url)
        broker.stop()


async def _import(client: httpx.AsyncClient, url: str, rows: list[dict], headers: dict) -> dict:
    body = "\n".join(json.dumps(row) for row in rows) + "\n"
    response = await client.post(url, content=body.encode(), headers={**headers, **NDJSON})
    assert response.status_code == 202, response.text
    base = httpx.URL(url)
    location = response.headers.get("location") or f"{base.path}/{response.json()['id']}"
    if location.startswith("/"):
        location = str(base.copy_with(path=location, query=None))

    async def finished() -> dict | None:
        job = (await client.get(location, headers=headers)).json()
        return job if job["status"] in ("completed", "failed") else None

    job = await eventually(finished, timeout=120, interval=0.3)
    assert job["status"] == "completed", job
    failed = job.get("rows_failed", job.get("failed_rows"))
    assert failed == 0, job
    return job


async def _figures(client: httpx.AsyncClient, headers: dict) -> dict[str, Any]:
    queries = {
        "referrals_area": ("/v1/stats/referrals", {"year": 2024, "group_by": "area"}),
        "referrals_risk": ("/v1/stats/referrals", {"year": 2024, "group_by": "risk_level"}),
        "providers": ("/v1/stats/providers", {"year": 2024}),
        "hate": ("/v1/stats/hate-crime", {"fy": "2023-24", "quarter": 3}),
        "hate_next": ("/v1/stats/hate-crime", {"fy": "2024-25", "quarter": 3}),
        "marac": ("/v1/stats/marac", {"year": 2023}),
        "safelives": ("/v1/returns/safelives", {"year": 2023}),
        "attendance": ("/v1/stats/attendance", {"year": 2023, "meeting_kind": "marac"}),
    }
    result = {}
    for name, (path, params) in queries.items():
        response = await client.get(path, params=params, headers=headers)
        assert response.status_code == 200, (path, response.text)
        result[name] = response.json()
    return result


def published(value: int | str, true: int, where: object) -> int:
    """A published count agrees with the true one: the number itself, or "suppressed"
    (a small count, or one that would let a small count be worked out). 1 if shown."""
    if isinstance(value, int):
        assert value == true, (where, value, true)
        return 1
    assert value == "suppressed", (where, value, true)
    return 0


def check_figures(figures: dict, truth: Truth, *, second_import: bool) -> None:
    # Referrals of 2024 by area (one area is small, and the next smallest hidden with it).
    by_area = figures["referrals_area"]
    assert by_area["referrals"] == sum(v for (y, _), v in truth.referrals.items() if y == 2024)
    assert by_area["previous_year_referrals"] == sum(
        v for (y, _), v in truth.referrals.items() if y == 2023
    )
    groups = by_area["groups"]
    assert groups["york"]["count"] == truth.referrals[(2024, "york")]
    assert groups["scarborough"]["count"] == truth.referrals[(2024, "scarborough")]
    assert groups["craven"]["count"] == "suppressed"
    assert groups["selby"]["count"] == "suppressed"
    risk = figures["referrals_risk"]["groups"]
    for level in ("high", "medium", "standard"):
        assert risk[level]["count"] == truth.risk[(2024, level)], level
    # Routes made in 2024.
    idas = figures["providers"]["providers"]["idas"]["services"]
    assert (
        idas["idas_community_support"]["received"] == truth.routes[(2024, "idas_community_support")]
    )
    assert (
        idas["idas_target_hardening"]["received"] == truth.routes[(2024, "idas_target_hardening")]
    )
    foundation = figures["providers"]["providers"]["foundation"]["services"]
    assert (
        foundation["foundation_plus_choices"]["received"]
        == truth.routes[(2024, "foundation_plus_choices")]
    )
    # Hate crime, Q3 2023/24 against Q3 2022/23.
    hate = figures["hate"]
    assert hate["crimes"] == truth.crimes[(2023, "crimes")]
    assert hate["previous_year_crimes"] == truth.crimes[(2022, "crimes")]
    expected_change = round(
        100
        * (truth.crimes[(2023, "crimes")] - truth.crimes[(2022, "crimes")])
        / truth.crimes[(2022, "crimes")],
        1,
    )
    assert hate["change_pct"] == expected_change
    assert hate["against_officers"] == truth.crimes[(2023, "officers")]
    assert hate["by_strand"]["race"]["count"] == truth.crimes[(2023, "strand:race")]
    assert hate["by_strand"]["race"]["share_pct"] == round(
        100 * truth.crimes[(2023, "strand:race")] / truth.crimes[(2023, "crimes")], 1
    )
    for hour in (1, 2, 3, 14, 20):
        assert hate["by_hour"][str(hour)] == truth.crimes[(2023, f"hour:{hour}")], hour
    assert hate["by_hour"]["5"] == 0
    assert hate["non_crime_incidents"] == "suppressed"
    if second_import:
        assert figures["hate_next"]["crimes"] == truth.crimes[(2024, "crimes")]
        assert figures["hate_next"]["previous_year_crimes"] == truth.crimes[(2023, "crimes")]
    # MARAC cases heard in 2023 against 2022.
    marac = figures["marac"]
    total = sum(truth.cases[(2023, a, "cases")] for a in MARAC_AREAS)
    before = sum(truth.cases[(2022, a, "cases")] for a in MARAC_AREAS)
    assert marac["cases"] == total
    assert marac["previous_year_cases"] == before
    assert marac["change_pct"] == round(100 * (total - before) / before, 1)
    repeats = sum(truth.cases[(2023, a, "repeat")] for a in MARAC_AREAS)
    # The repeats are the first cases of each area's year: hidden if a quarter's few would
    # otherwise follow from the year's and the other quarters'.
    if published(marac["repeat_cases"], repeats, "repeat cases"):
        assert marac["repeat_pct"] == round(100 * repeats / total, 1)
    else:
        assert marac["repeat_pct"] is None
    # Selby's few cases a quarter are protected with another area's quarters, which hides
    # that area's year too; the others are shown.
    areas_shown = 0
    for area in MARAC_AREAS:
        cases = truth.cases[(2023, area, "cases")]
        if published(marac["by_area"][area]["cases"], cases, area):
            areas_shown += 1
            assert marac["by_area"][area]["share_pct"] == round(100 * cases / total, 1), area
    assert areas_shown >= 1
    assert marac["by_area"]["harrogate-craven"]["cases"] == 0
    # The SafeLives return for 2023.
    rows = {row["marac_area"]: row for row in figures["safelives"]["rows"]}
    shown = 0
    for area in MARAC_AREAS:
        row = rows[area]
        for measure, what in (
            ("cases_discussed", "cases"),
            ("repeat_cases", "repeat"),
            ("partner_referrals", "partner"),
            ("children_in_households", "children"),
            ("victims_minoritised", "minoritised"),
        ):
            shown += published(row[measure], truth.cases[(2023, area, what)], (area, measure))
    # A dozen to forty cases a year per area, a handful a quarter: the figures every
    # quarter can also be asked for hide most areas' measures for the year.
    assert shown >= 2
    assert (
        rows["scarborough-ryedale"]["cases_discussed"]
        == truth.cases[(2023, "scarborough-ryedale", "cases")]
    )
    # Attendance at the 2023 meetings.
    agencies = figures["attendance"]["by_agency"]
    for agency in AGENCIES:
        for status in ("present", "absent", "apologies"):
            assert agencies[agency][status] == truth.attendance[(2023, agency, status)], (
                agency,
                status,
            )


async def test_reporting_figures_from_the_import_apis(
    reporting_e2e_stack: Stack, mint: Callable[..., str]
) -> None:
    stack = reporting_e2e_stack
    truth = Truth()
    police = "north-yorkshire-police"
    hub_import = {"Authorization": f"Bearer {mint(agency=police, scopes=['referrals:import'])}"}
    marac_token = mint(agency=police, scopes=["marac:import", "admin"])
    marac_import = {"Authorization": f"Bearer {marac_token}"}
    reader = {"Authorization": f"Bearer {mint(agency='pfcc', scopes=['reports:read', 'admin'])}"}
    async with httpx.AsyncClient(timeout=60, event_hooks=KEYED_POSTS) as client:
        # referral-hub: referrals of May 2023 and May 2024, hate crimes of two Q3s.
        plan_2024 = {
            "york": (8, 7, 6),
            "scarborough": (4, 4, 4),
            "selby": (2, 2, 3),
            "craven": (1, 1, 1),
        }
        plan_2023 = {"york": (5, 5, 5)}
        await _import(
            client,
            f"{stack.hub}/v1/imports/referrals",
            referral_rows(truth, 2023, plan_2023) + referral_rows(truth, 2024, plan_2024),
            hub_import,
        )
        await _import(
            client,
            f"{stack.hub}/v1/imports/hate-reports",
            hate_rows(truth, 2022, 30) + hate_rows(truth, 2023, 41),
            hub_import,
        )
        # marac: the meetings of 2022 and 2023 with attendance, then the cases heard.
        await _import(
            client,
            f"{stack.marac}/v1/imports/meetings",
            meeting_rows(truth, 2022) + meeting_rows(truth, 2023),
            marac_import,
        )
        await _import(
            client,
            f"{stack.marac}/v1/imports/cases",
            case_rows(
                truth, 2022, {"york": (25, 6), "selby": (10, 2), "scarborough-ryedale": (38, 11)}
            )
            + case_rows(
                truth, 2023, {"york": (30, 9), "selby": (12, 5), "scarborough-ryedale": (40, 12)}
            ),
            marac_import,
        )
        assert stack.reporting is not None

        first = await _settle(stack, reader, truth, second=False, timeout=120)

        # The consumer crashes in the middle of a second import; a new instance finishes.
        crash = asyncio.create_task(
            _import(
                client,
                f"{stack.hub}/v1/imports/hate-reports",
                hate_rows(truth, 2024, 35, prefix="E2E2"),
                hub_import,
            )
        )
        await asyncio.sleep(0.5)
        await _crash(stack)
        await crash
        await start_reporting(stack)
        after_crash = await _settle(stack, reader, truth, second=True, timeout=180)
        for name in (
            "referrals_area",
            "referrals_risk",
            "providers",
            "hate",
            "marac",
            "safelives",
            "attendance",
        ):
            assert after_crash[name] == first[name], name

        # A rebuild from offset zero gives the same figures.
        rebuild_client = httpx.AsyncClient(base_url=stack.reporting.url, timeout=60)
        async with rebuild_client:
            response = await rebuild_client.post("/v1/admin/rebuilds", headers=reader)
            assert response.status_code == 202, response.text
            location = response.headers["location"]

            async def rebuilt() -> dict | None:
                job = (await rebuild_client.get(location, headers=reader)).json()
                return job if job["status"] != "running" else None

            job = await eventually(rebuilt, timeout=180, interval=0.5)
            assert job["status"] == "completed", job
            assert job["events_read"] >= job["events_total"] > 0
            rebuilt_figures = await _figures(rebuild_client, reader)
        check_figures(rebuilt_figures, truth, second_import=True)
        assert rebuilt_figures == after_crash


async def _settle(
    stack: Stack, headers: dict, truth: Truth, *, second: bool, timeout: float
) -> dict:
    """The figures once they match the truth; else the first mismatch, as the failure."""
    try:
        return await eventually(
            _with_client(stack, headers, truth, second=second), timeout=timeout, interval=1
        )
    except AssertionError:
        assert stack.reporting is not None
        async with httpx.AsyncClient(base_url=stack.reporting.url, timeout=60) as client:
            figures = await _figures(client, headers)
        check_figures(figures, truth, second_import=second)
        raise


def _with_client(stack: Stack, headers: dict, truth: Truth, *, second: bool):  # type: ignore[no-untyped-def]
    async def check() -> dict | None:
        assert stack.reporting is not None
        async with httpx.AsyncClient(base_url=stack.reporting.url, timeout=60) as client:
            figures = await _figures(client, headers)
        try:
            check_figures(figures, truth, second_import=second)
        except (AssertionError, KeyError, TypeError):
            return None
        return figures

    return check


async def _crash(stack: Stack) -> None:
    """Kill reporting mid-flight: the consumer task is cancelled wherever it is (a
    transaction in progress rolls back, its offsets are not committed), then the server
    goes without a clean shutdown of the consumer."""
    server = stack.reporting
    assert server is not None
    app = server.server.config.app
    for task in asyncio.all_tasks():
        if task.get_name() == stack.reporting_settings.consumer_group:
            task.cancel()
    server.server.should_exit = True
    await server.stop()
    stack.reporting = None
    _ = app

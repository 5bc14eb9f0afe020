"""The demo: the seed report's figures, generated deterministically, loaded over HTTP."""

from collections import Counter
from datetime import date

import httpx

from csp_devtools.demo.marac import generate, load
from marac.settings import partnership_areas

AREAS = {area: config.model_dump(mode="json") for area, config in partnership_areas().items()}
MARAC_OF = {
    "scarborough": "scarborough-ryedale",
    "ryedale": "scarborough-ryedale",
    "harrogate": "harrogate-craven",
    "craven": "harrogate-craven",
    "york": "york",
    "hambleton": "hambleton-richmondshire",
    "richmondshire": "hambleton-richmondshire",
    "selby": "selby",
}


def test_the_demo_has_the_seed_reports_figures() -> None:
    data = generate(AREAS, today=date(2026, 1, 1))
    held_on = {m["source_reference"]: m["held_on"] for m in data.meetings}
    by_year = Counter(held_on[c["meeting_reference"]][:4] for c in data.cases)
    assert (by_year["2022"], by_year["2023"]) == (1921, 1998)
    assert round((by_year["2023"] / by_year["2022"] - 1) * 100) == 4
    heard_2023 = [c for c in data.cases if held_on[c["meeting_reference"]].startswith("2023")]
    shares = Counter(MARAC_OF[c["area"]] for c in heard_2023)
    assert {
        a: round(100 * shares[a] / 1998)
        for a in ("scarborough-ryedale", "harrogate-craven", "york")
    } == {
        "scarborough-ryedale": 27,
        "harrogate-craven": 24,
        "york": 23,
    }
    assert 0.27 <= sum(c["repeat"] for c in data.cases) / len(data.cases) <= 0.33
    partner = sum(c["referring_agency"] != "north-yorkshire-police" for c in data.cases) / len(
        data.cases
    )
    assert 0.33 <= partner <= 0.39
    marac_meetings = [m for m in data.meetings if m["kind"] == "marac" and m["area"] == "york"]
    assert 26 <= sum(m["held_on"].startswith("2023") for m in marac_meetings) <= 27
    assert generate(AREAS, today=date(2026, 1, 1)).cases == data.cases  # deterministic


def test_the_demos_matac_nominations_are_of_its_history() -> None:
    data = generate(AREAS, today=date(2026, 1, 1))
    years = Counter(
        "2022-23" if body["nominated_on"] < "2023-04-01" else "2023-24"
        for _, body in data.nominations
    )
    assert set(years) == {"2022-23", "2023-24"} and years["2023-24"] >= 5 * len(AREAS)
    assert all(
        "2022-04-01" <= body["nominated_on"] <= body.get("exited_on", "2024-02-29") <= "2024-02-29"
        for _, body in data.nominations
    )
    q3 = Counter(
        body["area"]
        for _, body in data.nominations
        if "2023-10-01" <= body["nominated_on"] <= "2023-12-31"
    )
    assert set(q3) == set(AREAS) and min(q3.values()) >= 5, q3  # above the suppression
    references = [reference for reference, _ in data.nominations]
    assert len(set(references)) == len(references)
    # each subject's police incidents come before the nomination, against two victims or more
    incidents: dict[str, list[dict]] = {}
    for incident in data.incidents:
        incidents.setdefault(incident["subject_id"], []).append(incident)
    for _, body in data.nominations:
        own = incidents[body["subject_id"]]
        assert all(i["occurred_on"] < body["nominated_on"] for i in own)
        assert len({i["victim_id"] for i in own}) >= 2
        assert all(
            body["nominated_on"] <= i["started_on"] <= body.get("exited_on", "2024-02-29")
            for i in body["interventions"]
        )
    assert generate(AREAS, today=date(2026, 6, 1)).nominations == data.nominations


async def test_the_demo_loads_through_the_import_api(marac_server, mint) -> None:  # type: ignore[no-untyped-def]
    jobs = await load(marac_server.url, mint, scale=0.02, timeout=120)
    assert all(job["status"] == "completed" and job["rows_failed"] == 0 for job in jobs.values()), (
        jobs
    )
    assert (
        jobs["cases"]["rows_imported"] + jobs["cases"]["rows_skipped"]
        == jobs["cases"]["rows_total"]
    )
    again = await load(marac_server.url, mint, scale=0.02, timeout=120)
    assert again["cases"]["rows_imported"] == 0 and again["meetings"]["rows_imported"] == 0
    # the MATAC history: recorded once, a second load's answers are the first again
    assert jobs["nominations"]["rows_imported"] == jobs["nominations"]["rows_total"] >= 10
    assert again["nominations"] == jobs["nominations"] | {
        "rows_imported": 0,
        "rows_skipped": jobs["nominations"]["rows_total"],
    }
    admin = {"Authorization": f"Bearer {mint(agency='pfcc', scopes=['marac:coordinate', 'admin'])}"}
    async with httpx.AsyncClient(base_url=marac_server.url) as client:
        listed = (await client.get("/v1/matac/nominations?limit=500", headers=admin)).json()
    assert len(listed["items"]) == jobs["nominations"]["rows_total"]
    assert all("2022-04-01" <= n["nominated_on"] <= "2024-02-29" for n in listed["items"])
    assert any(n["serial_perpetrator"] and n["meeting_id"] for n in listed["items"])

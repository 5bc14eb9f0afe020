"""The demo: the seed report's figures, generated deterministically, loaded over HTTP."""

from collections import Counter
from datetime import date

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

"""The embedded local default: the same flows on SQLite (make run uses it)."""

from collections.abc import Callable
from datetime import date
from pathlib import Path

import httpx

from csp_common import clock
from dhr_tracker.app import create_app


async def test_a_review_lives_its_life_on_sqlite(
    tmp_path: Path, dhr_settings_factory: Callable, dhr_auth: Callable[..., dict[str, str]]
) -> None:
    app = create_app(
        dhr_settings_factory(
            database_url=f"sqlite+aiosqlite:///{tmp_path}/dhr.db", kafka_enabled=False
        )
    )
    headers = dhr_auth(purpose="sqlite check")
    body = {
        "area": "selby",
        "notified_on": "2024-01-31",
        "notifying_agency": "north-yorkshire-police",
        "date_of_death": "2024-01-20",
        "circumstances": "other",
        "victim": {"age_band": "65_plus", "gender": "male", "ethnicity": "white"},
    }
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://dhr", headers=headers
        ) as client:
            with clock.frozen(clock.at_noon(date(2024, 3, 5))):
                first = (await client.post("/v1/reviews", json=body)).json()
                second = (await client.post("/v1/reviews", json=body)).json()
                assert (first["reference"], second["reference"]) == ("DHR-2024-01", "DHR-2024-02")
                url = f"/v1/reviews/{first['id']}"
                assert (
                    await client.post(
                        f"{url}/transitions", json={"to": "scoping", "on": "2024-02-01"}
                    )
                ).is_success
                paused = await client.post(
                    f"{url}/pauses", json={"reason": "inquest", "paused_on": "2024-02-02"}
                )
                assert paused.status_code == 201
                overdue = (await client.get("/v1/reviews?overdue=true")).json()["items"]
                assert {item["id"] for item in overdue} == {first["id"], second["id"]}
                put = await client.put(
                    f"{url}/sealed-identity",
                    json={"people": [{"role": "victim", "names": ["John Roe"]}]},
                )
                assert put.status_code == 200
                checked = await client.post(
                    "/v1/anonymisation-checks",
                    data={"review_id": first["id"]},
                    files={"file": ("d.txt", b"We met JOHN ROE.", "text/plain")},
                )
                assert checked.json()["mention_count"] == 1

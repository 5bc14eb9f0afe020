"""Loading the demo into a running dhr-tracker: the reviews and recommendations through
the import API (idempotent by source reference), the training plan through its API."""

import asyncio
import copy
import json
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx

from csp_devtools.demo.context import DemoContext

DATA = Path(__file__).with_name("north_yorkshire.json")
RECENT = {"NY-DHR-2022-01": 20, "NY-DHR-2024-01": 10}
"""Review -> days before the day of loading of its last move."""
DATE_FIELDS = {
    "notified_on", "date_of_death", "on", "home_office_told_on", "letter_on",
    "made_on", "due_on", "status_on", "completed_on",
}  # fmt: skip


def _shift(value: Any, days: int) -> Any:
    if isinstance(value, dict):
        return {
            key: (
                (date.fromisoformat(item) + timedelta(days=days)).isoformat()
                if key in DATE_FIELDS and isinstance(item, str)
                else _shift(item, days)
            )
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_shift(item, days) for item in value]
    return value


def demo_data(today: date) -> dict[str, Any]:
    """The demo's rows, the recent reviews (and their recommendations) dated from `today`."""
    data = copy.deepcopy(json.loads(DATA.read_text()))
    shifts: dict[str, int] = {}
    for index, review in enumerate(data["reviews"]):
        days_before = RECENT.get(review["source_reference"])
        if days_before is None:
            continue
        last = date.fromisoformat(review["moves"][-1]["on"])
        shifts[review["source_reference"]] = (today - timedelta(days=days_before) - last).days
        data["reviews"][index] = _shift(review, shifts[review["source_reference"]])
    data["recommendations"] = [
        _shift(row, shifts[row["review"]]) if row["review"] in shifts else row
        for row in data["recommendations"]
    ]
    return data


async def _import(
    client: httpx.AsyncClient, headers: dict[str, str], kind: str, rows: list, timeout: float
) -> dict[str, Any]:
    body = "".join(json.dumps(row) + "\n" for row in rows).encode()
    response = await client.post(
        f"/v1/imports/{kind}",
        content=body,
        headers={**headers, "Content-Type": "application/x-ndjson", "X-Purpose": "demo data"},
    )
    response.raise_for_status()
    location = response.headers["location"]
    deadline = asyncio.get_running_loop().time() + timeout
    while asyncio.get_running_loop().time() < deadline:
        job = (await client.get(location, headers=headers)).json()
        if job["status"] in ("completed", "failed"):
            return job
        await asyncio.sleep(0.2)
    raise TimeoutError(f"the {kind} import did not finish in {timeout}s")


async def _training(client: httpx.AsyncClient, headers: dict[str, str], items: list) -> int:
    """Training plan items not there yet (by theme and title), with their sessions."""
    made = 0
    for item in items:
        existing = await client.get(
            "/v1/learning/training-items", params={"theme": item["theme"]}, headers=headers
        )
        existing.raise_for_status()
        if any(known["title"] == item["title"] for known in existing.json()):
            continue
        body = {key: value for key, value in item.items() if key != "sessions"}
        created = await client.post("/v1/learning/training-items", json=body, headers=headers)
        created.raise_for_status()
        for session in item["sessions"]:
            delivered = await client.post(
                f"/v1/learning/training-items/{created.json()['id']}/sessions",
                json=session,
                headers=headers,
            )
            delivered.raise_for_status()
        made += 1
    return made


async def load(
    base_url: str,
    mint_token: Callable[..., str],
    *,
    today: date | None = None,
    timeout: float = 120,
) -> dict[str, Any]:
    """Load the demo into the dhr-tracker at `base_url`; the finished import jobs by kind
    and how many training items were added."""
    data = demo_data(today or date.today())
    token = mint_token(agency="north-yorkshire-council", scopes=["dhr:manage"], ttl=3600)
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=base_url, timeout=60) as client:
        jobs: dict[str, Any] = {
            kind: await _import(client, headers, kind, data[kind], timeout)
            for kind in ("reviews", "recommendations")
        }
        jobs["training_items_added"] = await _training(client, headers, data["training"])
    return jobs


async def load_demo(context: DemoContext) -> None:
    await load(context.urls["dhr-tracker"], context.mint_token)

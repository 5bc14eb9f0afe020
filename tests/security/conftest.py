"""Every installed service in process on a PostgreSQL database of its own (no broker:
the matrix is about who may call what), and tokens for the parties of the matrix."""

import asyncio
import contextlib
import json
import uuid
from collections.abc import AsyncIterator, Callable
from datetime import date, timedelta
from pathlib import Path

import httpx
import pytest

from csp_devtools.kits.auth.parties import BODIES, OWNER
from csp_devtools.kits.auth.records import Principal, Records
from csp_devtools.testing.idempotency import KEYED_POSTS
from csp_devtools.testing.infra import create_database, drop_database
from csp_devtools.testing.platform import installed_services


@pytest.fixture(scope="session")
async def security_clients(
    signing_keys: tuple[Path, Path],
) -> AsyncIterator[dict[str, httpx.AsyncClient]]:
    clients: dict[str, httpx.AsyncClient] = {}
    async with contextlib.AsyncExitStack() as stack:
        for service in installed_services():
            url = await create_database(f"csp_security_{service.name.replace('-', '_')}")
            stack.push_async_callback(drop_database, url)
            app = service.app(
                database_url=url, auth_public_key_file=signing_keys[1], kafka_enabled=False
            )
            await stack.enter_async_context(app.router.lifespan_context(app))
            transport = httpx.ASGITransport(app=app)
            clients[service.name] = await stack.enter_async_context(
                httpx.AsyncClient(
                    transport=transport,
                    base_url=f"http://{service.name}",
                    timeout=60,
                    event_hooks=KEYED_POSTS,
                )
            )
        yield clients


@pytest.fixture(scope="session")
def headers_for(mint: Callable[..., str]) -> Callable[[Principal], dict[str, str]]:
    def headers(principal: Principal) -> dict[str, str]:
        token = mint(agency=principal.agency, scopes=list(principal.scopes), area=principal.area)
        return {"Authorization": f"Bearer {token}"}

    return headers


@pytest.fixture(scope="session")
def security_records(
    security_clients: dict[str, httpx.AsyncClient],
    headers_for: Callable[[Principal], dict[str, str]],
) -> dict[str, Records]:
    """Records the owner made, per service, shared by the session's tests."""
    return {
        name: Records(client, headers_for(OWNER), BODIES)
        for name, client in security_clients.items()
    }


def _ndjson(rows: list[dict[str, object]]) -> bytes:
    return "".join(json.dumps(row) + "\n" for row in rows).encode()


async def _import(
    client: httpx.AsyncClient, headers: dict[str, str], kind: str, rows: list
) -> None:  # type: ignore[type-arg]
    response = await client.post(
        f"/v1/imports/{kind}",
        content=_ndjson(rows),
        headers={**headers, "Content-Type": "application/x-ndjson"},
    )
    assert response.status_code == 202, response.text
    job = response.json()
    while job["status"] not in ("completed", "failed"):
        await asyncio.sleep(0.1)
        job = (await client.get(f"/v1/imports/{job['id']}", headers=headers)).json()
    assert job["status"] == "completed" and job["rows_failed"] == 0, job


@pytest.fixture(scope="session")
async def marac_history(
    security_clients: dict[str, httpx.AsyncClient],
    headers_for: Callable[[Principal], dict[str, str]],
) -> None:
    """What no link can make, because it takes meetings that have been held: York
    MARACs that health missed (an escalation), and yesterday's Selby MARAC recorded
    with a case heard and an action agreed."""
    client, headers = security_clients["marac"], headers_for(OWNER)
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    present = {"north-yorkshire-police": "present", "idas": "present"}
    await _import(
        client,
        headers,
        "meetings",
        [
            {
                "source_reference": f"SEC-YORK-{held_on}",
                "area": "york",
                "held_on": held_on,
                "attendance": {**present, "health": "absent"},
            }
            for held_on in ("2023-01-05", "2023-01-19", "2023-02-02", "2023-02-16")
        ]
        + [
            {
                "source_reference": "SEC-SELBY",
                "area": "selby",
                "held_on": yesterday,
                "status": "scheduled",
            }
        ],
    )
    await _import(
        client,
        headers,
        "cases",
        [
            {
                "source_reference": "SEC-SELBY-CASE",
                "area": "selby",
                "victim_id": str(uuid.uuid4()),
                "referred_on": yesterday,
                "referring_agency": "north-yorkshire-police",
                "criteria": ["professional_judgement"],
                "children_in_household": 0,
                "victim_age_band": "25_34",
                "victim_gender": "female",
                "victim_ethnicity": "white",
                "meeting_reference": "SEC-SELBY",
                "status": "listed",
            }
        ],
    )
    meetings = (
        await client.get(
            "/v1/meetings", params={"area": "selby", "from": yesterday}, headers=headers
        )
    ).json()["items"]
    meeting = next(m for m in meetings if m["held_on"] == yesterday)
    listed = (await client.get(f"/v1/meetings/{meeting['id']}/case-list", headers=headers)).json()
    record = {
        "chair_agency": "north-yorkshire-police",
        "confidentiality_statement_read": True,
        "attendance": [{"agency": agency, "status": status} for agency, status in present.items()],
        "cases": [
            {
                "case_id": listed["cases"][0]["id"],
                "actions": [
                    {
                        "description": "Flag the address for urgent response.",
                        "owner_agency": "north-yorkshire-police",
                        "due_on": (date.today() + timedelta(days=14)).isoformat(),
                    }
                ],
            }
        ],
        "outstanding_actions": [],
    }
    response = await client.put(
        f"/v1/meetings/{meeting['id']}/record", json=record, headers=headers
    )
    assert response.status_code == 200, response.text

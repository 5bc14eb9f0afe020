"""Fuzz every operation of the OpenAPI document: no input may produce a 500."""

import asyncio
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from csp_common.sealing import new_key
from csp_devtools.testing.infra import (
    create_database,
    drop_database,
    openapi_document,
    server_in_thread,
)
from dhr_tracker.app import create_app
from dhr_tracker.settings import DhrSettings

SCOPES = ["dhr:manage", "dhr:read", "dhr:contribute"]


@pytest.fixture(scope="module")
def dhr_fuzz_url(signing_keys: tuple[Path, Path]) -> Iterator[str]:
    """dhr-tracker on a database of its own, as a real server in a thread."""
    url = asyncio.run(create_database("csp_dhr_fuzz"))
    app = create_app(
        DhrSettings(
            database_url=url,
            kafka_enabled=False,
            auth_public_key_file=signing_keys[1],
            sealed_keys={"k1": new_key()},
            sealed_active_key="k1",
            deadline_check_seconds=0.2,
        )
    )
    with server_in_thread(app) as server_url:
        yield server_url
    asyncio.run(drop_database(url))


@pytest.fixture(scope="module")
def seeded(dhr_fuzz_url: str, mint: Callable[..., str]) -> dict[str, str]:
    """A review with a pause, a contribution, a sealed identity, a recommendation with an
    action and a training plan item, so fuzzed requests reach the code behind the 404 of
    an unknown id."""
    headers = {
        "Authorization": f"Bearer {mint(agency='north-yorkshire-council', scopes=SCOPES)}",
        "X-Purpose": "fuzzing",
    }
    with httpx.Client(base_url=dhr_fuzz_url, headers=headers, timeout=30) as client:
        review = client.post(
            "/v1/reviews",
            json={
                "area": "scarborough",
                "notified_on": "2024-01-31",
                "notifying_agency": "north-yorkshire-police",
                "date_of_death": "2024-01-20",
                "circumstances": "homicide",
                "victim": {"age_band": "35_44", "gender": "female", "ethnicity": "white"},
            },
        ).json()["id"]
        pause = client.post(
            f"/v1/reviews/{review}/pauses", json={"reason": "inquest", "paused_on": "2024-02-01"}
        ).json()["id"]
        contribution = client.post(
            f"/v1/reviews/{review}/contributions",
            json={"agency": "health", "requested_on": "2024-02-01", "due_on": "2024-03-01"},
        ).json()["id"]
        client.put(
            f"/v1/reviews/{review}/sealed-identity",
            json={"people": [{"role": "victim", "names": ["Jane Doe"]}]},
        ).raise_for_status()
        recommendation = client.post(
            f"/v1/reviews/{review}/recommendations",
            json={
                "theme": "risk_assessment",
                "owner_agency": "health",
                "text": "Use the risk checklist.",
                "made_on": "2024-02-01",
                "actions": [
                    {"description": "Train.", "owner_agency": "health", "due_on": "2024-06-01"}
                ],
            },
        ).json()
        item = client.post(
            "/v1/learning/training-items",
            json={
                "theme": "risk_assessment",
                "area": "scarborough",
                "title": "Risk checklist",
                "owner_agency": "idas",
            },
        ).json()["id"]
    return {
        "review_id": review,
        "pause_id": pause,
        "contribution_id": contribution,
        "recommendation_id": recommendation["id"],
        "action_id": recommendation["actions"][0]["id"],
        "item_id": item,
    }


schema = schemathesis.openapi.from_dict(openapi_document(create_app, DhrSettings))


@schema.parametrize()
@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_no_input_produces_a_server_error(
    case: Any, dhr_fuzz_url: str, seeded: dict[str, str], mint: Callable[..., str]
) -> None:
    for name in case.path_parameters or {}:
        if name in seeded:
            case.path_parameters[name] = seeded[name]
    token = mint(agency="north-yorkshire-council", scopes=SCOPES)
    case.headers = {
        **(case.headers or {}),
        "Authorization": f"Bearer {token}",
        "X-Purpose": "fuzzing",
    }
    response = case.call(base_url=dhr_fuzz_url, timeout=30)
    case.validate_response(response, checks=[not_a_server_error])

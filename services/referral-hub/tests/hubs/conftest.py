"""Fixtures of the hubs' tests: callers by role, case bodies, and a case opened."""

import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from csp_common.dependencies import get_partnership
from csp_common.partnership import Partnership, load_partnership

POLICE = "north-yorkshire-police"
COUNCIL = "north-yorkshire-council"
YORK_COUNCIL = "city-of-york-council"
STAFF_SCOPES = ("hubs:write", "hubs:read")


@pytest.fixture
def staff(hub_headers: Callable[..., dict[str, str]]) -> Callable[..., dict[str, str]]:
    """staff(hub="scarborough", agency=COUNCIL, scopes=...) -> a hub officer's headers."""

    def headers(
        hub: str = "scarborough", agency: str = COUNCIL, scopes: tuple[str, ...] = STAFF_SCOPES
    ) -> dict[str, str]:
        return hub_headers(agency=agency, scopes=list(scopes), area=hub)

    return headers


@pytest.fixture
def partner(hub_headers: Callable[..., dict[str, str]]) -> Callable[..., dict[str, str]]:
    """partner(agency=POLICE) -> a partner agency's headers (no hub claim)."""

    def headers(agency: str = POLICE, scopes: tuple[str, ...] = STAFF_SCOPES) -> dict[str, str]:
        return hub_headers(agency=agency, scopes=list(scopes))

    return headers


def case_body(**overrides: Any) -> dict[str, Any]:
    unique = uuid.uuid4().hex[:8]
    body: dict[str, Any] = {
        "hub": "scarborough",
        "kind": "asb_personal",
        "reported_on": "2023-03-02",
        "opened_on": "2023-03-03",
        "location": {
            "kind": "address",
            "address_line": f"{unique} Harbour Row",
            "postcode": "YO11 1AA",
        },
        "people": [
            {
                "role": "victim",
                "given_name": f"Ann{unique}",
                "family_name": "Smith",
                "date_of_birth": "1961-04-12",
                "gender": "female",
            },
            {"role": "subject", "given_name": f"Rob{unique}", "family_name": "Jones"},
        ],
    }
    body.update(overrides)
    return body


@pytest.fixture
def make_case() -> Callable[..., dict[str, Any]]:
    return case_body


@pytest.fixture
def open_case(
    staff: Callable[..., dict[str, str]],
) -> Callable[..., Any]:
    """await open_case(client, headers=None, **body overrides) -> the 201 answer."""

    async def post(
        client: httpx.AsyncClient, headers: dict[str, str] | None = None, **overrides: Any
    ) -> dict[str, Any]:
        response = await client.post(
            "/v1/hub-cases", json=case_body(**overrides), headers=headers or staff()
        )
        assert response.status_code == 201, response.text
        return response.json()

    return post


@pytest.fixture
def configure(hub_app: FastAPI) -> Iterator[Callable[..., Partnership]]:
    """configure(**case_review or hubs changes) -> the partnership the app then uses."""

    def change(*, case_review: dict[str, Any] | None = None, **hubs: Any) -> Partnership:
        base = load_partnership()
        data = base.hubs.model_dump()
        data.update(hubs)
        if case_review:
            data["case_review"] = data["case_review"] | case_review
        changed = base.model_copy(update={"hubs": type(base.hubs).model_validate(data)})

        async def partnership() -> Partnership:
            return changed

        hub_app.dependency_overrides[get_partnership] = partnership
        return changed

    yield change
    hub_app.dependency_overrides.pop(get_partnership, None)


@pytest.fixture
async def scarborough_case(
    hub_client: httpx.AsyncClient, open_case: Callable[..., Any]
) -> AsyncIterator[dict[str, Any]]:
    yield await open_case(hub_client)


@pytest.fixture
def query(hub_app: FastAPI) -> Callable[..., Any]:
    """await query(statement) -> rows, read inside the test's rolled-back transaction."""

    async def run(statement: Any) -> list[Any]:
        async with hub_app.state.session_factory() as session:
            return list((await session.execute(statement)).all())

    return run

"""A token for an agency the partnership does not know is refused with a clear 403,
unless it holds only the scopes the service grants to outside organisations."""

from collections.abc import Callable

import httpx
import pytest
from fastapi import FastAPI

from csp_common.partnership import load_partnership

SETTINGS = "/v1/entries/settings"


async def test_a_partnership_agency_is_accepted(
    kit_client: httpx.AsyncClient, auth_header: Callable[..., dict[str, str]]
) -> None:
    agency = load_partnership().agencies[0].code
    response = await kit_client.get(
        SETTINGS, headers=auth_header(agency=agency, scopes=["kit:write"])
    )
    assert response.status_code == 200, response.text


async def test_an_agency_the_partnership_does_not_know_is_refused(
    kit_client: httpx.AsyncClient, auth_header: Callable[..., dict[str, str]]
) -> None:
    assert load_partnership().agency("leeds-police") is None
    response = await kit_client.get(
        SETTINGS, headers=auth_header(agency="leeds-police", scopes=["kit:write"])
    )
    assert response.status_code == 403
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["type"].endswith("/unknown-agency")
    assert "'leeds-police'" in problem["detail"]
    assert load_partnership().name in problem["detail"]


async def test_outside_organisations_hold_only_their_own_scopes(
    kit_app: FastAPI,
    kit_client: httpx.AsyncClient,
    auth_header: Callable[..., dict[str, str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(kit_app.state, "outside_scopes", frozenset({"kit:write"}))
    applicant = auth_header(agency="whitby-boxing", scopes=["kit:write"])
    assert (await kit_client.get(SETTINGS, headers=applicant)).status_code == 200
    more = auth_header(agency="whitby-boxing", scopes=["kit:write", "kit:read"])
    response = await kit_client.get(SETTINGS, headers=more)
    assert response.status_code == 403
    assert response.json()["type"].endswith("/unknown-agency")

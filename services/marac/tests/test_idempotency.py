"""Idempotency-Key on the POSTs that create a record about a person: direct cases,
MATAC nominations (one, or the top of a ranking) and interventions. Without a key, 400
and nothing made; a retry with the key, the first answer; another body, 409."""

import uuid

import httpx
import pytest
from sqlalchemy import func, select

from csp_devtools.kits.marac import direct_referral
from marac.case.models import case_table

KEY = "Idempotency-Key"


async def _bare_post(app, path: str, body: dict, headers: dict) -> httpx.Response:  # type: ignore[no-untyped-def]
    """A POST from a client that sends no key (marac_client adds one to every POST)."""
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://marac") as bare:
        return await bare.post(path, json=body, headers=headers)


@pytest.mark.parametrize(
    ("role", "path", "body"),
    [
        ("refer", "/v1/cases", direct_referral()),
        ("refer", "/v1/matac/nominations", {"subject_id": str(uuid.uuid4()), "area": "selby"}),
        ("coordinator", "/v1/matac/nominations/from-ranking", {"area": "selby", "top": 1}),
    ],
)
async def test_a_creating_post_without_a_key_is_400(  # type: ignore[no-untyped-def]
    marac_app, marac_auth, role: str, path: str, body: dict
) -> None:
    refused = await _bare_post(marac_app, path, body, marac_auth(role, area="selby"))
    assert refused.status_code == 400, refused.text
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["type"].endswith("/idempotency-key-required")


async def test_a_direct_case_without_a_key_makes_no_case(marac_app, marac_auth) -> None:  # type: ignore[no-untyped-def]
    body = direct_referral()
    await _bare_post(marac_app, "/v1/cases", body, marac_auth("refer"))
    async with marac_app.state.session_factory() as session:
        cases = await session.scalar(
            select(func.count())
            .select_from(case_table)
            .where(case_table.c.victim_id == body["victim_id"])
        )
    assert cases == 0


async def test_a_retried_direct_case_is_the_first_case(marac_client, marac_auth) -> None:  # type: ignore[no-untyped-def]
    body = direct_referral()
    headers = marac_auth("refer") | {KEY: f"case-{uuid.uuid4()}"}
    first = await marac_client.post("/v1/cases", json=body, headers=headers)
    again = await marac_client.post("/v1/cases", json=body, headers=headers)
    assert first.status_code == again.status_code == 201, first.text
    assert again.json() == first.json()
    assert again.headers["idempotent-replayed"] == "true"
    assert first.headers["location"] == f"/v1/cases/{first.json()['id']}"
    other = await marac_client.post("/v1/cases", json=direct_referral(score=20), headers=headers)
    assert other.status_code == 409
    assert other.json()["type"].endswith("/idempotency-key-reused")


async def test_a_retried_nomination_and_intervention_are_made_once(  # type: ignore[no-untyped-def]
    marac_client, marac_auth
) -> None:
    coordinator = marac_auth(area="selby")
    body = {"subject_id": str(uuid.uuid4()), "area": "selby"}
    keyed = coordinator | {KEY: f"nomination-{uuid.uuid4()}"}
    first = await marac_client.post("/v1/matac/nominations", json=body, headers=keyed)
    again = await marac_client.post("/v1/matac/nominations", json=body, headers=keyed)
    assert first.status_code == again.status_code == 201, first.text
    assert again.json() == first.json()  # not the 409 of a second nomination
    path = f"/v1/matac/nominations/{first.json()['id']}/interventions"
    intervention = {"kind": "support", "provider": "idas", "description": "Weekly contact"}
    keyed = coordinator | {KEY: f"intervention-{uuid.uuid4()}"}
    made = await marac_client.post(path, json=intervention, headers=keyed)
    retried = await marac_client.post(path, json=intervention, headers=keyed)
    assert made.status_code == retried.status_code == 201, made.text
    assert retried.json() == made.json()
    listed = (await marac_client.get(path, headers=coordinator)).json()
    assert [i["id"] for i in listed] == [made.json()["id"]]

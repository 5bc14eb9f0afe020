"""POST /v1/referrals over arbitrary Unicode names, numbers and nesting: what the body
model accepts is taken (201), what it refuses is a 4xx problem, nothing is a 5xx."""

import json
from collections.abc import Callable
from typing import Any

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from csp_devtools.kits.referral_hub import mutated, nesting_depths, valid_referral
from referral_hub.referral.schemas import ReferralIn

BASE = valid_referral()
PROPERTY = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
JSON = {"Content-Type": "application/json"}


def accepted(body: dict[str, Any]) -> ReferralIn | None:
    try:
        return ReferralIn.model_validate(body)
    except ValidationError:
        return None


@PROPERTY
@given(body=mutated(BASE))
async def test_intake_takes_what_is_valid_and_refuses_the_rest(
    hub_client: httpx.AsyncClient, hub_headers: Callable[..., dict[str, str]], body: dict[str, Any]
) -> None:
    content = json.dumps(body)  # lone surrogates travel escaped, NaN as NaN
    answer = await hub_client.post("/v1/referrals", content=content, headers=hub_headers() | JSON)
    assert answer.status_code < 500, answer.text
    expected = accepted(json.loads(content))
    if expected is None:
        assert answer.status_code in (400, 422), answer.text
        assert answer.headers["content-type"] == "application/problem+json"
        return
    assert answer.status_code == 201, answer.text
    made = answer.json()
    assert made["victim"]["given_name"] == expected.victim.given_name
    assert made["victim"]["family_name"] == expected.victim.family_name


@settings(PROPERTY, max_examples=30)
@given(depth=nesting_depths, where=st.sampled_from(["area", "victim", "dash", "consent"]))
async def test_deep_nesting_is_a_4xx(
    hub_client: httpx.AsyncClient,
    hub_headers: Callable[..., dict[str, str]],
    depth: int,
    where: str,
) -> None:
    content = json.dumps(BASE).replace(f'"{where}": ', f'"{where}": ' + "[" * depth, 1)
    answer = await hub_client.post("/v1/referrals", content=content, headers=hub_headers() | JSON)
    assert 400 <= answer.status_code < 500, answer.text
